import Foundation
@testable import PolicyYAML
import XCTest

/// `ScalarSourceMap` keeps its alignment as runs built with the identity fast path; every value
/// byte must get the same source offset and end as the general byte-by-byte walk (`align`).
final class ScalarAlignmentRunsTests: XCTestCase {
    /// Scalars where the fast path must stop: escapes, `''`, folds, blanks before line breaks,
    /// escaped line breaks, CRLF, tabs, properties, block headers, non-ASCII, overlong ends.
    static let tricky: [String] = [
        "a: plain text with spaces\n",
        "a: plain\n  folded over\n\n  lines\n",
        "a: \"quoted \\\"escape\\\" and \\\\ backslash\"\n",
        "a: \"x\\\\\"\n",
        "a: \"tab\\there\\u00e9\\U0001F600\\x41\\N\\_\\L\\P end\"\n",
        "a: \"fold  \n   over \n\n\n  breaks\"\n",
        "a: \"escaped \\\n   line break\\\n\"\n",
        "a: \"blank then tab \t\n x\"\n",
        "a: \"crlf\r\n  fold\r\n\r\n  twice\"\r\n",
        "a: \"a  b\t\tc \t d\"\n",
        "a: \"\\\n  \\ leading escaped space\"\n",
        "a: 'single ''quoted'' text'\n",
        "a: 'fold\n  in single\n\n  quotes '' x'\n",
        "a: &anchor !tag \"props first\"\n",
        "a: !!str # comment\n  \"after a comment\"\n",
        "a: >\n  folded block\n  text\n\n   more indented\n  back\n",
        "a: |-\n  literal\n   block\n\n  text\n",
        "a: >+\n  x\t\n\n",
        "a: \"é€😀 non-ascii \\u00e9 text\"\n",
        "a: 'é''€'\n",
        "- \"\"\n- ''\n- \" \"\n- \"\\t\"\n",
        "a: \"trailing \\\n\"\n",
    ]

    func testTrickyScalarsMatchTheGeneralWalk() throws {
        var scalars = 0
        for text in Self.tricky {
            let stream = try YAMLParser().parse(string: text)
            scalars += compareAll(stream, name: text.debugDescription)
        }
        XCTAssertGreaterThan(scalars, Self.tricky.count)
    }

    /// Random double- and single-quoted scalars over an alphabet of awkward bytes.
    func testRandomQuotedScalarsMatchTheGeneralWalk() throws {
        var rng = SplitMix(seed: 42)
        let pieces = ["a", "b", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\\", "\\\\", "\\\"", "\\n", "\\t", "\\ ", "\\\n",
                      "\\x41", "\\u00e9", "\\U0001F600", "\\N", "\\L", "''", "'", "\"", "é", "€", "#", "&", "!", ":", "- "]
        var scalars = 0
        for _ in 0..<3000 {
            var body = ""
            for _ in 0..<(1 + Int(rng.next() % 12)) { body += pieces[Int(rng.next() % UInt64(pieces.count))] }
            for quote in ["\"", "'"] {
                let text = "k: \(quote)\(body)\(quote)\n"
                guard let stream = try? YAMLParser().parse(string: text) else { continue }
                scalars += compareAll(stream, name: text.debugDescription)
            }
        }
        XCTAssertGreaterThan(scalars, 1000)
    }

