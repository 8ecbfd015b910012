@testable import PolicyLint
import XCTest

/// The built-in packs: complete, documented, and proven by their own examples.
final class BuiltinPackTests: XCTestCase {
    func testEveryRuleHasExamplesAndExplanations() throws {
        for pack in try RulePackLoader.builtin() {
            for rule in pack.rules {
                XCTAssertGreaterThanOrEqual(rule.badExamples.count, 2, "\(rule.id) needs two bad examples")
                XCTAssertGreaterThanOrEqual(rule.goodExamples.count, 2, "\(rule.id) needs two good examples")
                XCTAssertFalse(rule.why.isEmpty, rule.id)
                XCTAssertFalse(rule.fix.isEmpty, rule.id)
                XCTAssertNotNil(rule.lesson, "\(rule.id) names no lesson")
            }
        }
    }

    /// The packs load in parallel and once per process (prefetched while the command line is
    /// parsed); the result must be what loading each embedded file in order gives.
    func testParallelAndPrefetchedLoadingGivesThePacksInOrder() throws {
        RulePackLoader.prefetchBuiltin()
        let cached = try RulePackLoader.builtin()
        let parallel = try RulePackLoader.loadBuiltin()
        let sequential = try BuiltinPacks.sources.map { source throws(InputError) in try RulePackLoader.load(text: source.text, file: source.name) }
        XCTAssertEqual(sequential.count, 6)
        for packs in [cached, parallel] {
            XCTAssertEqual(packs.map(\.file), sequential.map(\.file))
            XCTAssertEqual(packs.map(\.id), sequential.map(\.id))
            XCTAssertEqual(packs.map { $0.rules.map(\.id) }, sequential.map { $0.rules.map(\.id) })
            XCTAssertEqual(packs.map { $0.rules.map { "\($0.check)" } }, sequential.map { $0.rules.map { "\($0.check)" } })
        }
        XCTAssertEqual(BuiltinPacks.sources.map(\.name), ["rules/complaints.yaml", "rules/mixed-signals.yaml", "rules/plain-language.yaml", "rules/refunds.yaml", "rules/responsiveness.yaml", "rules/unfair-terms.yaml"])
    }

    func testEveryLessonIsCovered() throws {
        let lessons = Set(try RulePackLoader.builtin().flatMap(\.rules).compactMap(\.lesson))
        for n in 1...11 { XCTAssertTrue(lessons.contains("L\(n)"), "no rule encodes lesson L\(n)") }
    }

    func testExamplesProveEveryRule() throws {
        let rules = try RulePackLoader.builtin().flatMap(\.rules)
        let outcome = RuleTester(ruleSet: RuleSet(rules: rules)).run()
        XCTAssertEqual(outcome.failures.map(\.description), [])
        XCTAssertEqual(outcome.rulesTested, rules.count)
    }

    func testTesterCatchesABrokenRule() throws {
        let broken = try packRules("""
        pack: broken
        rules:
          - id: broken-rule
            title: Broken
            severity: warning
            category: test
            why: W
            fix: F
            phrases: [zebra crossing]
            examples:
              bad: [There is no such phrase here., Nor here.]
              good: [A zebra crossing is fine., Fine.]
        """)
        let outcome = RuleTester(ruleSet: RuleSet(rules: broken)).run()
        XCTAssertEqual(outcome.failures.count, 3) // two bad examples miss, one good example hits
    }

    func testExampleBasePolicyAndStarterAreClean() throws {
        XCTAssertEqual(try lintText(ExampleBasePolicy.yaml).map(\.rule), [])
        XCTAssertEqual(try lintText(StarterPolicy.yaml).map(\.rule), [])
    }
}
