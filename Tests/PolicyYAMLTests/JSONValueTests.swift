@testable import PolicyYAML
import XCTest

/// `JSONValue.writeString` copies unescaped bytes a run at a time; the output must equal the
/// byte-by-byte writer it replaced (kept here as the reference).
final class JSONValueTests: XCTestCase {
    static func referenceWriteString(_ s: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        let b = Array(s.utf8)
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            switch c {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x08: out += [0x5C, 0x62]
            case 0x0C: out += [0x5C, 0x66]
            case 0x00..<0x20, 0x7F: out += Array(("\\u" + hex(UInt32(c))).utf8)
            case 0xC2 where i + 1 < n && b[i + 1] == 0x85:
                out += Array("\\u0085".utf8); i += 2; continue
            case 0xE2 where i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9):
                out += Array((b[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8); i += 3; continue
            default: out.append(c)
            }
            i += 1
        }
        out.append(0x22)
        return out
    }

    func check(_ s: String, file: StaticString = #filePath, line: UInt = #line) {
        var out: [UInt8] = Array("prefix".utf8)
        JSONValue.writeString(s, to: &out)
        XCTAssertEqual(out, Array("prefix".utf8) + Self.referenceWriteString(s), s.debugDescription, file: file, line: line)
    }

    func testTrickyStrings() {
        for s in ["", "plain", "\"", "\\", "a\"b\\c", "\n\r\t\u{8}\u{C}", "\u{0}\u{1}\u{1F}\u{7F}", "\u{85}", "x\u{2028}y\u{2029}z",
                  "\u{C2}\u{A0}", "é€😀", "—–’“”", "\u{2027}\u{202A}", "ends with NEL\u{85}", "ends with \u{E2}", "abc\u{7F}def"] {
            check(s)
        }
    }

    func testRandomStrings() {
        var rng = SplitMix(seed: 7)
        let scalars: [Unicode.Scalar] = ["a", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{7F}", "\u{80}", "\u{85}", "\u{A0}",
                                         "é", "\u{2028}", "\u{2029}", "\u{2026}", "\u{20AC}", "😀", "\u{C2}"]
        for _ in 0..<2000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 20) { s.append(scalars[Int(rng.next() % UInt64(scalars.count))]) }
            check(String(s))
        }
    }

    /// Long mostly-ASCII strings: the word-at-a-time scan meets escapes at every alignment.
    func testLongStrings() {
        var rng = SplitMix(seed: 8)
        let pieces = ["plain words ", "x", "\"", "\\", "\n", "\u{7F}", "\u{1}", "é", "\u{85}", "\u{2028}", "—", "😀", "~"]
        for _ in 0..<1000 {
            var s = ""
            for _ in 0..<Int(rng.next() % 40) {
                s += rng.next() % 3 == 0 ? pieces[Int(rng.next() % UInt64(pieces.count))] : "abcdefg"
            }
            check(s)
        }
    }

    /// Every byte value at every position of a word, alone and beside another byte.
    func testPlainASCIIWordCheck() {
        func plain(_ b: UInt8) -> Bool { b >= 0x20 && b <= 0x7E && b != 0x22 && b != 0x5C }
        for b in 0...255 {
            for position in 0..<8 {
                for other in [0x61, 0x00, 0x20, 0x7F, 0xFF, 0x22] as [UInt8] {
                    var bytes = [UInt8](repeating: 0x61, count: 8)
                    bytes[(position + 3) % 8] = other
                    bytes[position] = UInt8(b)
                    let w = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    XCTAssertEqual(JSONValue.isPlainASCII(w), bytes.allSatisfy(plain), "\(bytes)")
                }
            }
        }
    }

    func testSerializedDocument() {
        let value = JSONValue.object([("a\n", .array([.string("x\"y"), .int(3), .null, .bool(true)])), ("é", .string("\u{2028}"))])
        XCTAssertEqual(value.serialized(indent: nil), #"{"a\n":["x\"y",3,null,true],"é":"\u2028"}"#)
    }
}
