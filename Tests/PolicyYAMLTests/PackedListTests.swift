import Foundation
@testable import PolicyYAML
import XCTest

/// A long list of short scalars and of small collections of them (nested to 16 levels) is kept
/// packed (`PackedItems`, 24 bytes an item, 12 a node inside a collection item) and its nodes made as
/// they are read. These tests hold the packed tree to the tree of nodes the same
/// parse builds with packing off: every text, style, tag and mark, on every case of the YAML
/// test suite with every list of scalars packed from its first item, and on long lists that
/// stop being packable part way.
final class PackedListTests: XCTestCase {
    /// Every field of every node, collections' marks included.
    static func dump(_ node: YAMLNode) -> String {
        node.json(marks: true).serialized(indent: nil)
    }

    static func parse(_ bytes: [UInt8], threshold: Int) throws -> YAMLStream {
        try YAMLNodeList.withPackingThreshold(threshold) { try YAMLParser().parse(bytes: bytes) }
    }

    static func parse(_ text: String, threshold: Int = PackedItems.threshold) throws -> YAMLStream {
        try parse(Array(text.utf8), threshold: threshold)
    }

    /// Whether some list in `node` is packed.
    static func hasPacked(_ node: YAMLNode) -> Bool {
        switch node.content {
        case .scalar: return false
        case .sequence(let items): return items.isPacked || items.contains(where: hasPacked)
        case .mapping(let pairs): return pairs.contains { hasPacked($0.key) || hasPacked($0.value) }
        }
    }

    func testRecordsAre24And12Bytes() {
        XCTAssertEqual(MemoryLayout<PackedItems.Record>.stride, 24)
        XCTAssertEqual(MemoryLayout<PackedItems.InnerRecord>.stride, 12)
    }

    func testEverySuiteCaseGivesTheSameTreePackedFromTheFirstItem() throws {
        let suite = YAMLTestSuiteTests.suiteURL
        guard FileManager.default.fileExists(atPath: suite.path) else { return } // YAMLTestSuiteTests says so
        var packedCases = 0
        for id in try YAMLTestSuiteTests.caseIDs(in: suite) {
            guard let data = FileManager.default.contents(atPath: suite.appendingPathComponent(id).appendingPathComponent("in.yaml").path) else { continue }
            let bytes = [UInt8](data)
            let plain: YAMLStream
            do { plain = try Self.parse(bytes, threshold: .max) } catch {
                XCTAssertThrowsError(try Self.parse(bytes, threshold: 1)) { e in
                    XCTAssertEqual("\(e)", "\(error)", id)
                }
                continue
            }
            let packed = try Self.parse(bytes, threshold: 1)
            XCTAssertEqual(packed.documents.map { Self.dump($0.root) }, plain.documents.map { Self.dump($0.root) }, id)
            XCTAssertEqual(packed.documents.map(\.hasMergeKeys), plain.documents.map(\.hasMergeKeys), id)
            XCTAssertEqual(packed.documents.map { Self.dump($0.root.resolvingMergeKeys()) },
                           plain.documents.map { Self.dump($0.root.resolvingMergeKeys()) }, id)
            XCTAssertFalse(plain.documents.contains { Self.hasPacked($0.root) }, id)
            if packed.documents.contains(where: { Self.hasPacked($0.root) }) { packedCases += 1 }
        }
        XCTAssertGreaterThan(packedCases, 50, "cases with a packed list")
    }

    /// Items in every style, with comments, escapes, non-ASCII text, empty values and nulls,
    /// multi-line scalars, empty collections, and anchors and aliases among them.
    static func items(_ count: Int) -> String {
        let shapes = [
            "plain words", "'single ''quoted'''", "\"double \\u00e9 \\t escaped\"", "Ünïcödé ✓",
            "", "~", "null", "&a anchored", "*a", "plain\n    on two lines", "\"\"",
            "|\n    literal\n    block", ">-\n    folded\n    block", "x # a comment\n  # a comment's own line",
            "{}", "[ ]", "&m {\n    }", "*m",
        ]
        return (0..<count).map { "  - " + shapes[$0 % shapes.count] + "\n" }.joined()
    }

