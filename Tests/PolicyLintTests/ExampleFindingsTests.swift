import Foundation
import PolicyLint
import XCTest

/// Every bundled example's findings, exactly: rule, line, column. The model policy has none.
/// After an intended rule change, print the new list with
/// `for f in examples/*.yaml; do .build/debug/policylint lint $f --format json; done`.
final class ExampleFindingsTests: XCTestCase {
    static let expected: [String: [(String, Int, Int)]] = [
        "model-policy.yaml": [],
        "online-shop.yaml": [
            ("refund-window-too-short", 25, 11),
            ("refund-processing-slow", 26, 15),
            ("guarantee-contradicted", 49, 54),
            ("mixed-signal", 53, 7),
        ],
        "optician.yaml": [
            ("missing-delay-notice", 12, 1),
            ("promise-without-remedy", 18, 5),
            ("partner-without-accountability", 25, 5),
            ("blame-shifted-to-outsourcer", 48, 26),
            ("blame-shifted-to-outsourcer", 52, 45),
        ],
        "restaurant.yaml": [
            ("missing-refund-guarantee", 11, 1),
            ("missing-staff-authority", 26, 3),
            ("token-compensation", 30, 16),
            ("remedy-not-customer-choice", 38, 7),
            ("token-compensation", 38, 73),
        ],
        "support-desk.yaml": [
            ("missing-complaint-process", 9, 1),
            ("slow-first-response", 25, 19),
            ("vague-commitment", 32, 51),
        ],
    ]

    func testEveryExampleFileIsCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: repoRoot.appendingPathComponent("examples").path)
            .filter { $0.hasSuffix(".yaml") }
        XCTAssertEqual(Set(files), Set(Self.expected.keys))
    }

    func testFindingsOfEachExample() throws {
        for (name, expected) in Self.expected.sorted(by: { $0.key < $1.key }) {
            let text = try String(contentsOf: repoRoot.appendingPathComponent("examples/\(name)"), encoding: .utf8)
            let found = try lintText(text, file: name).map { "\($0.rule) \($0.line):\($0.column)" }
            XCTAssertEqual(found, expected.map { "\($0.0) \($0.1):\($0.2)" }, name)
        }
    }

    func testConflictShowsBothLocationsInTextOutput() throws {
        let r = try runCLI(["lint", "examples/online-shop.yaml"], cwd: repoRoot)
        XCTAssertEqual(r.code, 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        guard let i = lines.firstIndex(where: { $0.contains("[guarantee-contradicted]") }) else {
            return XCTFail("no conflict finding in:\n\(r.stdout)")
        }
        XCTAssertTrue(lines[i].hasPrefix("examples/online-shop.yaml:49:54: error: "))
        XCTAssertEqual(lines[i + 2].trimmingCharacters(in: .whitespaces), "^" + String(repeating: "~", count: "All sales are final".count - 1))
        XCTAssertEqual(lines[i + 3], "examples/online-shop.yaml:24:14: note: the claim")
        XCTAssertTrue(lines[i + 4].contains("guarantee: Satisfaction guaranteed"))
    }
}
