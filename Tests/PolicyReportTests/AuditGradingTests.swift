@testable import PolicyLint
import PolicyYAML
@testable import PolicyReport
import XCTest

final class AuditGradingTests: XCTestCase {
    func finding(_ rule: String, _ severity: Severity) -> Finding {
        let mark = Mark(line: 1, column: 1, offset: 0)
        return Finding(rule: rule, title: rule, category: "c", severity: severity, message: "m",
                       location: Location(file: "f.yaml", start: mark, end: mark, path: ""), related: [], fix: nil,
                       matchedText: "", fingerprint: rule)
    }

    func testWeightsBySeverity() {
        let scale = GradingScale.standard
        XCTAssertEqual(scale.points([]), 0)
        XCTAssertEqual(scale.points([finding("a", .error)]), 10)
        XCTAssertEqual(scale.points([finding("a", .warning)]), 3)
        XCTAssertEqual(scale.points([finding("a", .info)]), 1)
        XCTAssertEqual(scale.points([finding("a", .error), finding("b", .warning), finding("c", .info)]), 14)
    }

    func testARuleCountsAtMostThreeTimes() {
        let many = (0..<40).map { _ in finding("long-sentence", .info) }
        XCTAssertEqual(GradingScale.standard.points(many), 3)
        XCTAssertEqual(GradingScale.standard.points(many + [finding("other", .info)]), 4)
    }

    func testThresholds() {
        let scale = GradingScale.standard
        let expected: [(Int, Grade)] = [(0, .a), (2, .a), (3, .b), (7, .b), (8, .c), (15, .c), (16, .d), (29, .d), (30, .e), (500, .e)]
        for (points, grade) in expected { XCTAssertEqual(scale.grade(points: points), grade, "\(points) points") }
        // One error alone brings a policy down to C; one warning to B.
        XCTAssertEqual(scale.grade([finding("x", .error)]), .c)
        XCTAssertEqual(scale.grade([finding("x", .warning)]), .b)
        XCTAssertEqual(scale.grade([finding("x", .info), finding("y", .info)]), .a)
    }

    func testRangesForTheMethodTable() {
        let scale = GradingScale.standard
        XCTAssertEqual(Grade.allCases.map { scale.range(of: $0) }, ["0–2", "3–7", "8–15", "16–29", "30+"])
    }

    func testOverallGradeIsTheMeanRoundedTowardsWorse() {
        let scale = GradingScale.standard
        XCTAssertNil(scale.overall([]))
        XCTAssertEqual(scale.overall([.a]), .a)
        XCTAssertEqual(scale.overall([.a, .c, .c, .d, .d]), .c) // 3.0
        XCTAssertEqual(scale.overall([.a, .b]), .b) // 1.5 rounds to the worse grade
        XCTAssertEqual(scale.overall([.a, .a, .b]), .a) // 1.33
        XCTAssertEqual(scale.overall([.e, .e, .d]), .e) // 4.67
    }

    func testVerdictsAreDistinct() {
        XCTAssertEqual(Set(Grade.allCases.map(\.verdict)).count, 5)
        XCTAssertEqual(Grade.allCases.map(\.letter).joined(), "ABCDE")
    }
}
