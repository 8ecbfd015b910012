import Foundation
@testable import PolicyYAML
import XCTest

/// Decoding (BOM, UTF-16, UTF-32), validation with positions, and the line table.
final class SourceTextTests: XCTestCase {
    func decodeError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> YAMLError? {
        do {
            _ = try SourceText(decoding: bytes)
            XCTFail("accepted", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    static let text = "policy:\n  name: Café ✓ 😀 done\n"

    func utf16(_ s: String, bigEndian: Bool) -> [UInt8] {
        s.utf16.flatMap { u in bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
    }

    func utf32(_ s: String, bigEndian: Bool) -> [UInt8] {
        s.unicodeScalars.flatMap { u -> [UInt8] in
            let v = u.value
            let le = [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
            return bigEndian ? le.reversed() : le
        }
    }

    func testEncodings() throws {
        let utf8 = Array(Self.text.utf8)
        let cases: [(String, [UInt8], SourceText.Encoding)] = [
            ("UTF-8", utf8, .utf8),
            ("UTF-8 BOM", [0xEF, 0xBB, 0xBF] + utf8, .utf8),
            ("UTF-16LE BOM", [0xFF, 0xFE] + utf16(Self.text, bigEndian: false), .utf16LE),
            ("UTF-16BE BOM", [0xFE, 0xFF] + utf16(Self.text, bigEndian: true), .utf16BE),
            ("UTF-16LE", utf16(Self.text, bigEndian: false), .utf16LE),
            ("UTF-16BE", utf16(Self.text, bigEndian: true), .utf16BE),
            ("UTF-32LE BOM", [0xFF, 0xFE, 0, 0] + utf32(Self.text, bigEndian: false), .utf32LE),
            ("UTF-32BE BOM", [0, 0, 0xFE, 0xFF] + utf32(Self.text, bigEndian: true), .utf32BE),
            ("UTF-32LE", utf32(Self.text, bigEndian: false), .utf32LE),
            ("UTF-32BE", utf32(Self.text, bigEndian: true), .utf32BE),
        ]
        for (name, bytes, encoding) in cases {
            let source = try SourceText(decoding: bytes)
            XCTAssertEqual(source.encoding, encoding, name)
            XCTAssertEqual(source.bytes, utf8, name)
            XCTAssertEqual(source.lineText(2), "  name: Café ✓ 😀 done", name)
            // The tree and its marks are the same whatever the encoding.
            let stream = try YAMLParser().parse(bytes: bytes)
            let name2 = try XCTUnwrap(stream.documents.first?.root["policy"]?["name"], name)
            XCTAssertEqual(name2.scalar, "Café ✓ 😀 done", name)
            XCTAssertEqual(name2.start, Mark(line: 2, column: 9, offset: 16), name)
            XCTAssertEqual(name2.end.column, 22, name) // 13 code points, 18 bytes
        }
    }

    func testInvalidUTF8PointsAtTheBadByte() {
        // Line 2, after "  name: café " (13 characters): the byte 0xFF.
        XCTAssertEqual(decodeError(Array("policy:\n  name: café ".utf8) + [0xFF] + Array(" x\n".utf8))?.description,
                       "2:14: invalid UTF-8 byte 0xFF")
        // A lead byte without its continuation.
        XCTAssertEqual(decodeError(Array("a: ".utf8) + [0xC3, 0x41])?.description, "1:4: invalid UTF-8 byte 0xC3")
        // Truncated at the end of the file.
        XCTAssertEqual(decodeError(Array("a: ".utf8) + [0xE2, 0x82])?.description, "1:4: invalid UTF-8: truncated sequence")
        // Overlong encoding of "/" and an encoded surrogate.
        XCTAssertEqual(decodeError([0x61, 0xC0, 0xAF])?.description, "1:2: invalid UTF-8 sequence starting with 0xC0")
        XCTAssertEqual(decodeError([0x61, 0xED, 0xA0, 0x80])?.description, "1:2: invalid UTF-8 sequence starting with 0xED")
        // The offset is the byte's offset.
        XCTAssertEqual(decodeError(Array("é\n".utf8) + [0xFF])?.mark, Mark(line: 2, column: 1, offset: 3))
    }

    func testBinaryAndControlCharacters() {
        XCTAssertEqual(decodeError(Array("a: b\nc: ".utf8) + [0x00, 0x01])?.description, "2:4: binary data: NUL byte (not a text file)")
        // Any first problem in a file with a NUL byte early on says it is binary.
        XCTAssertEqual(decodeError([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00])?.description,
                       "1:1: binary data: not a text file (invalid UTF-8 byte 0x89)")
        XCTAssertEqual(decodeError([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00])?.description,
                       "1:1: binary data: not a text file (control character U+007F is not allowed in YAML)")
        // Without a NUL, the problem is named as it is.
        XCTAssertEqual(decodeError([0x61, 0x3A, 0x20, 0x89])?.description, "1:4: invalid UTF-8 byte 0x89")
        XCTAssertEqual(decodeError(Array("a: \u{07}".utf8))?.description, "1:4: control character U+0007 is not allowed in YAML")
        // NEL (U+0085) is allowed, and ends a line as it does for libyaml.
        XCTAssertEqual(decodeError(Array("a: \u{85}b\n\u{9F}".utf8))?.description, "3:1: character U+009F is not allowed in YAML")
        XCTAssertEqual(decodeError(Array("a: \u{FFFF}".utf8))?.description, "1:4: character U+FFFF is not allowed in YAML")
        // Tabs, CR and LF are fine.
        XCTAssertNoThrow(try SourceText(decoding: Array("a:\tb\r\nc: d\r".utf8)))
    }

    func testInvalidUTF16() {
        // An unpaired low surrogate after "a: " in UTF-16LE.
        XCTAssertEqual(decodeError([0xFF, 0xFE, 0x61, 0, 0x3A, 0, 0x20, 0, 0x00, 0xDC])?.description,
                       "1:4: invalid UTF-16LE: unpaired surrogate")
        XCTAssertEqual(decodeError([0xFE, 0xFF, 0, 0x61, 0])?.description, "1:2: invalid UTF-16BE: odd number of bytes")
        XCTAssertEqual(decodeError([0xFF, 0xFE, 0x61, 0, 0x0A, 0, 0x00, 0xD8, 0x61, 0])?.description,
                       "2:1: invalid UTF-16LE: unpaired surrogate")
        XCTAssertEqual(decodeError([0, 0, 0xFE, 0xFF, 0, 0x11, 0, 0])?.description,
                       "1:1: invalid UTF-32BE: U+110000 is not a character")
    }

    func testLineTableCountsBreaksLikeLibyaml() throws {
        // LF, CRLF, lone CR, NEL, LS and PS each end a line.
        let source = try SourceText(decoding: Array("a\nb\r\nc\rd\u{85}e\u{2028}f\u{2029}g".utf8))
        XCTAssertEqual(source.lineCount, 7)
        XCTAssertEqual((1...7).map(source.lineText), ["a", "b", "c", "d", "e", "f", "g"])
        XCTAssertEqual(source.mark(atByte: Array("a\nb\r\nc\rd\u{85}e\u{2028}f\u{2029}".utf8).count), Mark(line: 7, column: 1, offset: 18))
    }

    func testMarksAndOffsetsRoundTrip() throws {
        let text = "é: ✓\n  😀 x: y\nplain\n"
        let source = try SourceText(decoding: Array(text.utf8))
        XCTAssertFalse(source.isASCII)
        var offset = 0
        for scalar in text.unicodeScalars {
            let mark = source.mark(atByte: offset)
            XCTAssertEqual(source.byteOffset(line: mark.line, column: mark.column), offset)
            offset += String(scalar).utf8.count
        }
        XCTAssertEqual(source.mark(atByte: 10), Mark(line: 2, column: 3, offset: 10)) // the emoji
        XCTAssertEqual(source.mark(atByte: 14), Mark(line: 2, column: 4, offset: 14)) // after it
    }

    /// A search from a known line gives `mark(atByte:)`'s answer for every offset and every line
    /// to start from: at or before the offset's line (tried in turn, then searched), and after it
    /// (a wrong hint falls back to the whole search). Lines of every kind of break, non-ASCII text.
    func testMarkFromALineAgreesWithTheWholeSearch() throws {
        var text = ""
        for k in 0..<40 { text += String(repeating: k % 3 == 0 ? "é" : "a", count: k % 7) + ["\n", "\r\n", "\r", "\u{85}", "\u{2028}"][k % 5] }
        let source = try SourceText(decoding: Array(text.utf8))
        for offset in 0...(source.bytes.count + 2) {
            let whole = source.mark(atByte: offset)
            for line in -1...(source.lineCount + 1) {
                XCTAssertEqual(source.mark(atByte: offset, fromLine: line), whole, "offset \(offset) from line \(line)")
            }
        }
    }
}
