@testable import PolicyYAML
import XCTest

/// Validation checks eight printable ASCII bytes at a time, and columns before a line's first
/// non-ASCII byte are byte distances. Both must agree with plain byte-by-byte counting.
final class SourceTextFastPathTests: XCTestCase {
    /// Pieces that stop the word-at-a-time check or change lines: tabs, every line break
    /// libyaml knows, multi-byte characters; then controls, DEL, invalid and forbidden sequences.
    static let validPieces: [[UInt8]] = [
        Array("word ".utf8), Array("a".utf8), Array("longer printable text, ~!@#$%^&*()_+{}|:<>?".utf8), [0x20], [0x7E],
        [0x09], [0x0A], [0x0D], [0x0D, 0x0A], Array("é".utf8), Array("€".utf8), Array("😀".utf8),
        [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9],
    ]
    static let invalidPieces: [[UInt8]] = [
        [0x7F], [0x1F], [0x00], [0x01], [0x1B], [0xC2, 0x80], [0xEF, 0xBF, 0xBE], [0xFF], [0x80], [0xC3],
        [0xED, 0xA0, 0x80], [0xC0, 0xAF],
    ]

    func testRandomTextsMatchAPlainCount() {
        var rng = SplitMix(seed: 11)
        var valid = 0
        for round in 0..<1500 {
            var bytes: [UInt8] = []
            // Some texts cross the 4 KB column checkpoints; a few get one bad piece.
            let pieceCount = round % 10 == 0 ? 600 : Int(rng.next() % 40)
            for _ in 0..<pieceCount {
                let r = Int(rng.next() % 100)
                let pool = r < 60 ? Array(Self.validPieces.prefix(3)) : Self.validPieces
                bytes += pool[Int(rng.next() % UInt64(pool.count))]
            }
            if round % 3 == 0, !bytes.isEmpty {
                let bad = Self.invalidPieces[Int(rng.next() % UInt64(Self.invalidPieces.count))]
                bytes.insert(contentsOf: bad, at: Int(rng.next() % UInt64(bytes.count)))
            }
            let expected = Self.referenceValidate(bytes)
            do {
                let table = try SourceText.validate(bytes)
                guard case .success(let (lines, ascii)) = expected else {
                    XCTFail("accepted \(describe(bytes)), reference: \(expected)"); continue
                }
                XCTAssertEqual(Array(table.lineStarts), lines, describe(bytes))
                XCTAssertEqual(table.isASCII, ascii, describe(bytes))
                valid += 1
                checkPositions(try SourceText(decoding: bytes), bytes)
            } catch {
                guard case .failure(let reference) = expected else {
                    XCTFail("rejected \(describe(bytes)) (\(error)), reference accepts"); continue
                }
                XCTAssertEqual(error, reference, describe(bytes))
            }
        }
        XCTAssertGreaterThan(valid, 800)
    }

    /// A failing text, short enough to read.
    func describe(_ bytes: [UInt8]) -> String {
        "\(bytes.count) bytes: \(String(decoding: bytes.prefix(120), as: UTF8.self).debugDescription)\(bytes.count > 120 ? "…" : "")"
    }

