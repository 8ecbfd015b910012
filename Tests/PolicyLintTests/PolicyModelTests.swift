import Foundation
import PolicyLint
import PolicyYAML
import XCTest

final class PolicyModelTests: XCTestCase {
    /// Amounts past Int's range (or infinite) print as decimals instead of trapping in Int(_:).
    func testHugeDurationsDescribeWithoutCrashing() throws {
        XCTAssertEqual(try XCTUnwrap(Duration.parse("99999999999999999999999 days")).description, "1e+23 days")
        XCTAssertEqual(try XCTUnwrap(Duration.parse(String(repeating: "9", count: 400) + " hours")).description, "inf hours")
        XCTAssertEqual(Duration(1, .days).description, "1 day")
        XCTAssertEqual(Duration(2.5, .weeks).description, "2.5 weeks")
        // A rule pack with such a limit used to crash the lint at the first finding.
        let pack = """
        pack: huge
        rules:
          - {id: huge-window, title: T, severity: warning, category: refunds, why: W, fix: F,
             message: "{value} is shorter than {limit}.", for: refunds.window, min: 99999999999999999999999 days}
        """
        let rules = try RulePackLoader.load(text: pack, file: "huge.yaml").rules
        let result = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
            .lint(bytes: Array("policy:\n  name: X\nrefunds:\n  window: 14 days\n".utf8), file: "p.yaml")
        XCTAssertEqual(result.findings.filter { $0.rule == "huge-window" }.map(\.message), ["14 days is shorter than 1e+23 days."])
    }

    func testDurations() {
        XCTAssertEqual(Duration.parse("7 days"), Duration(7, .days))
        XCTAssertEqual(Duration.parse("24 hours"), Duration(24, .hours))
        XCTAssertEqual(Duration.parse("48h"), Duration(48, .hours))
        XCTAssertEqual(Duration.parse("2 business days"), Duration(2, .businessDays))
        XCTAssertEqual(Duration.parse("1 working day"), Duration(1, .businessDays))
        XCTAssertEqual(Duration.parse("P7D"), Duration(7, .days))
        XCTAssertEqual(Duration.parse("PT4H"), Duration(4, .hours))
        XCTAssertEqual(Duration.parse("P1DT12H"), Duration(36, .hours))
        XCTAssertEqual(Duration.parse("a week"), Duration(1, .weeks))
        XCTAssertNil(Duration.parse("soon"))
        XCTAssertNil(Duration.parse("7 fortnights"))
        XCTAssertNil(Duration.parse("P"))
    }

    func testBusinessDaysAreNotCalendarDays() {
        let bd = Duration(1, .businessDays)
        XCTAssertEqual(bd.lowerBoundHours, 24)
        XCTAssertEqual(bd.upperBoundHours, 72)
        XCTAssertEqual(Duration(5, .businessDays).upperBoundHours, 7 * 24)
    }

    func schemaMessages(_ yaml: String) throws -> [String] {
        try lintText(yaml, rules: []).filter { $0.rule == "schema" }.map { "\($0.line):\($0.column): \($0.message)" }
    }

    func testUnknownKeysGetSuggestions() throws {
        XCTAssertEqual(try schemaMessages("policy: {name: x}\nrefund:\n  window: 30 days\n"),
                       ["2:1: unknown key 'refund' at the top level; did you mean 'refunds'?"])
        XCTAssertEqual(try schemaMessages("policy: {name: x}\nsupport:\n  first_reponse: 1 day\n"),
                       ["3:3: unknown key 'first_reponse' in 'support'; did you mean 'first_response'?"])
    }

    func testWrongTypes() throws {
        XCTAssertEqual(try schemaMessages("policy: {name: x}\nsupport:\n  first_response: [1 day]\n"),
                       ["3:19: 'support.first_response' should be a duration such as '24 hours' or '5 business days', not a list"])
        XCTAssertEqual(try schemaMessages("policy: {name: x}\npromises: {id: a}\n"),
                       ["2:11: 'promises' should be a list, not a mapping"])
        XCTAssertEqual(try schemaMessages("policy: {name: x}\nsupport:\n  first_response: whenever\n"),
                       ["3:19: 'support.first_response': 'whenever' is not a duration (write e.g. '24 hours', '5 business days', '48h' or 'P7D')"])
    }

