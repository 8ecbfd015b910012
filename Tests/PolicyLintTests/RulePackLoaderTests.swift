import PolicyLint
import XCTest

/// Every malformed pack is one `file:line:col: error:` naming the problem.
final class RulePackLoaderTests: XCTestCase {
    func error(_ text: String) -> String? {
        do { _ = try RulePackLoader.load(text: text, file: "p.yaml"); return nil } catch { return error.rendered }
    }

    let head = "pack: p\nrules:\n  - id: r\n    title: T\n    severity: error\n    category: c\n    why: W\n    fix: F\n"

    func testValidPack() {
        XCTAssertNil(error(head + "    phrases: [x]\n"))
    }

    func testUnknownCheck() {
        XCTAssertEqual(error(head + "    regex: [x]\n"), "p.yaml:9:5: error: unknown key 'regex' in rule")
    }

    func testNoCheck() {
        XCTAssertEqual(error(head), "p.yaml:3:5: error: rule has no check: give one of phrases, near, require, max, min, conflict, absent, metric")
    }

    func testTwoChecks() {
        XCTAssertEqual(error(head + "    phrases: [x]\n    absent: {phrases: [y]}\n"),
                       "p.yaml:10:13: error: rule has several checks (phrases, absent); give exactly one")
    }

    func testDuplicateRuleID() {
        let r = "  - id: r\n    title: T\n    severity: error\n    category: c\n    why: W\n    fix: F\n    phrases: [x]\n"
        XCTAssertEqual(error("pack: p\nrules:\n" + r + r), "p.yaml:10:9: error: duplicate rule id 'r' (first at 3:9)")
    }

    func testBadPath() {
        XCTAssertEqual(error(head + "    for: promises[x]\n    require: [id]\n"),
                       "p.yaml:9:10: error: 'promises[x]' is not a valid path (e.g. support.first_response)")
    }

    func testBadSeverity() {
        XCTAssertEqual(error(head.replacingOccurrences(of: "severity: error", with: "severity: fatal") + "    phrases: [x]\n"),
                       "p.yaml:5:15: error: severity must be error, warning or info, not 'fatal'")
    }

    func testBadPhrase() {
        XCTAssertEqual(error(head + "    phrases: [\"(oops\"]\n"), "p.yaml:9:15: error: phrase '(oops' has unbalanced parentheses")
    }

    func testMissingWhy() {
        XCTAssertEqual(error(head.replacingOccurrences(of: "    why: W\n", with: "") + "    phrases: [x]\n"), "p.yaml:3:5: error: missing 'why'")
    }

    func testMalformedYAML() {
        XCTAssertEqual(error("pack: p\nrules: [\n"), "p.yaml:3:1: error: did not find expected node content (while parsing a flow node at 3:1)")
    }

    func testNearNeedsTwoLists() {
        XCTAssertEqual(error(head + "    near: [[a]]\n    within: 3\n"), "p.yaml:9:11: error: 'near' must be a list of two phrase lists")
    }

    func testBadBound() {
        XCTAssertEqual(error(head + "    for: support.first_response\n    max: soon\n"),
                       "p.yaml:10:10: error: 'soon' is not a duration (e.g. '24 hours') or a number")
    }
}
