@testable import PolicyReport
import PolicyYAML
import XCTest

/// The byte-level excerpt writer against the scalar-array implementation it replaced (kept
/// below as the reference): same text, same caret line, on ASCII and non-ASCII lines, tabs,
/// long lines cut to a window, spans past the line's end and spans over several lines.
final class TextExcerptEquivalenceTests: XCTestCase {
    func testExcerptMatchesTheScalarReference() {
        let lines = [
            "", "a", "terms: All sales are final.", "\ttab\tbefore the words", "  café ✓ 😀 naïve words here",
            "日本語のテキスト、返金なし", "mixed\t✓\tand\ttabs é", String(repeating: "word ", count: 100),
            String(repeating: "é ", count: 150) + "not responsible" + String(repeating: " ü", count: 150),
            String(repeating: "\t", count: 5) + String(repeating: "x", count: 300), "line with CR\r",
            "ends with NEL\u{85}", "ends with LS\u{2028}",
        ]
        let source = SourceText(lines.joined(separator: "\n") + "\n")
        var rng = SystemRandomNumberGenerator()
        for color in [false, true] {
            let reporter = TextReporter(color: color)
            let cache = TextReporter.LineCache()
            for line in 0...(lines.count + 1) {
                let length = line >= 1 && line <= lines.count ? lines[line - 1].unicodeScalars.count : 3
                var spans: [(Int, Int, Int)] = [(1, line, 2), (0, line, 0), (length + 5, line, length + 9), (3, line + 1, 1)]
                for _ in 0..<40 {
                    let a = Int.random(in: 0...(length + 3), using: &rng)
                    spans.append((a, Bool.random(using: &rng) ? line : line + 1, Int.random(in: 0...(length + 3), using: &rng)))
                }
                for (column, endLine, endColumn) in spans {
                    let expected = ReferenceExcerpt(color: color).excerpt(source, line: line, column: column, endLine: endLine,
                                                                          endColumn: endColumn, caretCode: "1;32")
                    for lineCache in [nil, cache] {
                        var bytes: [UInt8] = []
                        reporter.excerpt(source, line: line, column: column, endLine: endLine, endColumn: endColumn,
                                         caretCode: "1;32", lines: lineCache, into: &bytes)
                        let got = String(decoding: bytes, as: UTF8.self)
                        XCTAssertEqual(got, expected, "line \(line) columns \(column)–\(endLine):\(endColumn)")
                    }
                }
            }
        }
    }
}

/// TextReporter.excerpt before it wrote bytes: every line decoded to an array of scalars.
private struct ReferenceExcerpt {
    var color: Bool
    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func excerpt(_ source: SourceText?, line: Int, column: Int, endLine: Int, endColumn: Int, caretCode: String) -> String {
        guard let source, line >= 1, line <= source.lineCount else { return "" }
        let lineChars = Array(source.lineText(line).unicodeScalars)
        var startCol = max(1, min(column, lineChars.count + 1))
        var endCol = endLine > line ? lineChars.count + 1 : max(startCol + 1, min(endColumn, lineChars.count + 1))
        var chars = lineChars[...]
        var lead = "", trail = ""
        if lineChars.count > 160 {
            let from = max(0, startCol - 1 - 60)
            let to = min(lineChars.count, max(endCol - 1, startCol) + 60, from + 160)
            chars = lineChars[from..<to]
            if from > 0 { lead = "…" }
            if to < lineChars.count { trail = "…" }
            startCol -= from
            endCol = min(endCol - from, to - from + 1)
            startCol += lead.isEmpty ? 0 : 1
            endCol += lead.isEmpty ? 0 : 1
        }
        let text = lead + String(String.UnicodeScalarView(chars)) + trail
        var pad = ""
        for c in (lead.unicodeScalars + Array(chars)).prefix(startCol - 1) { pad += c == "\t" ? "\t" : " " }
        let width = max(1, endCol - startCol)
        let underline = "^" + String(repeating: "~", count: width - 1)
        return "  \(text)\n  \(pad)\(paint(underline, caretCode))\n"
    }
}
