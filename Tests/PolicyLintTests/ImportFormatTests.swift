import Foundation
import PolicyLint
import PolicyYAML
import XCTest

/// What each format's extractor keeps (the words) and drops (the markup), and how sections,
/// titles and ids come out.
final class ImportFormatTests: XCTestCase {
    func importing(_ text: String, _ format: ProseFormat, file: String = "terms") throws -> ImportedPolicy {
        try TermsImporter.importFile(bytes: Array(text.utf8), format: format, file: file)
    }

    func texts(_ text: String, _ format: ProseFormat) throws -> [String] {
        try importing(text, format).terms.map(\.text)
    }

    func testMarkdownKeepsWordsAndDropsMarkup() throws {
        let md = """
        Intro with a [reference link][terms] and a [shortcut] link, ![a logo](logo.png) an image.

        ### Heading with closing hashes ###
        Text with `code span`, a snake_case_word, 5 * 3 = 15, a lone * star and <span class="x">inline HTML</span>.
        Escaped \\*stars\\* and an autolink <https://shop.example/help>.

        ~~~
        Fenced. Not text.
        ~~~

            indented code. Not text.

        <!--
        A comment. Not text.
        -->
        ***
        - Bullet one
          continued on the next line.
          - Nested bullet.
        + Plus bullet.
        * Star bullet with __strong__ and ~~struck~~ words.
        1) Numbered with a paren.
        iv. Roman numeral.
        Text after a footnote[^note] reference.

        [terms]: https://shop.example/terms
        [shortcut]: https://shop.example/short
        """
        XCTAssertEqual(try texts(md, .markdown), [
            "Intro with a reference link and a shortcut link, an image.",
            "Text with code span, a snake_case_word, 5 * 3 = 15, a lone * star and inline HTML.",
            "Escaped *stars* and an autolink https://shop.example/help.",
            "Bullet one continued on the next line.",
            "Nested bullet.",
            "Plus bullet.",
            "Star bullet with strong and struck words.",
            "Numbered with a paren.",
            "Roman numeral.",
            "Text after a footnote reference.",
        ])
    }

    func testMarkdownHeadingsMakeSections() throws {
        let md = """
        Opening words.

        Returns
        =======
        Returns are free.

        **Shipping times**

        Parcels leave daily. They arrive fast.

        ## Shipping times
        A second section with the same title.

        ## Closing remark
        """
        let p = try importing(md, .markdown, file: "docs/shop-terms.md")
        XCTAssertEqual(p.terms.map(\.id), ["intro-1", "returns-1", "shipping-times-1", "shipping-times-2", "shipping-times-2-1", "shipping-times-2-2"])
        XCTAssertEqual(p.terms.map(\.title), [nil, "Returns", "Shipping times", nil, "Shipping times", nil])
        // A last heading with nothing under it is text, not lost.
        XCTAssertEqual(p.terms.last?.text, "Closing remark")
        // No heading comes first: the name is the file's.
        XCTAssertEqual(p.name, "shop-terms")
    }

    func testPlainTextStructure() throws {
        let text = """
        BRAMBLE TEA ROOM
        Our rules for bookings and refunds.

        1. Bookings

        Tables are held for 15 minutes. After
        that, we may give the table away.

        Steps to cancel:
        1. Call us
        2. Give your name

        (a) Deposits are refunded in full.
        (b) Gift vouchers are not.
        ----------
        2.3 Large parties
        Groups of 8 or more pay a deposit.

        Bramble Tea Room Ltd
        """
        let p = try importing(text, .text)
        XCTAssertEqual(p.name, "BRAMBLE TEA ROOM")
        XCTAssertEqual(p.terms.map(\.text), [
            "Our rules for bookings and refunds.",
            "Tables are held for 15 minutes.",
            "After that, we may give the table away.",
            "Steps to cancel:",
            "Call us",
            "Give your name",
            "Deposits are refunded in full.",
            "Gift vouchers are not.",
            "Groups of 8 or more pay a deposit.",
            "Bramble Tea Room Ltd",
        ])
        XCTAssertEqual(p.terms.compactMap(\.title), ["BRAMBLE TEA ROOM", "1. Bookings", "2.3 Large parties"])
        XCTAssertEqual(p.terms.map(\.id).first, "bramble-tea-room-1")
        XCTAssertEqual(p.terms.map(\.id).last, "large-parties-2")
    }

