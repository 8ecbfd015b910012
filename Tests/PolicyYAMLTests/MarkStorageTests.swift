import PolicyYAML
import XCTest

/// Marks and tags are stored compactly (32-bit positions, a tag by reference): every value a
/// file of up to 1 GB can have reads back as it was set.
final class MarkStorageTests: XCTestCase {
    func testPositionsOfAGigabyteFileReadBack() {
        let gigabyte = 1 << 30
        var m = Mark(line: gigabyte / 2, column: gigabyte - 1, offset: gigabyte)
        XCTAssertEqual([m.line, m.column, m.offset], [gigabyte / 2, gigabyte - 1, gigabyte])
        m.offset += 7
        m.line = 3
        XCTAssertEqual([m.line, m.column, m.offset], [3, gigabyte - 1, gigabyte + 7])
        XCTAssertLessThan(Mark(line: 9, column: 9, offset: 10), Mark(line: 1, column: 1, offset: gigabyte), "ordered by offset")
        XCTAssertEqual(Mark(line: 2, column: 3, offset: 4), Mark(line: 2, column: 3, offset: 4))
        XCTAssertNotEqual(Mark(line: 2, column: 3, offset: 4), Mark(line: 2, column: 4, offset: 4))
        XCTAssertEqual(MemoryLayout<Mark>.size, 12)
    }

    func testTagsReadBackAndChange() throws {
        let doc = try YAMLParser(limits: YAMLLimits()).parse(string: "a: !!str 12\nb: 13\n").documents[0].root
        XCTAssertEqual(doc["a"]?.tag, "tag:yaml.org,2002:str")
        XCTAssertNil(doc["b"]?.tag)
        var node = try XCTUnwrap(doc["b"])
        node.tag = "tag:yaml.org,2002:null"
        XCTAssertEqual(node.tag, "tag:yaml.org,2002:null")
        XCTAssertNil(doc["b"]?.tag, "a copy's tag is its own")
        node.tag = nil
        XCTAssertNil(node.tag)
        XCTAssertEqual(MemoryLayout<YAMLNode>.size, 56)
    }
}
