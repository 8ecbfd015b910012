import Foundation
@testable import PolicyYAML
import XCTest

/// The tree builder: structure, marks, duplicate keys, limits, documents.
final class YAMLParserTests: XCTestCase {
    func parse(_ text: String, limits: YAMLLimits = .default) throws -> YAMLStream {
        try YAMLParser(limits: limits).parse(string: text)
    }

    func error(_ text: String, limits: YAMLLimits = .default, file: StaticString = #filePath, line: UInt = #line) -> YAMLError? {
        do {
            _ = try YAMLParser(limits: limits).parse(string: text)
            XCTFail("accepted: \(text.prefix(80))", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func json(_ text: String) throws -> [String] {
        try parse(text).documents.map { $0.root.json().serialized(indent: nil) }
    }

    // MARK: - Structure and marks

    func testMappingWithMarks() throws {
        let doc = try XCTUnwrap(parse("policy:\n  name: Café Ünïcode\n  text: \"x\"\n").documents.first)
        let name = try XCTUnwrap(doc.root["policy"]?["name"])
        XCTAssertEqual(name.scalar, "Café Ünïcode")
        XCTAssertEqual(name.style, .plain)
        XCTAssertEqual(name.start, Mark(line: 2, column: 9, offset: 16))
        // End column counts code points: "Café Ünïcode" is 12 characters, 15 bytes.
        XCTAssertEqual(name.end.line, 2)
        XCTAssertEqual(name.end.column, 21)
        XCTAssertEqual(name.end.offset, 16 + 15)
        let text = try XCTUnwrap(doc.root["policy"]?["text"])
        XCTAssertEqual(text.style, .doubleQuoted)
        XCTAssertEqual(text.start.line, 3)
        XCTAssertEqual(text.start.column, 9)
    }

    func testMarksAfterWideCharactersAgreeWithOffsets() throws {
        let text = "k: \u{1F600}\u{1F600} x\nk2: é\n"
        let stream = try parse(text)
        let root = try XCTUnwrap(stream.documents.first?.root)
        for pair in try XCTUnwrap(root.pairs) {
            for node in [pair.key, pair.value] {
                // The offset of every mark is where its line and column are.
                XCTAssertEqual(stream.source.mark(atByte: node.start.offset), node.start)
                XCTAssertEqual(stream.source.mark(atByte: node.end.offset), node.end)
            }
        }
        XCTAssertEqual(root["k"]?.start.column, 4)
        XCTAssertEqual(root["k"]?.end.column, 8)
    }

    func testScalarStylesAndTags() throws {
        let root = try XCTUnwrap(parse("""
            a: plain
            b: 'single'
            c: "double"
            d: |
              literal
            e: >
              folded
            f: !!str 12
            g: !custom x
            """).documents.first?.root)
        XCTAssertEqual(root["a"]?.style, .plain)
        XCTAssertEqual(root["b"]?.style, .singleQuoted)
        XCTAssertEqual(root["c"]?.style, .doubleQuoted)
        XCTAssertEqual(root["d"]?.style, .literal)
        XCTAssertEqual(root["d"]?.scalar, "literal\n")
        XCTAssertEqual(root["e"]?.style, .folded)
        XCTAssertEqual(root["f"]?.tag, "tag:yaml.org,2002:str")
        XCTAssertEqual(root["g"]?.tag, "!custom")
    }

    // MARK: - Core schema JSON

    func testCoreSchemaJSON() throws {
        XCTAssertEqual(try json("""
            [~, null, Null, NULL, "", '', true, True, FALSE, 'true', 1, -2, +3, 0o17, 0x1F, 1.5, .5, -1e3, 1_000, .inf, 0x, yes]
            """), [#"[null,null,null,null,"","",true,true,false,"true",1,-2,3,15,31,1.5,0.5,-1000,"1_000",".inf","0x","yes"]"#])
        // Numbers JSON cannot hold stay text; huge integers keep their digits.
        XCTAssertEqual(try json("[1e400, -1e400, 123456789012345678901234567890, 1e20, 1e-7]"),
                       [#"["1e400","-1e400",123456789012345678901234567890,1e+20,1e-07]"#])
        // Explicit tags win over the plain-scalar rules.
        XCTAssertEqual(try json(#"[!!str 1, !!int "3", !!bool "false", !!null "", !!float "2", ! 12, !x true]"#),
                       [#"["1",3,false,null,2,"12","true"]"#])
    }

    func testKeysOfEveryKind() throws {
        XCTAssertEqual(try json("1: a\n~: b\n? [x, y]\n: c\n? {k: v}\n: d\n"),
                       [#"{"1":"a","":"b","[\"x\",\"y\"]":"c","{\"k\":\"v\"}":"d"}"#])
    }

    // MARK: - Documents

    func testDocuments() throws {
        XCTAssertEqual(try json(""), [])
        XCTAssertEqual(try json("# only a comment\n"), [])
        XCTAssertEqual(try json("---\n"), ["null"])
        XCTAssertEqual(try json("---\n---\n"), ["null", "null"])
        XCTAssertEqual(try json("a: 1\n---\n- b\n...\n--- c\n"), [#"{"a":1}"#, #"["b"]"#, #""c""#])
        let stream = try parse("a: 1\n---\nb: 2\n")
        XCTAssertEqual(stream.documents.map(\.start.line), [1, 2])
    }

    func testAnchorsAreLocalToADocument() {
        XCTAssertEqual(error("a: &x 1\n---\nb: *x\n")?.message, "unknown alias *x")
    }

    func testDocumentLimit() {
        var limits = YAMLLimits()
        limits.maxDocuments = 3
        XCTAssertEqual(error(String(repeating: "--- a\n", count: 5), limits: limits)?.description,
                       "4:1: more than 3 documents in one stream")
    }

    // MARK: - Streamed list items

    /// Parses `text` with the items of its top-level `findings:` list streamed: the items handed
    /// over (as one-line JSON with marks) and the stream, or the error.
    func streamed(_ text: String) -> (items: [String], result: Result<YAMLStream, YAMLError>) {
        var items: [String] = []
        do {
            let stream = try YAMLParser().parse(bytes: Array(text.utf8), streamingItemsOf: "findings") { item in
                items.append(item.json(marks: true).serialized(indent: nil))
            }
            return (items, .success(stream))
        } catch {
            return (items, .failure(error))
        }
    }

    func testStreamedItemsAreTheTreesItems() throws {
        let text = """
            version: 1
            "findings":
              - {file: a.yaml, rule: r, match: "x, y"}
              - &item
                file: b.yaml
                nested: [1, {k: v}]
              - *item
              - plain
            other: [1, 2]

            """
        let whole = try parse(text)
        let (items, result) = streamed(text)
        let expected = try XCTUnwrap(whole.documents[0].root["findings"]?.items).map { $0.json(marks: true).serialized(indent: nil) }
        XCTAssertEqual(items, expected)
        XCTAssertEqual(items.count, 4)
        // The list is left empty in the tree, at its place; the rest of the tree is whole.
        let root = try result.get().documents[0].root
        XCTAssertEqual(root["findings"]?.items?.count, 0)
        XCTAssertEqual(root["findings"]?.start, whole.documents[0].root["findings"]?.start)
        XCTAssertEqual(root["other"]?.json().serialized(indent: nil), "[1,2]")
        XCTAssertEqual(root["version"]?.scalar, "1")
    }

    func testOnlyTheFirstDocumentsTopLevelListIsStreamed() throws {
        for text in ["a:\n  findings: [1, 2]\n", "- findings: [1]\n", "findings: {a: 1}\n", "x: &l [1, 2]\nfindings: *l\n",
                     "findings:\n---\nfindings: [1, 2]\n", "[findings, [1, 2]]\n", "findings: 1\n? [findings]\n: [1, 2]\n"] {
            let (items, result) = streamed(text)
            XCTAssertEqual(items, [], text)
            XCTAssertEqual(try result.get().documents.map { $0.root.json().serialized(indent: nil) }, try json(text), text)
        }
    }

    func testStreamedParsingKeepsEveryCheck() {
        // The same errors as a whole parse, at the same places; items before an error were handed over.
        for text in ["findings:\n  - {file: a}\n  - {file: b, file: c}\n",
                     "findings:\n  - a\n  - [b\n",
                     "findings:\n  - a\nfindings: []\n",
                     "findings:\n  - &a [x, x, x, x, x, x, x, x, x, x]\n  - [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"] {
            var limits = YAMLLimits.default
            limits.maxAliasNodes = 50
            let expected = error(text, limits: limits)?.description
            var items = 0
            XCTAssertThrowsError(try YAMLParser(limits: limits).parse(bytes: Array(text.utf8), streamingItemsOf: "findings") { _ in items += 1 }) { e in
                XCTAssertEqual((e as? YAMLError)?.description, expected, text)
            }
            XCTAssertEqual(items, 1, text)
        }
    }

    // MARK: - Duplicate keys

    func testDuplicateKeyNamesBothPositions() {
        XCTAssertEqual(error("policy:\n  name: a\n  name: b\n")?.description,
                       "3:3: duplicate key 'name' (first defined at 2:3)")
        // Quoting does not make a different key.
        XCTAssertEqual(error("a: 1\n\"a\": 2\n")?.description, "2:1: duplicate key 'a' (first defined at 1:1)")
        XCTAssertEqual(error("{x: 1, y: 2, 'x': 3}")?.description, "1:14: duplicate key 'x' (first defined at 1:2)")
        // Every spelling of null is one key.
        XCTAssertEqual(error("~: 1\nnull: 2\n")?.description, "2:1: duplicate key 'null' (first defined at 1:1)")
    }

    func testDuplicateKeyThroughAnAliasIsReportedAtTheAlias() {
        XCTAssertEqual(error("first: &k a\na: 1\n*k : 2\n")?.description, "3:1: duplicate key 'a' (first defined at 2:1)")
        XCTAssertEqual(error("&k a: 1\nb: 2\n*k : 3\n")?.description, "3:1: duplicate key 'a' (first defined at 1:1)")
    }

    func testKeysThatAreNotDuplicates() throws {
        // Same key in different mappings, repeated merge keys, and collection keys (the YAML test
        // suite reads `{ &a [a]: 1, *a : 2 }` as valid).
        XCTAssertNoThrow(try parse("a: {k: 1}\nb: {k: 2}\n"))
        XCTAssertNoThrow(try parse("base: &b {x: 1}\nm:\n  <<: *b\n  <<: {y: 2}\n"))
        XCTAssertNoThrow(try parse("{ &a [a, &b b]: *b, *a : [c, *b, d]}"))
    }

    // MARK: - Limits

    func testNestingLimit() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertEqual(error(deep)?.description, "1:257: nesting deeper than 256 levels")
        let blocks = (0..<300).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n"
        XCTAssertEqual(error(blocks)?.description, "257:513: nesting deeper than 256 levels")
    }

    func testNestingLimitHoldsThroughAliases() {
        // Each anchor nests the previous one 200 levels deeper: the tree would be 400 deep.
        let a = String(repeating: "[", count: 200) + "x" + String(repeating: "]", count: 200)
        let b = String(repeating: "[", count: 200) + "*a" + String(repeating: "]", count: 200)
        XCTAssertEqual(error("a: &a \(a)\nb: &b \(b)\n")?.message, "nesting deeper than 256 levels (through alias *a)")
        XCTAssertEqual(error("a: &a \(a)\nb: &b \(b)\n")?.mark.line, 2)
        // Exactly at the limit (root list + 254 + the anchored list = 256 levels) is fine, one more is not.
        let at = String(repeating: "[", count: 254) + "*a" + String(repeating: "]", count: 254)
        XCTAssertNoThrow(try parse("- &a [x]\n- \(at)\n"))
        XCTAssertEqual(error("- &a [x]\n- [\(at)]\n")?.description, "2:258: nesting deeper than 256 levels (through alias *a)")
    }

    func testAliasBomb() {
        var lines = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for k in 1..<names.count {
            let refs = Array(repeating: "*\(names[k - 1])", count: 9).joined(separator: ",")
            lines.append("\(names[k]): &\(names[k]) [\(refs)]")
        }
        let start = Date()
        let e = error(lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(e?.message, "aliases expand to more than 100000 nodes (an alias bomb?)")
        XCTAssertEqual(e?.mark.line, 6)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testModestAliasUseIsFine() throws {
        let root = try XCTUnwrap(parse("base: &b {x: 1}\nuse: *b\nlist: [*b, *b]\n").documents.first?.root)
        XCTAssertEqual(root["use"]?["x"]?.scalar, "1")
        XCTAssertEqual(root["list"]?.items?.count, 2)
    }

    func testFileSizeLimit() {
        var limits = YAMLLimits()
        limits.maxFileBytes = 1024
        XCTAssertEqual(error(String(repeating: "a: b\n", count: 1000), limits: limits)?.description,
                       "1:1: file is 4 KB, over the 1 KB limit (--max-file-size)")
    }

    /// Large collections build in linear time (the builder once copied a collection's items on
    /// every append: minutes for a few hundred thousand entries).
    func testLargeCollectionsBuildInLinearTime() throws {
        var text = "keys:\n"
        for i in 0..<100_000 { text += "  k\(i): v\n" }
        text += "items:\n"
        text += String(repeating: "  - v\n", count: 200_000)
        let start = Date()
        let root = try XCTUnwrap(parse(text).documents.first?.root)
        XCTAssertEqual(root["keys"]?.pairs?.count, 100_000)
        XCTAssertEqual(root["items"]?.items?.count, 200_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 60, "building a 300,000-node tree should take seconds")
    }

    // MARK: - Errors from libyaml

    func testLibyamlErrorsHavePositions() {
        XCTAssertEqual(error("policy:\n  name: [unclosed\n")?.description,
                       "3:1: did not find expected ',' or ']' (while parsing a flow sequence at 2:9)")
        XCTAssertEqual(error("a: b: c\n")?.description, "1:5: mapping values are not allowed in this context")
        XCTAssertEqual(error("x: *nothing\n")?.description, "1:4: unknown alias *nothing")
    }

    func testLibyamlErrorOffsetIsInBytes() throws {
        // "é" is one column but two bytes: the mark's offset must be the byte offset.
        let e = try XCTUnwrap(error("é: [x\n"))
        let source = SourceText("é: [x\n")
        XCTAssertEqual(source.mark(atByte: e.mark.offset), e.mark)
    }

    func testMergeKeys() throws {
        let root = try XCTUnwrap(parse("""
            base: &b {x: 1, y: 2}
            m:
              <<: *b
              y: 3
            """).documents.first?.root).resolvingMergeKeys()
        XCTAssertEqual(root["m"]?.json().serialized(indent: nil), #"{"y":3,"x":1}"#)
    }

    func testMergeKeysAreNotedPerDocument() throws {
        let stream = try YAMLParser().parse(string: """
            a: 1
            ---
            base: &b {x: 1}
            use: [{<<: *b, y: 2}]
            ---
            quoted: {"<<": 1, !!str << : 2}
            ---
            - <<
            """)
        XCTAssertEqual(stream.documents.map(\.hasMergeKeys), [false, true, false, false])
        XCTAssertEqual(stream.documents.map(\.root.containsMergeKey), [false, true, false, false])
    }
}
