import PolicyLint
import XCTest

/// Precedence, lowest first: the rule's own values, the file's top level, matching overrides (in
/// order), command-line flags.
final class ConfigPrecedenceTests: XCTestCase {
    /// Lints `files` (relative to the scratch folder) with the configuration text and flags.
    func lint(_ s: ConfigScratch, _ config: String, _ flags: CommandLineSettings = CommandLineSettings(),
              files: [String]) throws -> [String: [Finding]] {
        try s.write(".policylint.yml", config)
        let c = try ConfigLoader.load(path: s.path(".policylint.yml"))
        let st = try LintSettings.load(configuration: c, commandLine: flags)
        let outcome = ConfiguredLinter(settings: st).lint(files: files.map(s.path), jobs: 2)
        var out: [String: [Finding]] = [:]
        for (f, r) in zip(files, outcome.results) {
            XCTAssertNil(r.error, r.error?.rendered ?? "")
            out[f] = r.findings
        }
        return out
    }

    func slow(_ findings: [Finding]?) -> [Finding] { (findings ?? []).filter { $0.rule == "slow-first-response" } }

    func testRuleParameterFileOverrideAndFlag() throws {
        let s = try ConfigScratch()
        try s.write("shop/a.yaml", supportPolicy(hours: 48))
        try s.write("legal/b.yaml", supportPolicy(hours: 48))
        try s.write("legal/c.yaml", supportPolicy(hours: 96))
        // Built-in default: at most 24 hours.
        var r = try lint(s, "", files: ["shop/a.yaml"])
        XCTAssertEqual(slow(r["shop/a.yaml"]).map(\.message), ["A first response within 48 hours is slower than 24 hours."])
        // The file's top level: 72 hours.
        let config = """
        rules:
          slow-first-response:
            max: 72 hours
            severity: error
        overrides:
          - paths: [legal/]
            rules:
              slow-first-response: {max: 36 hours}
          - paths: ["legal/c.yaml"]
            rules:
              slow-first-response: off
        """
        r = try lint(s, config, files: ["shop/a.yaml", "legal/b.yaml", "legal/c.yaml"])
        XCTAssertEqual(slow(r["shop/a.yaml"]).count, 0, "72 hours allowed at the top level")
        XCTAssertEqual(slow(r["legal/b.yaml"]).map(\.message), ["A first response within 48 hours is slower than 36 hours."])
        XCTAssertEqual(slow(r["legal/b.yaml"]).first?.severity, .error, "severity from the top level, max from the override")
        XCTAssertEqual(slow(r["legal/c.yaml"]).count, 0, "the later override turns it off")
        // Flags win over both.
        var flags = CommandLineSettings()
        flags.enable = ["slow-first-response"]
        flags.severities = ["slow-first-response": .info]
        r = try lint(s, config, flags, files: ["legal/c.yaml"])
        XCTAssertEqual(slow(r["legal/c.yaml"]).map(\.severity), [.info])
        XCTAssertEqual(slow(r["legal/c.yaml"]).first?.message, "A first response within 96 hours is slower than 36 hours.")
        flags = CommandLineSettings()
        flags.disable = ["slow-first-response"]
        r = try lint(s, config, flags, files: ["legal/b.yaml"])
        XCTAssertEqual(slow(r["legal/b.yaml"]).count, 0)
    }

    func testSchemaRuleCanBeConfigured() throws {
        let s = try ConfigScratch()
        try s.write("a.yaml", "policy: {name: x}\nrefundz: {}\n")
        var r = try lint(s, "", files: ["a.yaml"])
        XCTAssertEqual(r["a.yaml"]?.filter { $0.rule == "schema" }.map(\.severity), [.error])
        r = try lint(s, "rules:\n  schema: warning\n", files: ["a.yaml"])
        XCTAssertEqual(r["a.yaml"]?.filter { $0.rule == "schema" }.map(\.severity), [.warning])
        r = try lint(s, "rules:\n  schema: off\n", files: ["a.yaml"])
        XCTAssertEqual(r["a.yaml"]?.filter { $0.rule == "schema" }.count, 0)
    }

