import Foundation
import PolicyLint
import PolicyYAML
import XCTest

/// Every imported sentence is the original's wording: the bytes at its offsets in the original
/// file are the sentence (a line break inside it reads as one space), and the generated YAML
/// reads back to exactly the same text.
final class ImportRoundTripTests: XCTestCase {
    static let markdown = """
    ---
    title: Front matter is skipped
    ---
    # Tidewater Repairs — service terms

    Phones and tablets are repaired in our own workshop. Screens come from Pell & Sons Ltd. in the U.K.
    and arrive within 3.5 days on average (sometimes faster; e.g. in summer).

    ## 2. Repairs

    1. We quote a fixed price *before* any work starts.
    2. If the repair fails within 90 days, we fix it again at no cost. No. 7 of our **price list**
       applies to water damage.
    a) Keep your ticket.
    (b) Bring the device, the charger and the case.

    Warranty
    --------

    > Satisfaction guaranteed.
    > Parts are covered by the maker’s warranty; see [the list](https://repairs.example/parts) or `parts.txt`.

    | Part | Cover |
    |------|-------|
    | Battery | 12 months |

    ```
    Not text. Code is skipped.
    ```

    \\*Prices include V.A.T. at 20%. Café vouchers are not accepted… sorry!

    """

    static let plainText = """
    TIDEWATER REPAIRS\r
    \r
    Service terms, version 3\r
    \r
    1. Repairs\r
    \r
    We repair phones in our own workshop. Spare parts come\r
       from Pell & Sons Ltd. and take about 3 days.\r
    - Keep your ticket.\r
    - Bring the charger (if you have one).\r
    \r
    Refunds\r
    =======\r
    Unfixable devices are returned free of charge. All other sales are final.\r

    """

    static let html = """
    <!doctype html><html><head><title>Tidewater Repairs</title><style>.x{}</style></head><body>
    <h1>Service terms</h1>
    <p>Phones are repaired in our own workshop.
       Screens come from Pell and Sons.</p>
    <h2>Refunds</h2>
    <ul><li>Unfixable devices are <b>returned</b> free of charge.</li><li>Labour is charged at cost.<br>Parts are extra.</li></ul>
    <script>document.write("Not. Text.")</script>
    </body></html>
    """

    /// The bytes at the offsets, with line breaks read as spaces, are exactly the sentence.
    func assertExact(_ policy: ImportedPolicy, htmlWhitespace: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        let original = policy.source.bytes
        XCTAssertFalse(policy.terms.isEmpty, file: file, line: line)
        for term in policy.terms {
            let text = Array(term.text.utf8)
            XCTAssertEqual(term.textOffsets.count, text.count, term.id, file: file, line: line)
            XCTAssertEqual(term.textOffsets, term.textOffsets.sorted(), "\(term.id): offsets go forward", file: file, line: line)
            let mapped = term.textOffsets.map { original[$0] }.map { b -> UInt8 in
                b == 0x0A || b == 0x0D || (htmlWhitespace && (b == 0x09 || b == 0x20)) ? 0x20 : b
            }
            XCTAssertEqual(String(decoding: mapped, as: UTF8.self), term.text, term.id, file: file, line: line)
            if let title = term.title, let offsets = term.titleOffsets {
                XCTAssertEqual(String(decoding: offsets.map { original[$0] }, as: UTF8.self), title, file: file, line: line)
            }
        }
    }

    /// The YAML parses, is a clean policy/v1 document, and holds every sentence byte for byte.
    func assertYAMLReadsBack(_ policy: ImportedPolicy, file: StaticString = #filePath, line: UInt = #line) throws {
        let yaml = policy.yaml(from: "terms.md")
        let stream = try YAMLParser().parse(string: yaml)
        let root = try XCTUnwrap(stream.documents.first?.root, file: file, line: line)
        let items = try XCTUnwrap(root["terms"]?.items, file: file, line: line)
        XCTAssertEqual(items.count, policy.terms.count, file: file, line: line)
        for (item, term) in zip(items, policy.terms) {
            XCTAssertEqual(item["text"]?.scalar, term.text, file: file, line: line)
            XCTAssertEqual(item["id"]?.scalar, term.id, file: file, line: line)
            XCTAssertEqual(item["title"]?.scalar, term.title, file: file, line: line)
        }
        XCTAssertEqual(root["policy"]?["name"]?.scalar, policy.name, file: file, line: line)
        // The tree lint builds in memory is the tree the YAML parses to.
        XCTAssertEqual(root.json(), policy.root.json(), file: file, line: line)
        XCTAssertEqual(PolicyDocument(root: root, source: stream.source).schemaIssues.map(\.message), [], file: file, line: line)
        XCTAssertEqual(Set(items.compactMap { $0["id"]?.scalar }).count, items.count, "ids are unique", file: file, line: line)
    }