    /// `mark(atByte:)` and `byteOffset(line:column:)` against counting from the line start.
    func checkPositions(_ source: SourceText, _ bytes: [UInt8]) {
        let lines = source.lineStarts
        var line = 0, column = 1
        for offset in 0...bytes.count {
            // Count code points (non-continuation bytes) from the line start.
            if offset > 0, bytes[offset - 1] & 0xC0 != 0x80 { column += 1 }
            while line + 1 < lines.count, lines[line + 1] <= offset { line += 1; column = 1 }
            let mark = source.mark(atByte: offset)
            guard mark == Mark(line: line + 1, column: column, offset: offset) else {
                XCTFail("offset \(offset): \(mark), expected \(line + 1):\(column) in \(describe(bytes))"); return
            }
            if offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
                XCTAssertEqual(source.byteOffset(line: line + 1, column: column), offset, "\(line + 1):\(column) in \(describe(bytes))")
                if column > 1 {
                    let hinted = source.byteOffset(line: line + 1, column: column, hint: (column: 1, offset: lines[line]))
                    XCTAssertEqual(hinted, offset, "hinted \(line + 1):\(column) in \(describe(bytes))")
                }
            }
        }
        // Past the end of each line: clamped to the next line's start.
        for (k, start) in lines.enumerated() {
            let end = k + 1 < lines.count ? lines[k + 1] : bytes.count
            XCTAssertEqual(source.byteOffset(line: k + 1, column: end - start + 5), end)
            XCTAssertEqual(source.byteOffset(line: k + 1, column: 0), start)
        }
    }

    /// The byte-by-byte validator the word-at-a-time one replaced: line starts and ASCII-ness.
    static func referenceValidate(_ b: [UInt8]) -> Result<([Int], Bool), YAMLError> {
        var lines = [0]
        var ascii = true
        let n = b.count
        var i = 0
        var column = 1
        func fail(_ message: String) -> Result<([Int], Bool), YAMLError> {
            .failure(YAMLError(message, at: Mark(line: lines.count, column: column, offset: i)))
        }
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c == 0x0A { lines.append(i + 1); column = 1; i += 1; continue }
                if c == 0x0D {
                    if i + 1 < n, b[i + 1] == 0x0A { i += 2 } else { i += 1 }
                    lines.append(i); column = 1; continue
                }
                if c < 0x20 && c != 0x09 || c == 0x7F {
                    if c == 0 { return fail("binary data: NUL byte (not a text file)") }
                    return fail("control character U+\(hex(UInt32(c))) is not allowed in YAML")
                }
                i += 1; column += 1; continue
            }
            ascii = false
            var len = 0
            var scalar: UInt32 = 0
            if c & 0xE0 == 0xC0 { len = 2; scalar = UInt32(c & 0x1F) }
            else if c & 0xF0 == 0xE0 { len = 3; scalar = UInt32(c & 0x0F) }
            else if c & 0xF8 == 0xF0 { len = 4; scalar = UInt32(c & 0x07) }
            else { return fail("invalid UTF-8 byte 0x\(hex(UInt32(c), width: 2))") }
            guard i + len <= n else { return fail("invalid UTF-8: truncated sequence") }
            for k in 1..<len {
                let cc = b[i + k]
                guard cc & 0xC0 == 0x80 else { return fail("invalid UTF-8 byte 0x\(hex(UInt32(c), width: 2))") }
                scalar = scalar << 6 | UInt32(cc & 0x3F)
            }
            let minimum: UInt32 = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
                return fail("invalid UTF-8 sequence starting with 0x\(hex(UInt32(c), width: 2))")
            }
            if (scalar >= 0x80 && scalar < 0xA0 && scalar != 0x85) || scalar == 0xFFFE || scalar == 0xFFFF {
                return fail("character U+\(hex(scalar)) is not allowed in YAML")
            }
            i += len
            if scalar == 0x85 || scalar == 0x2028 || scalar == 0x2029 { lines.append(i); column = 1 } else { column += 1 }
        }
        return .success((lines, ascii))
    }

    /// The lines' ASCII ends are kept only once a non-ASCII byte is seen: none for ASCII text,
    /// one per line (the ASCII lines before it `Int.max`) otherwise.
    func testLinesASCIIEndsStartAtTheFirstNonASCIIByte() throws {
        XCTAssertTrue(try SourceText.validate(Array("a: 1\nb: 2\n".utf8)).lineASCIIEnds.isEmpty)
        let table = try SourceText.validate(Array("a: 1\nb: 2\nc: é\nd\n".utf8))
        XCTAssertFalse(table.isASCII)
        XCTAssertEqual(table.lineASCIIEnds, [Int.max, Int.max, 13, Int.max, Int.max])
        XCTAssertEqual(table.lineASCIIEnds.count, table.lineStarts.count)
    }
}
