@testable import PolicyLint
import PolicyYAML
import XCTest

/// `FindingOrder.sort` against the stable sort it replaced: the same order, ties included.
final class FindingOrderTests: XCTestCase {
    private func finding(_ rule: String, line: Int, column: Int, tag: Int) -> Finding {
        // Set after: a `Mark` holds 32 bits (files are at most 1 GB), a location's line any `Int`.
        var at = Location(file: "f.yaml", start: Mark(line: 1, column: 1, offset: 0), end: Mark(line: 1, column: 2, offset: 1), path: "p")
        (at.line, at.column, at.endLine, at.endColumn) = (line, column, line, column + 1)
        return Finding(rule: rule, title: rule, category: "c", severity: .warning, message: "m\(tag)", location: at,
                       related: [], fix: nil, matchedText: "w\(tag)", fingerprint: String(tag))
    }

    /// The order of the stable sort by line, column and rule id (what the engine did before).
    private func reference(_ findings: [Finding]) -> [String] {
        findings.enumerated().sorted { a, b in
            if FindingOrder.precedes(a.element, b.element) { return true }
            if FindingOrder.precedes(b.element, a.element) { return false }
            return a.offset < b.offset
        }.map(\.element.fingerprint)
    }

    func testMatchesTheStableSortOnRandomFindingsWithManyTies() {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let n = round % 40
            // Few lines, columns and rules: most findings tie with another on all three.
            let findings = (0..<n).map { k in
                finding(["a", "b", "c"][Int.random(in: 0..<3, using: &rng)], line: Int.random(in: 1...4, using: &rng),
                        column: Int.random(in: 1...3, using: &rng), tag: k)
            }
            var sorted = findings
            FindingOrder.sort(&sorted)
            XCTAssertEqual(sorted.map(\.fingerprint), reference(findings), "round \(round)")
            // Every finding moved whole (its other fields with it).
            for f in sorted { XCTAssertEqual(f.message, "m\(f.fingerprint)"); XCTAssertEqual(f.matchedText, "w\(f.fingerprint)") }
        }
    }

    func testInOrderAndReversedInput() {
        let inOrder = (0..<50).map { finding("r", line: $0 + 1, column: 1, tag: $0) }
        var a = inOrder
        FindingOrder.sort(&a)
        XCTAssertEqual(a.map(\.fingerprint), inOrder.map(\.fingerprint))
        var b = Array(inOrder.reversed())
        FindingOrder.sort(&b)
        XCTAssertEqual(b.map(\.fingerprint), inOrder.map(\.fingerprint))
    }

    func testRuleIdBreaksTiesAndEqualRulesKeepTheirOrder() {
        var f = [finding("z", line: 2, column: 5, tag: 0), finding("a", line: 2, column: 5, tag: 1),
                 finding("z", line: 2, column: 5, tag: 2), finding("a", line: 1, column: 9, tag: 3)]
        FindingOrder.sort(&f)
        XCTAssertEqual(f.map(\.fingerprint), ["3", "1", "0", "2"])
    }

    func testPositionsPastThirtyOneBitsFallBackToThePlainSort() {
        var f = [finding("r", line: 1 << 40, column: 1, tag: 0), finding("r", line: 3, column: 1, tag: 1)]
        FindingOrder.sort(&f)
        XCTAssertEqual(f.map(\.fingerprint), ["1", "0"])
    }
}
