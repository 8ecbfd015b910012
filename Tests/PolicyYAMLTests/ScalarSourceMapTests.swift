import Foundation
@testable import PolicyYAML
import XCTest

/// `ScalarSourceMap` over every scalar of every valid YAML test suite case: each non-space
/// value byte maps to the same byte in the source (or to the backslash of the escape that
/// produced it), inside the node, in order. Exact positions are in PolicyLintTests/PositionTests.
final class ScalarSourceMapTests: XCTestCase {
    func testEveryScalarOfTheSuiteAlignsWithItsSource() throws {
        let suite = YAMLTestSuiteTests.suiteURL
        guard FileManager.default.fileExists(atPath: suite.path) else {
            throw XCTSkip("YAML test suite not found at \(suite.path) (YAMLTestSuiteTests reports it)")
        }
        var scalars = 0
        for id in try YAMLTestSuiteTests.caseIDs(in: suite) {
            let dir = suite.appendingPathComponent(id)
            guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent("in.yaml").path),
                  let stream = try? YAMLParser().parse(bytes: [UInt8](data)) else { continue }
            var seen = Set<Int>()
            var stack = stream.documents.map(\.root)
            while let node = stack.popLast() {
                switch node.content {
                case .sequence(let items): stack += items
                case .mapping(let pairs): for p in pairs { stack += [p.key, p.value] }
                case .scalar(let value, let style):
                    guard seen.insert(node.start.offset).inserted, !value.isEmpty else { continue }
                    scalars += 1
                    check(id, node, value: Array(value.utf8), style: style, source: stream.source.bytes)
                }
            }
        }
        XCTAssertGreaterThan(scalars, 1000)
    }

    func check(_ id: String, _ node: YAMLNode, value: [UInt8], style: ScalarStyle, source: [UInt8]) {
        let (starts, ends) = ScalarSourceMap.align(value, style: style, source: source,
                                                   from: node.start.offset, to: max(node.start.offset, node.end.offset))
        var previous = node.start.offset
        for (i, v) in value.enumerated() {
            let at = starts[i]
            guard at >= previous, at < max(node.end.offset, node.start.offset + 1), ends[i] >= at, ends[i] <= node.end.offset else {
                XCTFail("\(id) \(style) scalar at \(node.start): value byte \(i) maps to \(at)..<\(ends[i]), out of order or outside the node")
                return
            }
            previous = at
            if v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D { continue }
            let ok = ends[i] > at && source[at] == v || (style == .doubleQuoted && source[at] == UInt8(ascii: "\\"))
            if !ok {
                XCTFail("\(id) \(style) scalar at \(node.start): value byte \(i) (\(v)) maps to source byte \(source[at]) at \(at)")
                return
            }
        }
    }
}