    func testDefaultLanguage() throws {
        let s = try ConfigScratch()
        try s.write("packs/words.yaml", """
        pack: words
        rules:
          - id: lang-word
            title: A word
            severity: warning
            category: test
            why: Because.
            fix: Fix it.
            phrases:
              en: [blue moon]
              de: [blauer mond]
        """)
        try s.write("a.yaml", supportPolicy(terms: "Ein blauer Mond."))
        try s.write("de/b.yaml", supportPolicy(terms: "Ein blauer Mond."))
        try s.write("en/c.yaml", supportPolicy(terms: "Ein blauer Mond.", language: "en"))
        let base = "packs:\n  builtin: false\n  paths: [packs/]\n"
        func words(_ f: [Finding]?) -> Int { (f ?? []).filter { $0.rule == "lang-word" }.count }
        var r = try lint(s, base, files: ["a.yaml"])
        XCTAssertEqual(words(r["a.yaml"]), 0, "English by default")
        r = try lint(s, base + "language: de\n", files: ["a.yaml", "en/c.yaml"])
        XCTAssertEqual(words(r["a.yaml"]), 1, "the configured default language")
        XCTAssertEqual(words(r["en/c.yaml"]), 0, "policy.language wins over the default")
        r = try lint(s, base + "overrides:\n  - paths: [de/]\n    language: de\n", files: ["a.yaml", "de/b.yaml"])
        XCTAssertEqual([words(r["a.yaml"]), words(r["de/b.yaml"])], [0, 1])
        var flags = CommandLineSettings()
        flags.language = "de"
        r = try lint(s, base + "language: en\n", flags, files: ["a.yaml"])
        XCTAssertEqual(words(r["a.yaml"]), 1, "--language wins over the file")
    }

    func testScalarSettingsPrecedence() throws {
        var st = try settings("")
        XCTAssertEqual(st.failOn, .error)
        XCTAssertFalse(st.requireSuppressionReason)
        st = try settings("fail-on: warning\nrequire-suppression-reason: true\nbaseline: b.json\n")
        XCTAssertEqual(st.failOn, .warning)
        XCTAssertTrue(st.requireSuppressionReason)
        XCTAssertEqual(st.baseline, "/project/b.json")
        var flags = CommandLineSettings()
        flags.failOn = .never
        flags.requireSuppressionReason = false
        flags.baseline = "other.json"
        st = try settings("fail-on: warning\nrequire-suppression-reason: true\nbaseline: b.json\n", flags)
        XCTAssertEqual(st.failOn, .never)
        XCTAssertFalse(st.requireSuppressionReason)
        XCTAssertEqual(st.baseline, "other.json")
    }

    func testPackSelection() throws {
        let all = try settings("").rules.map(\.pack)
        XCTAssertTrue(all.contains("complaints"))
        let some = try settings("packs:\n  builtin: [refunds]\n").rules
        XCTAssertEqual(Set(some.map(\.pack)), ["refunds"])
        XCTAssertTrue(try settings("packs:\n  builtin: false\n").rules.isEmpty)
        var flags = CommandLineSettings()
        flags.noBuiltin = true
        XCTAssertTrue(try settings("packs:\n  builtin: true\n", flags).rules.isEmpty, "--no-builtin wins")
    }

    func testFailOnThresholds() {
        XCTAssertTrue(FailOn.error.fails(.error))
        XCTAssertFalse(FailOn.error.fails(.warning))
        XCTAssertTrue(FailOn.warning.fails(.warning))
        XCTAssertFalse(FailOn.warning.fails(.info))
        XCTAssertTrue(FailOn.info.fails(.info))
        XCTAssertFalse(FailOn.never.fails(.error))
    }
}