    func testALongListIsPackedWithTheSameNodes() throws {
        let text = "list:\n" + Self.items(2_000) + "after: [x]\n"
        let packed = try Self.parse(text), plain = try Self.parse(text, threshold: .max)
        let list = try XCTUnwrap(packed.documents.first?.root["list"]?.items)
        XCTAssertTrue(list.isPacked)
        XCTAssertEqual(list.count, 2_000)
        XCTAssertEqual(Self.dump(packed.documents[0].root), Self.dump(plain.documents[0].root))
        // Index by index, and through `forEachItem`.
        let plainList = try XCTUnwrap(plain.documents.first?.root["list"]?.items)
        XCTAssertFalse(plainList.isPacked)
        var seen = 0
        list.forEachItem { i, item in
            XCTAssertEqual(Self.dump(item), Self.dump(plainList[i]))
            seen += 1
        }
        XCTAssertEqual(seen, 2_000)
        // One item by hand: the anchored scalar (shape 7 of 18) at index 1,987, on the line
        // after the items before it; the alias after it keeps the anchor's marks, as in the tree.
        let line = ("list:\n" + Self.items(1_987)).split(separator: "\n", omittingEmptySubsequences: false).count
        for item in [list[1_987], list[1_988]] {
            XCTAssertEqual(item.scalar, "anchored")
            XCTAssertEqual(item.style, .plain)
            XCTAssertNil(item.tag)
            XCTAssertEqual(item.start.line, line)
            XCTAssertEqual(item.end.line, line)
            XCTAssertEqual(item.end.column, 16) // `  - &a anchored`: after its 15th character
        }
        // An empty mapping (shape 14) and a multi-line one with an anchor (16), and its alias (17).
        XCTAssertEqual(list[1_994].pairs?.isEmpty, true)
        XCTAssertEqual(list[1_995].items?.isEmpty, true)
        XCTAssertEqual(list[1_996].pairs?.isEmpty, true)
        XCTAssertEqual(list[1_996].end.line, list[1_996].start.line + 1)
        XCTAssertEqual(Self.dump(list[1_997]), Self.dump(list[1_996]))
    }

    /// Small collections of short untagged scalars and collections, in flow and block style.
    func testALongListOfSmallCollectionsIsPackedWithTheSameNodes() throws {
        let shapes = [
            "{a: b}", "{id: p1, text: 'single ''quoted''', n: \"\\u00e9 \\t\"}", "{a: , ~: null}",
            "id: p2\n    text: a block mapping", "{'<<': a quoted merge key is a key}", "{k: &v anchored}",
            "k: |\n      literal\n      block\n    j: >-\n      folded", "plain item", "{}",
            "{? explicit key : v}", "{a: b,\n    c: on the next line}", "Ünï: cödé ✓ # a comment",
            "{a: [b, 'c'], d: {e: f, g: []}}", "[x, {y: z}, [w]]", "- nested\n    - block: list\n      with: [a]",
        ]
        let items = (0..<1_500).map { "  - " + shapes[$0 % shapes.count] + "\n" }.joined()
        let text = "list:\n" + items + "copy: *v\n"
        let packed = try Self.parse(text), plain = try Self.parse(text, threshold: .max)
        let list = try XCTUnwrap(packed.documents.first?.root["list"]?.items)
        XCTAssertTrue(list.isPacked)
        XCTAssertEqual(list.count, 1_500)
        XCTAssertEqual(Self.dump(packed.documents[0].root), Self.dump(plain.documents[0].root))
        // One by hand: the second item, `{id: p1, ...}` on line 3, with its three pairs.
        let item = list[1]
        XCTAssertEqual(item.pairs?.map { $0.key.scalar }, ["id", "text", "n"])
        XCTAssertEqual(item.pairs?.map { $0.value.scalar }, ["p1", "single 'quoted'", "é \t"])
        XCTAssertEqual(item.pairs?.map { $0.value.style }, [.plain, .singleQuoted, .doubleQuoted])
        XCTAssertEqual(item["id"]?.start, Mark(line: 3, column: 10, offset: 6 + 11 + 9))
        XCTAssertEqual(item["id"]?.end, Mark(line: 3, column: 12, offset: 6 + 11 + 11))
        XCTAssertEqual(item.start, Mark(line: 3, column: 5, offset: 6 + 11 + 4))
    }

