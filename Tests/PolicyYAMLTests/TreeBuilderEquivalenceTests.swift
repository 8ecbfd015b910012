import Foundation
@testable import PolicyYAML
import XCTest

/// The tree builder keeps children of open collections in one shared list and finds duplicate
/// keys by scanning it (short mappings) or through a dictionary (from `SeenKeys.listLimit` keys
/// on). These tests hold both ways to an independent oracle, and `isNull`'s length-first test
/// to the plain comparisons it replaced.
final class TreeBuilderEquivalenceTests: XCTestCase {
    /// Spellings of one key: duplicates of each other, whatever the style.
    static let spellings: [[String]] = [
        ["k", "'k'", "\"k\""],
        ["~", "null", "Null", "NULL"], // every spelling of null is one key
        ["é", "\"\\u00E9\"", "\"e\\u0301\""], // canonically equivalent: one key, as `==` says
        ["日本", "'日本'"],
        ["a b", "\"a b\""],
    ]

    func parseError(_ text: String) -> String? {
        do {
            _ = try YAMLParser().parse(string: text)
            return nil
        } catch {
            return error.description
        }
    }

    /// A block mapping of `count` filler keys with `first` at line `at + 1` and `second` last:
    /// the error names the last line and `at + 1`, in scanned and indexed mappings alike.
    func testDuplicateKeysAtEveryPositionAndSize() {
        for spelling in Self.spellings {
            for count in [0, 1, 2, 7, 14, 15, 16, 17, 30, 40] {
                for at in Set([0, count / 2, count]) {
                    var lines = (0..<count).map { "f\($0): \($0)" }
                    lines.insert("\(spelling[0]): first", at: at)
                    lines.append("\(spelling[spelling.count - 1]): second")
                    let text = lines.joined(separator: "\n") + "\n"
                    let message = parseError(text)
                    XCTAssertNotNil(message, text)
                    XCTAssertTrue(message?.hasPrefix("\(lines.count):1: duplicate key") ?? false, "\(message ?? "nil")\n\(text)")
                    XCTAssertTrue(message?.hasSuffix("(first defined at \(at + 1):1)") ?? false, "\(message ?? "nil")\n\(text)")
                }
            }
        }
    }

    /// A key written as an alias is placed where the alias is, not where its anchor is, as the
    /// first of two duplicates and as the second, in short and long mappings.
    func testAliasKeysKeepTheirOwnPositions() {
        for filler in [0, 3, 15, 16, 20] {
            let pad = (0..<filler).map { "f\($0): \($0)\n" }.joined()
            let n = filler + 2 // lines before the alias key
            XCTAssertEqual(parseError("anchor: &k a\n" + pad + "*k : 1\na: 2\n"),
                           "\(n + 1):1: duplicate key 'a' (first defined at \(n):1)")
            XCTAssertEqual(parseError("anchor: &k a\n" + pad + "a: 1\n*k : 2\n"),
                           "\(n + 1):1: duplicate key 'a' (first defined at \(n):1)")
            // Flow mappings, nested in an open sequence and mapping.
            XCTAssertEqual(parseError("x: [{anchor: &k a, " + (0..<filler).map { "f\($0): 0, " }.joined() + "*k : 1, a: 2}]\n"),
                           parseErrorOracle(filler: filler))
        }
    }

    func parseErrorOracle(filler: Int) -> String {
        // Columns in "x: [{anchor: &k a, f0: 0, ..., *k : 1, a: 2}]".
        let before = "x: [{anchor: &k a, " + (0..<filler).map { "f\($0): 0, " }.joined()
        let alias = before.count + 1
        let second = alias + "*k : 1, ".count
        return "1:\(second): duplicate key 'a' (first defined at 1:\(alias))"
    }

    /// Nested and flow collections close into the right parents: the tree's JSON matches the
    /// JSON of the same data written another way (block vs. flow), with anchors, aliases,
    /// merge keys, multi-line scalars and CRLF line ends.
    func testStructureOfNestedCollections() throws {
        let block = """
        a:
          - x: 1
            y: [p, q, {r: s}]
          - &m {k: v, l: [w]}
          - *m
        b:
          c: >
            folded
            text
          d: |
            literal
          e: {}
          f: []
          g:
            <<: *m
            k: own
        """
        let flow = #"{a: [{x: 1, y: [p, q, {r: s}]}, {k: v, l: [w]}, {k: v, l: [w]}], b: {c: "folded text\n", d: "literal\n", e: {}, f: [], g: {"<<": {k: v, l: [w]}, k: own}}}"#
        for text in [block, block.replacingOccurrences(of: "\n", with: "\r\n")] {
            let a = try YAMLParser().parse(string: text).documents[0].root.json().serialized(indent: nil)
            let b = try YAMLParser().parse(string: flow).documents[0].root.json().serialized(indent: nil)
            XCTAssertEqual(a, b)
        }
        let resolved = try YAMLParser().parse(string: block).documents[0].root.resolvingMergeKeys()
        XCTAssertEqual(resolved["b"]?["g"]?.pairs?.map { $0.key.scalar ?? "" }, ["k", "l"])
        XCTAssertEqual(resolved["b"]?["g"]?["k"]?.scalar, "own")
    }

    /// Deep nesting of both kinds, each level with several children: every child lands in its
    /// own parent.
    func testDeepAlternatingNesting() throws {
        var text = "0"
        for depth in 1...60 {
            text = depth % 2 == 0 ? "[\(depth), \(text), \(depth)]" : "{a\(depth): \(text), b\(depth): \(depth)}"
        }
        var node = try XCTUnwrap(YAMLParser().parse(string: text).documents.first?.root)
        for depth in stride(from: 60, through: 1, by: -1) {
            if depth % 2 == 0 {
                XCTAssertEqual(node.items?.count, 3)
                XCTAssertEqual(node.items?[0].scalar, "\(depth)")
                node = try XCTUnwrap(node.items?[1])
            } else {
                XCTAssertEqual(node.pairs?.map { $0.key.scalar ?? "" }, ["a\(depth)", "b\(depth)"])
                node = try XCTUnwrap(node["a\(depth)"])
            }
        }
        XCTAssertEqual(node.scalar, "0")
    }

    /// `isNull` tests the length before comparing; the answers are those of the comparisons.
    func testIsNullAgreesWithPlainComparison() {
        func reference(_ node: YAMLNode) -> Bool {
            guard case .scalar(let s, .plain) = node.content, node.tag == nil || node.tag == "tag:yaml.org,2002:null" else { return false }
            return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL"
        }
        let texts = ["", "~", "~~", "null", "Null", "NULL", "nulL", "nul", "nulls", " null", "\u{212A}", "K",
                     "n\u{0075}ll", "null\u{0301}", "é", "e\u{0301}", "0", String(repeating: "null", count: 10), "<<"]
        for text in texts {
            for style in [ScalarStyle.plain, .singleQuoted, .doubleQuoted, .literal, .folded] {
                for tag in [nil, "tag:yaml.org,2002:null", "tag:yaml.org,2002:str"] {
                    let node = YAMLNode(.scalar(text, style), tag: tag, start: .start, end: .start)
                    XCTAssertEqual(node.isNull, reference(node), "\(text.debugDescription) \(style) \(tag ?? "-")")
                }
            }
        }
        XCTAssertFalse(YAMLNode(.sequence([]), start: .start, end: .start).isNull)
    }
}
