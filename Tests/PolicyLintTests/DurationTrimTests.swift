import Foundation
@testable import PolicyLint
import XCTest

/// Duration parsing trims spaces itself instead of calling Foundation: the same result as
/// `trimmingCharacters(in: .whitespaces)` on every kind of space, and no more (line breaks stay).
final class DurationTrimTests: XCTestCase {
    func testTrimmingMatchesFoundationWhitespaces() {
        let spaces = ["", " ", "\t", "\u{A0}", "\u{2003}", "\u{3000}", "\u{202F}", "\u{1680}", "\n", "\r\n", "\u{85}", "\u{2028}", "\u{200B}", "\u{FEFF}"]
        let middles = ["", "7 days", "x", "é", "2\tbusiness days", "e\u{301}", "日本", "a \u{A0} b"]
        for a in spaces { for b in spaces { for m in middles {
            let text = a + m + b
            XCTAssertEqual(Duration.trimmingSpaces(Substring(text)), text.trimmingCharacters(in: .whitespaces),
                           text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        } } }
    }

    func testSpacesAroundADurationAndItsUnit() {
        XCTAssertEqual(Duration.parse("\u{A0} 7 \u{2003}days\t"), Duration(7, .days))
        XCTAssertEqual(Duration.parse("\u{3000}48h"), Duration(48, .hours))
        XCTAssertNil(Duration.parse("\n7 days")) // a line break is not a space here
    }
}

extension DurationTrimTests {
    /// Every scalar Foundation counts as white space is trimmed, and no other.
    func testEveryWhitespaceScalar() {
        for v in UInt32(0)...0x3100 {
            guard let c = Unicode.Scalar(v) else { continue }
            let text = String(c) + "7d" + String(c)
            XCTAssertEqual(Duration.trimmingSpaces(Substring(text)), text.trimmingCharacters(in: .whitespaces), String(v, radix: 16))
        }
    }
}