    func testHTMLStructure() throws {
        let html = """
        <html><head><meta charset="utf-8"><title> Bramble &amp; Co </title>
        <script>if (a < b) { alert("Not. Text."); }</script><style>p{}</style></head>
        <body><nav><a href="/">Home</a></nav>
        <h2 class="x" data-note="a > b">Deposits</h2>
        <p>Deposits are refunded&nbsp;in full.<br/>Vouchers&#x20;are not &#8212; sorry.</p>
        <!-- Not text. -->
        <ol><li>Book <em>online</em>.</li><li>Pay at the door &unknown; today.</li></ol>
        <table><tr><th>Group</th><td>Deposit of €20.</td></tr></table>
        </body></html>
        """
        let p = try importing(html, .html)
        XCTAssertEqual(p.name, "Bramble & Co")
        XCTAssertEqual(p.terms.map(\.text), [
            "Home",
            "Deposits are refunded\u{A0}in full.",
            "Vouchers are not \u{2014} sorry.",
            "Book online.",
            "Pay at the door &unknown; today.",
            "Group",
            "Deposit of €20.",
        ])
        XCTAssertEqual(p.terms.map(\.id), ["intro-1", "deposits-1", "deposits-2", "deposits-3", "deposits-4", "deposits-5", "deposits-6"])
    }

    func testIdsAreStableWhenOtherSectionsChange() throws {
        let before = "## Refunds\nWe refund. Fast.\n\n## Delivery\nWe ship. Daily.\n"
        let after = "Welcome. Hello.\n\n## News\nSomething new.\n\n## Refunds\nWe refund. Fast.\n\n## Delivery\nWe ship. Daily.\n"
        let a = try importing(before, .markdown).terms, b = try importing(after, .markdown).terms
        let ids = { (terms: [ImportedTerm]) in Dictionary(uniqueKeysWithValues: terms.map { ($0.text, $0.id) }) }
        for (text, id) in ids(a) { XCTAssertEqual(ids(b)[text], id, text) }
        XCTAssertEqual(a.map(\.id), ["refunds-1", "refunds-2", "delivery-1", "delivery-2"])
    }

    func testSlugs() throws {
        let md = "## 5.1 Refunds & Returns\nA.\n\n## Section 7. Rückgabe für Kunden\nB.\n\n## (c) Über\nC.\n\n## ★★★\nD.\n\n## Intro\nE.\n"
        XCTAssertEqual(try importing(md, .markdown).terms.map(\.id),
                       ["refunds-returns-1", "ruckgabe-fur-kunden-1", "uber-1", "section-1", "intro-2-1"])
    }

    func testSourceMarksOfTheTree() throws {
        let p = try importing("# Ünïcödé title\n\nFirst one. Second one.\n", .markdown)
        let items = try XCTUnwrap(p.root["terms"]?.items)
        XCTAssertEqual(items.map { $0.start.description }, ["3:1", "3:12"])
        XCTAssertEqual(items.first?["title"]?.start.description, "1:3")
    }

    /// Random mixes of markup, words, punctuation and odd characters: no crash, offsets inside
    /// the file and going forward, and the YAML reads back to the same text.
    func testRandomInputKeepsTheInvariants() throws {
        let pieces = ["We", "refund", "U.S.", "e.g.", "No.", "5", "3.5", ". ", "! ", "? ", "…", "\n", "\n\n", "\r\n", "  ",
                      "# ", "## ", "- ", "* ", "1. ", "a) ", "(b) ", "**", "*", "_", "`", "[", "](", ")", "(", "\"", "“", "”",
                      "<p>", "</p>", "<br>", "<li>", "<h2>", "</h2>", "&amp;", "&#8217;", "&nbsp;", "&bogus;", "<!--", "-->",
                      "```", "> ", "|", "---", "===", "é", "日本", "😀", "\t", "\\", ":", "<", ">", "\u{2028}", "Inc.", "’"]
        var rng = SeededGenerator(seed: 20260301)
        for round in 0..<300 {
            let text = (0..<Int.random(in: 1...60, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined(separator: Bool.random(using: &rng) ? " " : "")
            for format in ProseFormat.allCases {
                let p = try importing(text, format)
                let count = p.source.bytes.count
                for t in p.terms {
                    XCTAssertEqual(t.textOffsets.count, t.text.utf8.count, "round \(round) \(format)")
                    XCTAssertTrue(t.textOffsets.allSatisfy { $0 >= 0 && $0 < count }, "round \(round) \(format)")
                    XCTAssertTrue(zip(t.textOffsets, t.textOffsets.dropFirst()).allSatisfy { $0 <= $1 }, "round \(round) \(format): \(text.debugDescription)")
                    XCTAssertFalse(t.text.isEmpty)
                }
                let root = try YAMLParser().parse(string: p.yaml(from: "x")).documents.first?.root
                XCTAssertEqual(root?["terms"]?.items?.compactMap { $0["text"]?.scalar } ?? [], p.terms.map(\.text), "round \(round) \(format)")
                if format == .text {
                    for t in p.terms {
                        let mapped = t.textOffsets.map { p.source.bytes[$0] }
                        let expected = Array(t.text.utf8)
                        XCTAssertTrue(zip(mapped, expected).allSatisfy { $0 == $1 || ($1 == 0x20 && [0x0A, 0x0D, 0xC2, 0xE2].contains($0)) },
                                      "round \(round): \(t.text.debugDescription)")
                    }
                }
            }
        }
    }
}

/// A small deterministic generator (SplitMix64), so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
