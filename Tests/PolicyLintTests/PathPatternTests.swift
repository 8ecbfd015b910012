@testable import PolicyLint
import PolicyYAML
import XCTest

/// `PathPattern.resolve` (paths and nodes, in document order) and `contains` (the same walk
/// without them), on one tree with lists of lists, a missing key and a null.
final class PathPatternTests: XCTestCase {
    private let yaml = """
        promises:
          - id: p1
            if_missed: [a, b]
          - id: p2
          - id: p3
            if_missed: [c]
        support:
          first_response: ~
          hours: 9-5
        """

    private func root() throws -> YAMLNode {
        try XCTUnwrap(YAMLParser().parse(string: yaml).documents.first).root
    }

    private func resolved(_ pattern: String) throws -> [String] {
        try XCTUnwrap(PathPattern(pattern)).resolve(in: root()).map { "\($0.path)=\($0.node.scalar ?? "-")" }
    }

    func testResolveGivesConcretePathsInDocumentOrder() throws {
        XCTAssertEqual(try resolved("promises[*].if_missed[*]"),
                       ["promises[0].if_missed[0]=a", "promises[0].if_missed[1]=b", "promises[2].if_missed[0]=c"])
        XCTAssertEqual(try resolved("promises[*].id"), ["promises[0].id=p1", "promises[1].id=p2", "promises[2].id=p3"])
        XCTAssertEqual(try resolved("promises[1].id"), ["promises[1].id=p2"])
        XCTAssertEqual(try resolved("promises[3].id"), [])
        XCTAssertEqual(try resolved("support.hours"), ["support.hours=9-5"])
        XCTAssertEqual(try resolved("support.first_response"), ["support.first_response=~"]) // a null is reached too
        XCTAssertEqual(try resolved("support.email"), [])
        XCTAssertEqual(try resolved("support[*]"), []) // a mapping has no items
    }

    func testContainsAgreesWithResolve() throws {
        let root = try root()
        let patterns = ["promises[*].if_missed[*]", "promises[*].id", "promises[1].if_missed", "promises[9]",
                        "support.hours", "support.first_response", "support.email", "support[*]", "refunds.window"]
        let tests: [(String, (YAMLNode) -> Bool)] = [
            ("any", { _ in true }), ("not null", { !$0.isNull }), ("is c", { $0.scalar == "c" }), ("is p2", { $0.scalar == "p2" }),
        ]
        for text in patterns {
            let pattern = try XCTUnwrap(PathPattern(text))
            for (name, test) in tests {
                XCTAssertEqual(pattern.contains(in: root, where: test), pattern.resolve(in: root).contains { test($0.node) },
                               "\(text), \(name)")
            }
        }
        XCTAssertTrue(try XCTUnwrap(PathPattern("promises[*].if_missed[*]")).contains(in: root) { $0.scalar == "c" })
        XCTAssertFalse(try XCTUnwrap(PathPattern("promises[*].id")).contains(in: root) { $0.scalar == "c" })
    }

    func testDocumentHasValueSkipsNulls() throws {
        let document = PolicyDocument(root: try root(), source: try SourceText(decoding: Array(yaml.utf8)))
        XCTAssertFalse(document.hasValue(at: try XCTUnwrap(PathPattern("support.first_response"))) { _ in true })
        XCTAssertTrue(document.hasValue(at: try XCTUnwrap(PathPattern("support.hours"))) { _ in true })
    }

    func testDocumentForEachValueSkipsNullsAndRendersPathsOnlyAsked() throws {
        let document = PolicyDocument(root: try root(), source: try SourceText(decoding: Array(yaml.utf8)))
        var seen: [String] = []
        document.forEachValue(at: try XCTUnwrap(PathPattern("promises[*].if_missed[*]"))) { path, node in
            seen.append("\(path)=\(node.scalar ?? "-")")
        }
        XCTAssertEqual(seen, ["promises[0].if_missed[0]=a", "promises[0].if_missed[1]=b", "promises[2].if_missed[0]=c"])
        seen = []
        document.forEachValue(at: try XCTUnwrap(PathPattern("support.first_response"))) { path, _ in seen.append(path.description) }
        XCTAssertEqual(seen, []) // the null is skipped
        document.forEachValue(at: try XCTUnwrap(PathPattern("support.hours"))) { path, _ in seen.append(path.description) }
        XCTAssertEqual(seen, ["support.hours"])
    }
}
