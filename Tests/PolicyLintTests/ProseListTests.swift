import XCTest
import PolicyYAML
@testable import PolicyLint

/// The segmented list of a document's prose (Model/ProseList.swift): order, indices and joins
/// across segment boundaries, and the compact string it holds.
final class ProseListTests: XCTestCase {
    static let mark = Mark(line: 1, column: 1, offset: 0)

    static func strings(_ range: Range<Int>) -> [ProseString] {
        range.map { ProseString(text: "s\($0)", style: .plain, start: mark, end: mark, item: $0, field: .termText) }
    }

    static func texts(_ list: ProseList) -> [String] {
        var out: [String] = []
        list.forEachInPlace { out.append($0.pointee.text); return true }
        return out
    }

    func testAppendsPastSegmentsKeepOrderAndIndices() {
        let n = 2 * ProseList.segmentCapacity + 3
        let list = ProseList(Self.strings(0..<n))
        XCTAssertEqual(list.count, n)
        let expected = (0..<n).map { "s\($0)" }
        XCTAssertEqual(list.map(\.text), expected)
        XCTAssertEqual(Self.texts(list), expected)
        for i in [0, ProseList.segmentCapacity - 1, ProseList.segmentCapacity, 2 * ProseList.segmentCapacity, n - 1] {
            XCTAssertEqual(list[i].text, "s\(i)")
            XCTAssertEqual(list[i].path, "terms[\(i)].text")
        }
    }

    func testJoinedListsKeepOrderAndTheirSourcesStayAsTheyWere() {
        let cap = ProseList.segmentCapacity
        for (a, b) in [(0, 5), (2, cap + 1), (cap + 1, 3), (cap, cap), (3, 0)] {
            var joined = ProseList(Self.strings(0..<a))
            let tail = ProseList(Self.strings(a..<(a + b)))
            joined.append(contentsOf: tail)
            // Appended after the join: goes after the joined strings, and not into `tail`.
            joined.append(Self.strings((a + b)..<(a + b + 1))[0])
            let expected = (0..<(a + b + 1)).map { "s\($0)" }
            XCTAssertEqual(joined.map(\.text), expected, "\(a) + \(b)")
            XCTAssertEqual(Self.texts(joined), expected, "\(a) + \(b)")
            XCTAssertEqual(tail.count, b)
            XCTAssertEqual(tail.map(\.text), (a..<(a + b)).map { "s\($0)" })
            for i in joined.indices { XCTAssertEqual(joined[i].text, "s\(i)") }
        }
    }

    func testForEachInPlaceStopsWhenAsked() {
        let list = ProseList(Self.strings(0..<(ProseList.segmentCapacity + 10)))
        for stop in [0, 5, ProseList.segmentCapacity - 1, ProseList.segmentCapacity] {
            var seen = 0
            list.forEachInPlace { _ in seen += 1; return seen <= stop }
            XCTAssertEqual(seen, stop + 1)
        }
    }

    func testLongestText() {
        var list = ProseList(Self.strings(0..<(ProseList.segmentCapacity + 2)))
        XCTAssertEqual(list.longestTextByteCount, "s\(ProseList.segmentCapacity + 1)".utf8.count)
        list.append(ProseString(text: String(repeating: "é", count: 40), style: .plain, start: Self.mark, end: Self.mark, item: 0, field: .termTitle))
        XCTAssertEqual(list.longestTextByteCount, 80)
        XCTAssertEqual(ProseList().longestTextByteCount, 0)
    }

    /// A string is 48 bytes: a million of them (a `terms:` list of short items) are the largest
    /// part of such a file's peak memory, so a field more should be a decision, not a slip.
    func testAStringIsFortyEightBytes() {
        XCTAssertEqual(MemoryLayout<ProseString>.stride, 48)
    }

    /// A string made from a node gives back that node's parts, and imported offsets stay with it.
    func testAStringFromANodeKeepsItsParts() {
        let start = Mark(line: 3, column: 9, offset: 40), end = Mark(line: 4, column: 2, offset: 60)
        let node = YAMLNode(.scalar("We may refuse.", .folded), start: start, end: end)
        let prose = ProseString(path: "complaints.escalation", node: node)
        XCTAssertEqual(prose.text, "We may refuse.")
        XCTAssertEqual(prose.path, "complaints.escalation")
        XCTAssertEqual(prose.node.style, .folded)
        XCTAssertEqual(prose.node.start, start)
        XCTAssertEqual(prose.node.end, end)
        XCTAssertNil(prose.originalOffsets)
        let imported = prose.withOriginalOffsets([7, 8, 9])
        XCTAssertEqual(imported.originalOffsets, [7, 8, 9])
        XCTAssertEqual(imported.path, "complaints.escalation")
        XCTAssertEqual(imported.style, .folded)
    }

    /// The schema walk gives a prose field of an item of `terms:`, `promises:` or `partners:`
    /// the compact place (no rendered path, no object per string), and every other string a
    /// rendered one; the paths are the walk's either way.
    func testItemFieldsOfListsAtTheRootHaveTheCompactPlace() throws {
        let yaml = """
            policy: {name: X, summary: We deliver.}
            promises:
              - {id: p1, text: We ship fast., if_missed: We refund.}
              - {id: p2, text: 'Next day.', if_missed: [Credit., Refund.]}
            partners:
              - {id: lab, accountability: The lab answers.}
            refunds: {exceptions: [Sale items.]}
            terms:
              - {title: One, text: First.}
            """
        let document = PolicyDocument(root: try XCTUnwrap(YAMLParser().parse(string: yaml).documents.first).root,
                                      source: try SourceText(decoding: Array(yaml.utf8)))
        var seen: [String] = []
        for prose in document.prose {
            let compact: Bool
            if case .item = prose.place { compact = true } else { compact = false }
            seen.append("\(prose.path)=\(prose.text)\(compact ? " (compact)" : "")")
        }
        XCTAssertEqual(seen, [
            "policy.summary=We deliver.",
            "promises[0].text=We ship fast. (compact)",
            "promises[0].if_missed=We refund. (compact)",
            "promises[1].text=Next day. (compact)",
            "promises[1].if_missed[0]=Credit.",
            "promises[1].if_missed[1]=Refund.",
            "partners[0].accountability=The lab answers. (compact)",
            "refunds.exceptions[0]=Sale items.",
            "terms[0].title=One (compact)",
            "terms[0].text=First. (compact)",
        ])
        XCTAssertEqual(document.prose.first { $0.path == "promises[1].text" }?.style, .singleQuoted)
        // The fields are the schema's prose fields of its lists of mappings at the root.
        XCTAssertEqual(ProseString.ItemField.all.map { "\($0.list).\($0.key)" },
                       ["promises.text", "promises.if_missed", "partners.accountability", "terms.title", "terms.text"])
    }
}
