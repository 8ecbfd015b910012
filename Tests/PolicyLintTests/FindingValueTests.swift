import XCTest
import PolicyYAML
@testable import PolicyLint

/// `Finding` keeps its fields in one box that copies share: it must still behave as a value.
/// Every setter on a copy leaves the original as it was, and the copy reads back what was set.
final class FindingValueTests: XCTestCase {
    private func sample() -> Finding {
        let rule = FindingRule(id: "r", title: "Title", category: "c", severity: .warning, fix: "Fix it.",
                               template: "Found {match} at {path} ({value} of {limit})")
        let location = Location(file: "a.yaml", start: Mark(line: 3, column: 5, offset: 20),
                                end: Mark(line: 3, column: 9, offset: 24), path: "terms[0].text")
        return Finding(rule: rule, location: location, extra: .counts(value: 7, limit: 5), matchIsValue: true,
                       matchSource: "We may change these terms", matchRange: 3..<13, fingerprint: 0xABCD)
    }

    func testEverySetterOnACopyLeavesTheOriginalAlone() {
        let original = sample()
        let before = (original.rule, original.title, original.category, original.severity, original.fix,
                      original.location, original.related, original.matchedText, original.message, original.fingerprint)
        XCTAssertEqual(original.message, "Found may change at terms[0].text (7 of 5)")
        XCTAssertEqual(original.fingerprint, "000000000000abcd")

        let other = Location(file: "b.yaml", start: Mark(line: 9, column: 1, offset: 90),
                             end: Mark(line: 9, column: 4, offset: 93), path: "promises[1].text", message: "the claim")
        let changes: [(String, (inout Finding) -> Void, (Finding) -> Bool)] = [
            ("rule", { $0.rule = "s" }, { $0.rule == "s" }),
            ("title", { $0.title = "Other" }, { $0.title == "Other" }),
            ("category", { $0.category = "d" }, { $0.category == "d" }),
            ("severity", { $0.severity = .error }, { $0.severity == .error }),
            ("fix", { $0.fix = nil }, { $0.fix == nil }),
            ("location", { $0.location = other }, { $0.location == other }),
            ("related", { $0.related = [other] }, { $0.related == [other] }),
            ("matchedText", { $0.matchedText = "all of it" }, { $0.matchedText == "all of it" }),
            ("message", { $0.message = "Set by hand" }, { $0.message == "Set by hand" }),
            ("fingerprint", { $0.fingerprint = "custom" }, { $0.fingerprint == "custom" && $0.fingerprintHashValue == nil }),
            ("extra", { $0.extra = .pairs([("value", "x"), ("limit", "y")]) },
             { $0.message == "Found may change at terms[0].text (x of y)" }),
        ]
        for (name, change, holds) in changes {
            var copy = original
            change(&copy)
            XCTAssertTrue(holds(copy), name)
            XCTAssertNotEqual(copy, original, name)
            XCTAssertEqual(original.rule, before.0, name)
            XCTAssertEqual(original.title, before.1, name)
            XCTAssertEqual(original.category, before.2, name)
            XCTAssertEqual(original.severity, before.3, name)
            XCTAssertEqual(original.fix, before.4, name)
            XCTAssertEqual(original.location, before.5, name)
            XCTAssertEqual(original.related, before.6, name)
            XCTAssertEqual(original.matchedText, before.7, name)
            XCTAssertEqual(original.message, before.8, name)
            XCTAssertEqual(original.fingerprint, before.9, name)
        }
    }

    func testAChangedTemplateInputKeepsTheMessageItHad() {
        // The message is rendered from the template when read; a change to what the template
        // reads (the location's path, the matched text) freezes it first, as before the box.
        var f = sample()
        f.location = Location(file: "a.yaml", start: .start, end: .start, path: "elsewhere")
        XCTAssertEqual(f.message, "Found may change at terms[0].text (7 of 5)")
        var g = sample()
        g.matchedText = "other words"
        XCTAssertEqual(g.message, "Found may change at terms[0].text (7 of 5)")
    }

    func testCopiesInAnArrayChangeOneByOne() {
        var list = Array(repeating: sample(), count: 3)
        list[1].related = [Location(file: "a.yaml", start: .start, end: .start, path: "x")]
        list[2].fingerprint = "f"
        XCTAssertEqual(list[0].related, [])
        XCTAssertEqual(list[1].related.count, 1)
        XCTAssertEqual(list[2].related, [])
        XCTAssertEqual(list[0].fingerprint, "000000000000abcd")
        XCTAssertEqual(list[1].fingerprint, "000000000000abcd")
        XCTAssertEqual(list[2].fingerprint, "f")
    }
}