    func testScalarsStayText() throws {
        // `no` is text where text is expected (no YAML 1.1 boolean surprise).
        XCTAssertEqual(try schemaMessages("policy: {name: no}\nterms:\n  - text: NO\n"), [])
    }

    func testRequiredFieldsAndReferences() throws {
        XCTAssertEqual(try schemaMessages("promises:\n  - id: a\n    text: t\n    fulfilled_by: labb\npartners:\n  - id: lab\n"),
                       ["1:1: the document has no 'policy'", "4:19: 'promises[0].fulfilled_by' names 'labb', but no partner has that id; did you mean 'lab'?"])
        XCTAssertEqual(try schemaMessages("policy: {name: x}\npartners:\n  - id: lab\n  - id: lab\n"),
                       ["4:9: duplicate id 'lab' in 'partners' (first at 3:9)"])
    }

    func testSeveralUnknownKeysInOneMappingEachGetTheirMessage() throws {
        // The path and the known names are made once per mapping: every key's message still
        // names its own key, its own path and its own suggestion or the list.
        let yaml = "policy: {name: x}\nrefundz: 1\nextra: 2\nsupport:\n  chanels: [email]\n  foo: 1\n  first_respons: 4 hours\nterms:\n  - text: t\n    tittle: x\n    misc: y\n"
        let known = "(known: channels, first_response, hours, notes)"
        XCTAssertEqual(try schemaMessages(yaml), [
            "2:1: unknown key 'refundz' at the top level; did you mean 'refunds'?",
            "3:1: unknown key 'extra' at the top level (known: policy, promises, partners, refunds, support, complaints, delays, terms)",
            "5:3: unknown key 'chanels' in 'support'; did you mean 'channels'?",
            "6:3: unknown key 'foo' in 'support' \(known)",
            "7:3: unknown key 'first_respons' in 'support'; did you mean 'first_response'?",
            "10:5: unknown key 'tittle' in 'terms[0]'; did you mean 'title'?",
            "11:5: unknown key 'misc' in 'terms[0]' (known: id, title, text)",
        ])
    }

    func testAWrongReferenceListsAtMostTwentyPartners() throws {
        let partners = (0..<25).map { "  - id: lab-\($0)\n" }.joined()
        let yaml = "policy: {name: x}\npartners:\n" + partners + "promises:\n  - id: a\n    text: t\n    fulfilled_by: courier\n"
        let listed = (0..<20).map { "lab-\($0)" }.joined(separator: ", ")
        XCTAssertEqual(try schemaMessages(yaml),
                       ["31:19: 'promises[0].fulfilled_by' names 'courier', but no partner has that id (partners: \(listed) and 5 more)"])
    }

    func testMergeKeysApply() throws {
        let yaml = "policy: {name: x}\nbase: &b\n  first_response: 72 hours\n"
        // An unknown top-level key is reported; a merged section is checked like a written one.
        XCTAssertEqual(try schemaMessages(yaml), ["2:1: unknown key 'base' at the top level (known: policy, promises, partners, refunds, support, complaints, delays, terms)"])
        let merged = "policy: {name: x}\nsupport:\n  <<: {first_response: 72 hours}\n  channels: [email]\n"
        let f = try lintText(merged).filter { $0.rule == "slow-first-response" }
        XCTAssertEqual(f.map(\.line), [3])
    }

    func testPublishedJSONSchemaIsCurrent() throws {
        let published = try String(contentsOf: repoRoot.appendingPathComponent("docs/policy-v1.schema.json"), encoding: .utf8)
        XCTAssertEqual(published, PolicyJSONSchema.document().serialized(indent: 2) + "\n",
                       "regenerate with: .build/debug/policylint schema > docs/policy-v1.schema.json")
    }
}
