@testable import PolicyYAML
import XCTest

/// `NodeStack` moves a long collection out a slice at a time, from the top, shrinking its block
/// behind it: these hold the order, the marks and the pairing across slice boundaries, for
/// collections shorter, as long as and longer than a slice, nested inside others.
final class NodeStackTests: XCTestCase {
    func node(_ i: Int) -> YAMLNode {
        YAMLNode(.scalar("n\(i)", .plain), start: Mark(line: i + 1, column: 1, offset: i), end: Mark(line: i + 1, column: 2, offset: i + 1))
    }

    /// Pops runs of every awkward length from above a few nodes that stay, and checks every node
    /// once: each lands at its offset, and what stays below is untouched.
    func testPopMovesEveryNodeToItsOffsetAcrossSlices() {
        let slice = NodeStack.slice
        for n in [0, 1, 2, slice - 1, slice, slice + 1, 2 * slice, 3 * slice + 5] {
            var stack = NodeStack()
            for i in 0..<3 { stack.append(node(-1 - i)) }
            for i in 0..<n { stack.append(node(i)) }
            var seen = [Int](repeating: 0, count: n), calls = 0
            stack.pop(from: 3) { nodes, offset, count in
                calls += 1
                XCTAssertLessThanOrEqual(count, slice)
                for k in 0..<count {
                    let moved = (nodes + k).move()
                    XCTAssertEqual(moved.scalar, "n\(offset + k)")
                    XCTAssertEqual(moved.start.line, offset + k + 1)
                    seen[offset + k] += 1
                }
            }
            XCTAssertEqual(seen, [Int](repeating: 1, count: n), "n = \(n)")
            XCTAssertEqual(calls, n == 0 ? 0 : (n + slice - 1) / slice, "n = \(n)")
            XCTAssertEqual(stack.count, 3)
            XCTAssertEqual((0..<3).map { stack[$0].scalar }, ["n-1", "n-2", "n-3"])
            // The stack still grows after shrinking.
            for i in 0..<10 { stack.append(node(i)) }
            XCTAssertEqual(stack.count, 13)
            XCTAssertEqual(stack.removeLast().scalar, "n9")
        }
    }

    /// From `mapThreshold` bytes on, the block is a mapping of its own on Linux (grown and
    /// shrunk by `mremap`, so that it leaves no resident holes in the heap), and it stays a
    /// working stack through growing, popping and growing again.
    func testALargeBlockIsAMappingThatGrowsAndShrinks() {
        var stack = NodeStack()
        let small = 100, large = NodeStack.mapThreshold / MemoryLayout<YAMLNode>.stride + 1
        for i in 0..<small { stack.append(node(i)) }
        XCTAssertFalse(stack.isMapped)
        for i in small..<(3 * NodeStack.slice) { stack.append(node(i)) }
        #if os(Linux)
        XCTAssertTrue(stack.isMapped, "\(large) nodes and more")
        #endif
        var next = 0
        stack.pop(from: 10) { nodes, offset, count in
            for k in 0..<count { XCTAssertEqual((nodes + k).move().scalar, "n\(10 + offset + k)"); next += 1 }
        }
        XCTAssertEqual(next, 3 * NodeStack.slice - 10)
        for i in 10..<(2 * NodeStack.slice) { stack.append(node(i)) }
        XCTAssertEqual(stack.count, 2 * NodeStack.slice)
        XCTAssertTrue((0..<stack.count).allSatisfy { stack[$0].scalar == "n\($0)" })
    }

    /// A mapping's slices keep each key with its value.
    func testPopByPairsKeepsKeysWithValues() {
        var stack = NodeStack()
        let n = 2 * NodeStack.slice + 6 // pairs over three slices
        for i in 0..<n { stack.append(node(i)) }
        var pairs = 0
        stack.pop(from: 0, stride: 2) { nodes, offset, count in
            XCTAssertEqual(offset % 2, 0)
            XCTAssertEqual(count % 2, 0)
            for k in stride(from: 0, to: count, by: 2) {
                XCTAssertEqual((nodes + k).move().scalar, "n\(offset + k)")
                XCTAssertEqual((nodes + k + 1).move().scalar, "n\(offset + k + 1)")
                pairs += 1
            }
        }
        XCTAssertEqual(pairs, n / 2)
        XCTAssertEqual(stack.count, 0)
    }

    /// Through the parser: a list and a mapping longer than two slices, inside a mapping and
    /// followed by more keys, keep every item's text and position.
    func testLongCollectionsParseInOrder() throws {
        let n = 2 * NodeStack.slice + 3
        var text = "before: 1\nlist:\n"
        for i in 0..<n { text += "  - i\(i)\n" }
        text += "map:\n"
        for i in 0..<n { text += "  k\(i): v\(i)\n" }
        text += "after: 2\n"
        let root = try YAMLParser().parse(string: text).documents[0].root
        let items = try XCTUnwrap(root["list"]?.items)
        XCTAssertEqual(items.count, n)
        for i in [0, 1, NodeStack.slice - 1, NodeStack.slice, NodeStack.slice + 1, n - 1] {
            XCTAssertEqual(items[i].scalar, "i\(i)")
            XCTAssertEqual(items[i].start.line, i + 3)
            XCTAssertEqual(items[i].start.column, 5)
        }
        XCTAssertTrue(items.enumerated().allSatisfy { $0.element.scalar == "i\($0.offset)" })
        let pairs = try XCTUnwrap(root["map"]?.pairs)
        XCTAssertEqual(pairs.count, n)
        XCTAssertTrue(pairs.enumerated().allSatisfy { $0.element.key.scalar == "k\($0.offset)" && $0.element.value.scalar == "v\($0.offset)" })
        XCTAssertEqual(pairs[n - 1].key.start.line, n + 3 + n)
        XCTAssertEqual(root["after"]?.scalar, "2")
        XCTAssertEqual(root.pairs?.map { $0.key.scalar ?? "" }, ["before", "list", "map", "after"])
    }

    /// A duplicate key far into a long mapping is still found (the keys are indexed while they
    /// wait on the stack), with both positions.
    func testDuplicateKeyInALongMapping() {
        let n = NodeStack.slice + 10
        var text = ""
        for i in 0..<n { text += "k\(i): v\n" }
        text += "k5: again\n"
        XCTAssertThrowsError(try YAMLParser().parse(string: text)) { error in
            XCTAssertEqual((error as? YAMLError)?.description, "\(n + 1):1: duplicate key 'k5' (first defined at 6:1)")
        }
    }
}
