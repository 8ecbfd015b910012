import Foundation
@testable import PolicyYAML
import XCTest

/// Scalar values are made into strings without a second UTF-8 check (`ScalarText`): the strings
/// must be exactly those `String(decoding:as:)` makes, with escapes, folds and every width of
/// character, and the parser must hand over the values libyaml decoded.
final class ScalarTextTests: XCTestCase {
    func testStringsEqualDecodedStrings() {
        var samples = ["", "a", "plain ASCII words", "é", "café’s naïve résumé", "日本語のテキスト", "😀 🇫🇷 ✓",
                       "\u{0}", "tab\there", "line\nbreak", String(repeating: "x", count: 5_000) + "é"]
        var rng = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", " ", "é", "’", "—", "日", "😀", "\u{85}", "\u{2028}", "\u{FEFF}", "\n"]
        for _ in 0..<500 { samples.append((0..<Int.random(in: 0..<40, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()) }
        for text in samples {
            let bytes = Array(text.utf8)
            let made = bytes.withUnsafeBufferPointer { ScalarText.string($0) }
            XCTAssertEqual(made, text)
            XCTAssertEqual(Array(made.utf8), bytes)
            XCTAssertEqual(made.utf16.count, text.utf16.count) // the ASCII flag, if set, is right
            XCTAssertEqual(made.count, text.count)
        }
    }

    func testParsedValuesAreTheDecodedCharacters() throws {
        let yaml = """
        plain: café’s naïve résumé
        double: "\\u00e9\\U0001F600\\x41\\t\\u2028end"
        single: 'it''s ✓'
        folded: >
          first line
          second — line
        literal: |
          日本
          語
        """
        let root = try YAMLParser().parse(string: yaml).documents[0].root
        XCTAssertEqual(root["plain"]?.scalar, "café’s naïve résumé")
        XCTAssertEqual(root["double"]?.scalar, "é😀A\t\u{2028}end")
        XCTAssertEqual(root["single"]?.scalar, "it's ✓")
        XCTAssertEqual(root["folded"]?.scalar, "first line second — line\n")
        XCTAssertEqual(root["literal"]?.scalar, "日本\n語") // no line break after it in the input
    }

    /// libyaml refuses escapes that are not Unicode scalar values, so no value it emits holds a
    /// surrogate's bytes.
    func testEscapesOutsideUnicodeAreErrors() {
        for escape in ["\\ud800", "\\udfff", "\\U00110000"] {
            XCTAssertThrowsError(try YAMLParser().parse(string: "a: \"\(escape)\"\n"), escape)
        }
    }
}
