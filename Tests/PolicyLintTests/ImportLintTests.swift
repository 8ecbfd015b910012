import Foundation
import PolicyLint
import PolicyYAML
import XCTest

/// `lint` on .md/.txt/.html: imported in memory, findings at lines and columns of the original.
final class ImportLintTests: XCTestCase {
    func lint(_ text: String, file: String) throws -> FileResult {
        try lint(bytes: Array(text.utf8), file: file)
    }

    func lint(bytes: [UInt8], file: String) throws -> FileResult {
        let rules = try RulePackLoader.builtin().flatMap(\.rules)
        return Linter(engine: Engine(ruleSet: RuleSet(rules: rules))).lint(bytes: bytes, file: file)
    }

    func span(_ f: Finding) -> [Int] { [f.line, f.column, f.endLine, f.endColumn] }

    static let markdown = """
    # Fernway Garden Centre

    Plants are **satisfaction guaranteed**, or your money back.

    ## Delivery

    - Orders leave within two days.
    - We are *not responsible* for delays caused by
      our carrier.

    All sales are final.
    """

    func testFindingsPointIntoTheMarkdown() throws {
        let r = try lint(Self.markdown, file: "shop/terms.md")
        XCTAssertNil(r.error)
        XCTAssertEqual(r.documents, 1)
        // The denial, on line 11; the claim it contradicts sits inside **bold** on line 3.
        let conflict = try XCTUnwrap(r.findings.first { $0.rule == "guarantee-contradicted" })
        XCTAssertEqual(span(conflict), [11, 1, 11, 20])
        XCTAssertEqual(conflict.file, "shop/terms.md")
        XCTAssertEqual(conflict.matchedText, "All sales are final")
        XCTAssertEqual(conflict.related.map { [$0.line, $0.column, $0.endLine, $0.endColumn] }, [[3, 14, 3, 37]])
        // Blame on the carrier: from "not" after the list marker and '*', across the line break.
        let blame = try XCTUnwrap(r.findings.first { $0.rule == "blame-shifted-to-outsourcer" })
        XCTAssertEqual(span(blame), [8, 11, 9, 14])
        XCTAssertEqual(blame.location.path, "terms[2].text")
        // Document-level findings sit at 1:1 of the original.
        let missing = try XCTUnwrap(r.findings.first { $0.rule == "missing-response-time" })
        XCTAssertEqual(span(missing), [1, 1, 1, 2])
        // Reporters show lines of the original file.
        XCTAssertEqual(r.source?.lineText(11), "All sales are final.")
    }

    func testFindingsPointIntoPlainTextAndHTML() throws {
        let text = "Returns\n\nWe are not responsible for delays caused by our carrier.\n"
        let t = try lint(text, file: "terms.txt")
        XCTAssertEqual(t.findings.first { $0.rule == "blame-shifted-to-outsourcer" }.map(span), [3, 8, 3, 56])

        let html = "<html><body>\n<p>Satisfaction&nbsp;guaranteed.</p>\n<p>Sorry: <em>all sales</em> are final.</p></body></html>\n"
        let h = try lint(html, file: "terms.HTML")
        let conflict = try XCTUnwrap(h.findings.first { $0.rule == "guarantee-contradicted" })
        XCTAssertEqual(span(conflict), [3, 15, 3, 39])
        // The claim spans the entity: from "Satisfaction" to the end of "guaranteed".
        XCTAssertEqual(conflict.related.map { [$0.line, $0.column, $0.endLine, $0.endColumn] }, [[2, 4, 2, 32]])
    }

    func testNonASCIIColumnsCountCharacters() throws {
        let text = "Ünsere Preise — “fair”.\nWe are not responsible for delays caused by our carrier.\n"
        let r = try lint(text, file: "t.md")
        XCTAssertEqual(r.findings.first { $0.rule == "blame-shifted-to-outsourcer" }.map(span), [2, 8, 2, 56])
        let utf16 = [UInt8]([0xFF, 0xFE]) + Array("Ab.\nWe are not responsible for delays caused by our carrier.\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let u = try lint(bytes: utf16, file: "t.txt")
        XCTAssertEqual(u.findings.first { $0.rule == "blame-shifted-to-outsourcer" }.map(span), [2, 8, 2, 56])
    }

    func testInvalidUTF8IsOneClearError() throws {
        var bytes = Array("# Terms\n\nAll good here.\nBad byte: ".utf8)
        bytes.append(0xFF)
        bytes += Array(" here.\n".utf8)
        let r = try lint(bytes: bytes, file: "terms.md")
        let error = try XCTUnwrap(r.error)
        XCTAssertEqual(error.rendered, "terms.md:4:11: error: invalid UTF-8 byte 0xFF")
        XCTAssertEqual(r.findings.count, 0)
    }

    func testEmptyAndBinaryProse() throws {
        XCTAssertEqual(try lint("\n\n# Only a heading\n", file: "a.md").error?.message, "no sentences to lint in this Markdown file")
        XCTAssertEqual(try lint("", file: "a.txt").error?.message, "no sentences to lint in this plain text file")
        XCTAssertEqual(try lint(bytes: [0x41, 0x42, 0x43, 0x00, 0x44], file: "a.html").error?.message, "binary data: NUL byte (not a text file)")
        // A form feed between pages is a space, not an error.
        let r = try lint("Page one ends.\u{0C}\nPage two starts.\n", file: "a.txt")
        XCTAssertNil(r.error)
    }

    func testFilesOnDiskAndFolders() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.markdown.write(to: dir.appendingPathComponent("terms.md"), atomically: true, encoding: .utf8)
        try "notes".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let rules = try RulePackLoader.builtin().flatMap(\.rules)
        let linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
        let r = linter.lint(file: dir.appendingPathComponent("terms.md").path)
        XCTAssertTrue(r.findings.contains { $0.rule == "guarantee-contradicted" && $0.line == 11 })
        // Folders pick up prose files only when asked (extraExtensions).
        XCTAssertEqual(FileDiscovery.discover([dir.path]).files, [])
        let found = FileDiscovery.discover([dir.path], extraExtensions: Set(ProseFormat.extensions.keys)).files
        XCTAssertEqual(found.map { URL(fileURLWithPath: $0).lastPathComponent }, ["notes.txt", "terms.md"])
    }
}