    /// Long equal stretches (the fast path compares eight bytes at a time) broken at every
    /// offset by quotes, folds and non-ASCII, in every style.
    func testLongRunsMatchTheGeneralWalk() throws {
        var rng = SplitMix(seed: 7)
        let pieces = ["abcdefghij", "lorem ipsum dolor sit amet", "x", "''", "'", "é", "€😀", "  ", "\n", "\\", "\"",
                      "0123456789abcdefg", " ", "\t"]
        var scalars = 0
        for _ in 0..<2000 {
            var body = ""
            for _ in 0..<(1 + Int(rng.next() % 8)) { body += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let folded = body.replacingOccurrences(of: "  ", with: "\n  ")
            for text in ["k: \"\(body)\"\n", "k: '\(body)'\n", "k: \(body)\n", "k: >\n  \(folded)\n  \(body)\n",
                         "k: |\n  \(body)\n   \(body)\n"] {
                guard let stream = try? YAMLParser().parse(string: text) else { continue }
                scalars += compareAll(stream, name: text.debugDescription)
            }
        }
        XCTAssertGreaterThan(scalars, 3000)
    }

    func testEveryScalarOfTheSuiteMatchesTheGeneralWalk() throws {
        let suite = YAMLTestSuiteTests.suiteURL
        guard FileManager.default.fileExists(atPath: suite.path) else {
            throw XCTSkip("YAML test suite not found at \(suite.path) (YAMLTestSuiteTests reports it)")
        }
        var scalars = 0
        for id in try YAMLTestSuiteTests.caseIDs(in: suite) {
            let path = suite.appendingPathComponent(id).appendingPathComponent("in.yaml").path
            guard let data = FileManager.default.contents(atPath: path),
                  let stream = try? YAMLParser().parse(bytes: [UInt8](data)) else { continue }
            scalars += compareAll(stream, name: id)
        }
        XCTAssertGreaterThan(scalars, 1000)
    }

    /// Compares runs and the general walk on every non-empty scalar; returns how many.
    private func compareAll(_ stream: YAMLStream, name: String) -> Int {
        var count = 0
        var stack = stream.documents.map(\.root)
        while let node = stack.popLast() {
            switch node.content {
            case .sequence(let items): stack += items
            case .mapping(let pairs): for p in pairs { stack += [p.key, p.value] }
            case .scalar(let value, let style):
                guard !value.isEmpty else { continue }
                count += 1
                let bytes = Array(value.utf8), source = stream.source.bytes
                let from = node.start.offset, to = max(node.start.offset, node.end.offset)
                let (starts, ends) = ScalarSourceMap.align(bytes, style: style, source: source, from: from, to: to)
                var runs = ScalarAlignmentRuns()
                bytes.withUnsafeBufferPointer { v in
                    source.withUnsafeBufferPointer { s in
                        ScalarAlignment.walk(v, style: style, source: s, from: from, to: to, fastRuns: true, into: &runs)
                    }
                }
                for i in bytes.indices {
                    let got = runs.offsets(of: i)
                    if got.start != starts[i] || got.end != ends[i] {
                        XCTFail("\(name) \(style) scalar at \(node.start): byte \(i) runs give \(got), general walk \(starts[i])..<\(ends[i])")
                        break
                    }
                }
                // The public map answers from the runs.
                var map = ScalarSourceMap(node: node, source: stream.source)
                let last = bytes.count - 1
                XCTAssertEqual(map.span(0..<bytes.count).start, stream.source.mark(atByte: starts[0]), name)
                XCTAssertEqual(map.span(0..<bytes.count).end, stream.source.mark(atByte: ends[last]), name)
                // The map walks only as far as it is asked, and on from there when asked further:
                // asked byte by byte in a shuffled order, each answer is the general walk's.
                var lazy = ScalarSourceMap(node: node, source: stream.source)
                var order = Array(bytes.indices), rng = SplitMix(seed: UInt64(bytes.count) &* 31 &+ UInt64(from))
                for k in order.indices.reversed() where k > 0 { order.swapAt(k, Int(rng.next() % UInt64(k + 1))) }
                for i in order {
                    let s = lazy.span(i..<i + 1)
                    if s.start != stream.source.mark(atByte: starts[i]) || s.end != stream.source.mark(atByte: ends[i]) {
                        XCTFail("\(name) \(style) scalar at \(node.start): byte \(i) asked out of order gives \(s), general walk \(starts[i])..<\(ends[i])")
                        break
                    }
                }
            }
        }
        return count
    }
}

/// A small deterministic generator (SplitMix64), so random cases repeat.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