    func importing(_ text: String, _ format: ProseFormat, file: String = "terms") throws -> ImportedPolicy {
        try TermsImporter.importFile(bytes: Array(text.utf8), format: format, file: file)
    }

    func testMarkdownRoundTrip() throws {
        let p = try importing(Self.markdown, .markdown)
        assertExact(p)
        try assertYAMLReadsBack(p)
        XCTAssertEqual(p.terms.map(\.text), [
            "Phones and tablets are repaired in our own workshop.",
            "Screens come from Pell & Sons Ltd. in the U.K. and arrive within 3.5 days on average (sometimes faster; e.g. in summer).",
            "We quote a fixed price before any work starts.",
            "If the repair fails within 90 days, we fix it again at no cost.",
            "No. 7 of our price list applies to water damage.",
            "Keep your ticket.",
            "Bring the device, the charger and the case.",
            "Satisfaction guaranteed.",
            "Parts are covered by the maker’s warranty; see the list or parts.txt.",
            "Part", "Cover", "Battery", "12 months",
            "*Prices include V.A.T. at 20%.",
            "Café vouchers are not accepted… sorry!",
        ])
        XCTAssertEqual(p.name, "Front matter is skipped")
    }

    func testPlainTextRoundTripWithCRLF() throws {
        let p = try importing(Self.plainText, .text)
        assertExact(p)
        try assertYAMLReadsBack(p)
        XCTAssertEqual(p.terms.map(\.text), [
            "Service terms, version 3",
            "We repair phones in our own workshop.",
            "Spare parts come from Pell & Sons Ltd. and take about 3 days.",
            "Keep your ticket.",
            "Bring the charger (if you have one).",
            "Unfixable devices are returned free of charge.",
            "All other sales are final.",
        ])
        XCTAssertEqual(p.name, "TIDEWATER REPAIRS")
    }

    func testHTMLRoundTrip() throws {
        let p = try importing(Self.html, .html)
        assertExact(p, htmlWhitespace: true)
        try assertYAMLReadsBack(p)
        XCTAssertEqual(p.terms.map(\.text), [
            "Phones are repaired in our own workshop.",
            "Screens come from Pell and Sons.",
            "Unfixable devices are returned free of charge.",
            "Labour is charged at cost.",
            "Parts are extra.",
        ])
        XCTAssertEqual(p.name, "Tidewater Repairs")
    }

    func testEntitiesMapToTheirSpelling() throws {
        let source = "<p>We don&rsquo;t charge &amp; we don&#39;t ask.</p>"
        let p = try importing(source, .html)
        let term = try XCTUnwrap(p.terms.first)
        XCTAssertEqual(term.text, "We don\u{2019}t charge & we don't ask.")
        let bytes = Array(source.utf8)
        // The three bytes of ’ map to the entity's first and last byte; & to its '&'.
        let apostrophe = Array(term.text.utf8).firstIndex(of: 0xE2)!
        XCTAssertEqual(term.textOffsets[apostrophe], 9)
        XCTAssertEqual(bytes[term.textOffsets[apostrophe + 2]], UInt8(ascii: ";"))
        try assertYAMLReadsBack(p)
    }

    func testAwkwardCharactersSurviveTheYAML() throws {
        let text = "Quotes \"like this\", back\\slashes, tabs\there, # hashes: colons - and 'single' ones. Emoji 😀 and é stay.\n"
        let p = try importing(text, .text)
        assertExact(p)
        try assertYAMLReadsBack(p)
        XCTAssertEqual(p.terms.count, 2)
    }
}
