import Foundation
@testable import PolicyLint
import PolicyYAML
import XCTest

/// `ProseSourceMap`'s verbatim fast path gives the same spans as `ScalarSourceMap` for every
/// value range of every scalar: hand-written edge cases, and the YAML test suite when present.
final class ProseSourceMapTests: XCTestCase {
    static let cases = [
        "a: plain text, don't stop\n",
        "a: 'single ''quoted'' text'\n",
        "a: 'single text'\n",
        "a: \"double \\\"escaped\\\" text\"\n",
        "a: \"double text\"\n",
        "a: \"double   spaced\ttab\"\n",
        "a: \"folded \n  over lines\"\n",
        "a: \"trailing \n  \"\n",
        "a: plain folded\n  over lines\n",
        "a: &anchor plain with anchor\n",
        "a: !!str tagged plain\n",
        "a: &x 'anchored single'\n",
        "a: |\n  literal text\n",
        "a: >\n  folded text\n  here\n",
        "a: Ünïcödé — plain, café\n",
        "a: \"Ünïcödé — double\"\n",
        "- one\n- 'two'\n- \"three\"\n",
    ]

    func testVerbatimSpansMatchTheAlignment() throws {
        var verbatim = 0
        for text in Self.cases {
            verbatim += try check(Array(text.utf8), name: text)
        }
        XCTAssertGreaterThan(verbatim, 8)
    }

    func testEveryScalarOfTheSuite() throws {
        let env = ProcessInfo.processInfo.environment["POLICYLINT_YAML_SUITE"] ?? ""
        let suite = env.isEmpty ? repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data/yaml-test-suite")
            : URL(fileURLWithPath: env)
        guard let ids = try? FileManager.default.contentsOfDirectory(atPath: suite.path) else {
            throw XCTSkip("YAML test suite not found at \(suite.path)")
        }
        var verbatim = 0
        for id in ids.sorted() {
            guard let data = FileManager.default.contents(atPath: suite.appendingPathComponent(id).appendingPathComponent("in.yaml").path) else { continue }
            verbatim += try check([UInt8](data), name: id)
        }
        XCTAssertGreaterThan(verbatim, 100)
    }

    /// Compares every span of every scalar; returns how many took the verbatim path.
    func check(_ bytes: [UInt8], name: String) throws -> Int {
        guard let stream = try? YAMLParser().parse(bytes: bytes) else { return 0 }
        var verbatim = 0
        var stack = stream.documents.map(\.root)
        while let node = stack.popLast() {
            switch node.content {
            case .sequence(let items): stack += items
            case .mapping(let pairs): for p in pairs { stack += [p.key, p.value] }
            case .scalar(let value, _):
                var fast = ProseSourceMap(node: node, source: stream.source)
                guard fast.verbatim != nil else { continue }
                verbatim += 1
                var slow = ScalarSourceMap(node: node, source: stream.source)
                let n = value.utf8.count
                for a in 0..<n {
                    for b in (a + 1)...n {
                        let f = fast.span(a..<b, source: stream.source), s = slow.span(a..<b)
                        if f.start != s.start || f.end != s.end {
                            XCTFail("\(name): \(node.start) \(a)..<\(b): verbatim \(f) != aligned \(s)")
                            return verbatim
                        }
                    }
                }
            }
        }
        return verbatim
    }
}