    /// Text written byte for byte in the file is read from it; only other text is copied.
    func testVerbatimTextIsNotCopied() throws {
        func textChunks(_ items: String) throws -> Int? {
            let stream = try Self.parse("list:\n" + String(repeating: items, count: 600))
            guard case .packed(let packed)? = stream.documents.first?.root["list"]?.items?.storage else { return nil }
            return packed.textChunkCount
        }
        XCTAssertEqual(try textChunks("  - plain\n  - 'quoted'\n  - \"double\"\n  - {id: p1, text: 'a b'}\n  - {}\n"), 0)
        XCTAssertEqual(try textChunks("  - plain\n  - 'it''s'\n"), 1) // `''` is one quote in the text
        XCTAssertEqual(try textChunks("  - plain\n  - {k: \"\\t\"}\n"), 1) // an escape
        XCTAssertEqual(try textChunks("  - plain\n  - two\n    lines\n"), 1) // a folded line break
    }

    /// A list is packed from `threshold` items; before that, and once an item cannot be
    /// packed, it is an array of nodes, equal to the unpacked parse.
    func testListsThatCannotBePackedAreNodes() throws {
        let n = PackedItems.threshold
        let long = String(repeating: "x", count: 256)
        let farEnd = "a\n" + String(repeating: "\n", count: 300) + "    b"
        let cases: [(String, Bool)] = [
            (Self.items(n - 1), false),
            (Self.items(n), true),
            (Self.items(n + 10) + "  - {a: b}\n", true), // a mapping of scalars
            (Self.items(n + 10) + "  - {a: [b, {c: d}], e: {}}\n", true), // collections inside
            (Self.items(n + 10) + "  - [x, y]\n", true),
            (Self.items(n + 10) + "  - {a: {<<: {k: v}}}\n", false), // a merge key inside
            (Self.items(n + 10) + "  - " + String(repeating: "[", count: 17) + String(repeating: "]", count: 17) + "\n", false), // 16 levels inside
            (Self.items(n + 10) + "  - " + String(repeating: "[", count: 16) + String(repeating: "]", count: 16) + "\n", true),
            (Self.items(n + 10) + "  - {a: !!str b}\n", false), // a tag in a mapping
            (Self.items(n + 10) + "  - {<<: b}\n", false), // a merge key
            (Self.items(n + 10) + "  - {k: *a}\n", false), // an alias, marked outside the mapping
            (Self.items(n + 10) + "  - {k: " + long + "}\n", false), // a value over 255 bytes
            (Self.items(n + 10) + "  - k: a" + String(repeating: "\n", count: 40) + "      b\n", false), // a value over 31 lines
            (Self.items(n + 10) + "  - k: a" + String(repeating: "\n", count: 30) + "      b\n", true),
            (Self.items(n + 10) + "  - [a]\n" + Self.items(10), true),
            (Self.items(n + 10) + "  - !!str tagged\n", true), // an item's tag
            (Self.items(n + 10) + (0..<300).map { "  - !t\($0) x\n" }.joined(), false), // over 255 tags
            (Self.items(n + 10) + "  - !!map {}\n", true),
            (Self.items(n + 10) + "  - " + long + "\n", false), // over 255 bytes
            (Self.items(n + 10) + "  - " + String(repeating: "y", count: 255) + "\n", true),
            (Self.items(n + 10) + "  - " + farEnd + "\n", false), // ends 301 lines on
            ("  - {a: !!str b}\n" + Self.items(n + 10), false), // not packable from the first item
            (Self.items(100) + "  - " + long + "\n" + Self.items(n), false), // nor from the 101st
            (Self.items(n + 10) + "  - *a\n", true), // an alias of a scalar
        ]
        for (k, (items, expectPacked)) in cases.enumerated() {
            let text = "list:\n" + items + "copy: *a\n"
            let packed = try Self.parse(text), plain = try Self.parse(text, threshold: .max)
            XCTAssertEqual(packed.documents[0].root["list"]?.items?.isPacked, expectPacked, "case \(k)")
            XCTAssertEqual(Self.dump(packed.documents[0].root), Self.dump(plain.documents[0].root), "case \(k)")
        }
    }

    /// An anchored packed list, repeated by an alias, and merge keys beside it.
    func testAnAliasOfAPackedList() throws {
        let text = "base: &list\n" + Self.items(600) + "again: *list\nm:\n  <<: {k: v}\n  own: 1\n"
        let packed = try Self.parse(text), plain = try Self.parse(text, threshold: .max)
        XCTAssertEqual(packed.documents[0].root["again"]?.items?.isPacked, true)
        XCTAssertEqual(Self.dump(packed.documents[0].root), Self.dump(plain.documents[0].root))
        XCTAssertEqual(Self.dump(packed.documents[0].root.resolvingMergeKeys()), Self.dump(plain.documents[0].root.resolvingMergeKeys()))
    }
}
