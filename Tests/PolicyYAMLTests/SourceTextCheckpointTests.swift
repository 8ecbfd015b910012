import PolicyYAML
import XCTest

/// Columns on very long non-ASCII lines come from checkpoints; they must equal a plain count.
final class SourceTextCheckpointTests: XCTestCase {
    func testColumnsOnALongMixedLineMatchAPlainCount() throws {
        var line = ""
        for i in 0..<5000 { line += i % 7 == 0 ? "é€😀 " : "word " }
        let text = "first: line\nlong: \(line)\nlast: é\n"
        let source = try SourceText(decoding: Array(text.utf8))
        let bytes = Array(text.utf8)
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        for offset in stride(from: secondLine, to: secondLine + line.utf8.count, by: 997) {
            var k = offset
            while bytes[k] & 0xC0 == 0x80 { k -= 1 } // a character boundary
            let expected = 1 + bytes[secondLine..<k].filter { $0 & 0xC0 != 0x80 }.count
            let mark = source.mark(atByte: k)
            XCTAssertEqual([mark.line, mark.column], [2, expected], "offset \(k)")
        }
        XCTAssertEqual(source.mark(atByte: bytes.count - 3).column, 7) // the é before the final line break
    }
}
