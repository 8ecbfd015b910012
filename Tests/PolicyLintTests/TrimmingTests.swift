import Foundation
import PolicyLint
import XCTest

/// `Trimming` against Foundation's `trimmingCharacters(in:)`: the same sets, scalar by scalar,
/// and the same results on mixed text (line breaks are kept by `spaces`).
final class TrimmingTests: XCTestCase {
    func testEveryScalarAgreesWithFoundation() {
        for v in UInt32(0)...0x3100 {
            guard let c = Unicode.Scalar(v) else { continue }
            let text = String(c) + "7d" + String(c)
            let name = String(v, radix: 16)
            XCTAssertEqual(Trimming.spaces(text), text.trimmingCharacters(in: .whitespaces), name)
            XCTAssertEqual(Trimming.spacesAndNewlines(text), text.trimmingCharacters(in: .whitespacesAndNewlines), name)
        }
    }

    func testMixedTextAgreesWithFoundation() {
        let spaces = ["", " ", "\t", "\u{A0}", "\u{2003}", "\u{3000}", "\u{202F}", "\u{1680}", "\n", "\r\n", "\u{85}", "\u{2028}", "\u{200B}", "\u{FEFF}", " \n\t "]
        let middles = ["", "7 days", "x", "é", "2\tbusiness days", "e\u{301}", "日本", "a \u{A0} b", "\u{301}"]
        for a in spaces { for b in spaces { for m in middles {
            let text = a + m + b
            let name = text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
            XCTAssertEqual(Trimming.spaces(text), text.trimmingCharacters(in: .whitespaces), name)
            XCTAssertEqual(Trimming.spacesAndNewlines(text), text.trimmingCharacters(in: .whitespacesAndNewlines), name)
            XCTAssertEqual(Trimming.spaces(Substring(text)), text.trimmingCharacters(in: .whitespaces), name)
        } } }
    }

    func testSpacesAroundADurationAndItsUnit() {
        XCTAssertEqual(Duration.parse("\u{A0} 7 \u{2003}days\t"), Duration(7, .days))
        XCTAssertEqual(Duration.parse("\u{3000}48h"), Duration(48, .hours))
        XCTAssertNil(Duration.parse("\n7 days")) // a line break is not a space here
    }
}
