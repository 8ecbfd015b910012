import PolicyLint
import XCTest

/// Reading `.policylint.yml`: every key, and errors at `file:line:col`.
final class ConfigLoaderTests: XCTestCase {
    func testFullConfiguration() throws {
        let c = try configuration("""
        version: 1
        packs:
          builtin: [refunds, responsiveness]
          paths: [company-rules/]
        language: DE
        fail-on: warning
        require-suppression-reason: true
        baseline: .policylint-baseline.json
        ignore: ["drafts/", "*.draft.yaml"]
        rules:
          legalese: off
          long-sentence: warning
          slow-first-response:
            max: 48 hours
            severity: error
        overrides:
          - paths: ["legal/**"]
            language: fr
            rules:
              legalese: on
        """, directory: "/project")
        XCTAssertEqual(c.builtin, .only(["refunds", "responsiveness"]))
        XCTAssertEqual(c.packPaths.map(\.path), ["/project/company-rules"])
        XCTAssertEqual(c.language, "de")
        XCTAssertEqual(c.failOn, .warning)
        XCTAssertEqual(c.requireSuppressionReason, true)
        XCTAssertEqual(c.baseline, "/project/.policylint-baseline.json")
        XCTAssertEqual(c.ignore.map(\.description), ["drafts/", "*.draft.yaml"])
        XCTAssertEqual(c.rules.map(\.id), ["legalese", "long-sentence", "slow-first-response"])
        XCTAssertEqual(c.rules[0].setting, RuleSetting(enabled: false))
        XCTAssertEqual(c.rules[1].setting, RuleSetting(enabled: true, severity: .warning))
        XCTAssertEqual(c.rules[2].setting, RuleSetting(severity: .error, parameters: [.max: "48 hours"]))
        XCTAssertEqual(c.overrides.count, 1)
        XCTAssertEqual(c.overrides[0].language, "fr")
        XCTAssertTrue(c.overrides[0].matches("legal/terms.yaml"))
    }

    func testEmptyFileIsDefaults() throws {
        let c = try configuration("# nothing set\n")
        XCTAssertEqual(c.builtin, .all)
        XCTAssertTrue(c.rules.isEmpty)
        XCTAssertNil(c.failOn)
    }

    func testUnknownKeysAreErrorsWithPositions() {
        assertConfigError(try configuration("rulez:\n  legalese: off\n"), line: 1, column: 1, contains: "did you mean 'rules'")
        assertConfigError(try configuration("packs:\n  bultin: false\n"), line: 2, column: 3, contains: "unknown key 'bultin'")
        assertConfigError(try configuration("rules:\n  legalese:\n    sevrity: info\n"), line: 3, column: 5, contains: "did you mean 'severity'")
        assertConfigError(try configuration("overrides:\n  - paths: [a]\n    rulez: {}\n"), line: 3, column: 5, contains: "unknown key 'rulez'")
    }

    func testBadValuesAreErrorsWithPositions() {
        assertConfigError(try configuration("fail-on: sometimes\n"), line: 1, column: 10, contains: "error, warning, info or never")
        assertConfigError(try configuration("require-suppression-reason: maybe\n"), line: 1, column: 29, contains: "true or false")
        assertConfigError(try configuration("rules:\n  legalese: loud\n"), line: 2, column: 13, contains: "not 'loud'")
        assertConfigError(try configuration("rules:\n  legalese: {severity: fatal}\n"), line: 2, column: 24, contains: "error, warning or info")
        assertConfigError(try configuration("language: 42\n"), line: 1, column: 11, contains: "language code")
        assertConfigError(try configuration("ignore: {a: b}\n"), line: 1, column: 9, contains: "must be a list")
        assertConfigError(try configuration("overrides:\n  - language: de\n"), line: 2, column: 5, contains: "needs 'paths'")
        assertConfigError(try configuration("version: 2\n"), line: 1, column: 10, contains: "must be 1")
        assertConfigError(try configuration("- a\n- b\n"), line: 1, column: 1, contains: "must be a mapping")
        assertConfigError(try configuration("rules:\n  a: off\n  a: on\n"), line: 3, column: 3, contains: "duplicate key")
        assertConfigError(try configuration("rules: [\n"), line: 2, column: 1, contains: "did not find")
    }

    func testUnknownRuleAndBadParametersNeedTheRules() {
        assertConfigError(try settings("rules:\n  legalise: off\n"), line: 2, column: 3, contains: "did you mean 'legalese'")
        assertConfigError(try settings("rules:\n  slow-first-response:\n    max: soon\n"), line: 3, column: 10, contains: "not a duration")
        assertConfigError(try settings("rules:\n  slow-first-response:\n    min: 1 hour\n"), line: 3, column: 10, contains: "no 'min' parameter")
        assertConfigError(try settings("rules:\n  legalese:\n    within: 3\n"), line: 3, column: 13, contains: "no 'within' parameter")
        assertConfigError(try settings("overrides:\n  - paths: [x]\n    rules:\n      nope: off\n"), line: 4, column: 7, contains: "unknown rule 'nope'")
        assertConfigError(try settings("packs:\n  paths: [missing-folder]\n"), line: 2, column: 11, contains: "no such rule pack")
    }

    func testUnknownBuiltinPack() {
        assertConfigError(try settings("packs:\n  builtin: [refund]\n"), line: 1, column: 1, contains: "did you mean 'refunds'")
    }

    func testFoundFromTheWorkingFolderUpwards() throws {
        let s = try ConfigScratch()
        try s.write(".policylint.yml", "fail-on: info\n")
        try s.write("a/b/c/policy.yaml", "policy: {name: x}\n")
        let found = ConfigLoader.find(from: s.path("a/b/c"))
        XCTAssertEqual(found, s.path(".policylint.yml"))
        let c = try ConfigLoader.resolve(explicit: nil, searchFrom: s.path("a/b/c"))
        XCTAssertEqual(c.failOn, .info)
        XCTAssertEqual(c.directory, s.root)
        // A nearer file wins.
        try s.write("a/.policylint.yaml", "fail-on: never\n")
        XCTAssertEqual(try ConfigLoader.resolve(explicit: nil, searchFrom: s.path("a/b")).failOn, .never)
        // --config names any file.
        try s.write("ci/strict.yml", "fail-on: warning\n")
        XCTAssertEqual(try ConfigLoader.resolve(explicit: s.path("ci/strict.yml")).failOn, .warning)
        XCTAssertThrowsError(try ConfigLoader.resolve(explicit: s.path("ci/none.yml")))
    }

    func testPrintShowsEffectiveSettings() throws {
        let st = try settings("""
        rules:
          legalese: off
          slow-first-response: {max: 48 hours}
        overrides:
          - paths: [legal/]
            language: de
            rules:
              legalese: warning
        """)
        let general = ConfigPrinter(settings: st).render(for: "/project/shop/policy.yaml")
        XCTAssertTrue(general.contains("  legalese: off\n"), general)
        XCTAssertTrue(general.contains("  slow-first-response: {severity: warning, max: 48 hours}   # configured\n"), general)
        XCTAssertTrue(general.contains("language: en\n"))
        let legal = ConfigPrinter(settings: st).render(for: "/project/legal/terms.yaml")
        XCTAssertTrue(legal.contains("  legalese: {severity: warning}   # configured\n"), legal)
        XCTAssertTrue(legal.contains("language: de\n"))
        XCTAssertTrue(legal.contains("# override at .policylint.yml:5:5 applies"), legal)
    }
}
