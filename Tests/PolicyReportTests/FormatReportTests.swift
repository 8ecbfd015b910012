import Foundation
@testable import PolicyLint
@testable import PolicyReport
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The line and XML formats: structure, escaping of hostile policy text, exit-policy awareness.
final class FormatReportTests: XCTestCase {
    /// A run over a policy whose words are hostile to every format.
    func hostileRun(failOn: FailOn = .error, file: String = "we,ird:dir/p%1.yaml") throws -> LintRun {
        let yaml = """
        policy: {name: "x"}
        terms:
          - text: "All sales are final, <b>&</b> \\"quoted\\" 100% :: done,\\nsecond line | pipe `tick` *star*."
          - text: Satisfaction guaranteed.
        """
        let rules = try RulePackLoader.builtin().flatMap(\.rules)
        let linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
        let result = linter.lint(bytes: Array(yaml.utf8), file: file)
        XCTAssertNil(result.error)
        var run = LintRun(results: [result], rules: [SchemaRule.rule()] + rules, toolVersion: "0")
        run.failOn = failOn
        return run
    }

    func parsesAsXML(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let parser = XMLParser(data: Data(text.utf8))
        XCTAssertTrue(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")", file: file, line: line)
    }

    func testJUnitOneCasePerFileAndRule() throws {
        let run = try hostileRun()
        let xml = JUnitReporter().render(run)
        parsesAsXML(xml)
        let cases = xml.components(separatedBy: "<testcase ").count - 1
        XCTAssertEqual(cases, run.rules.count, "one test case per rule for the one file")
        XCTAssertTrue(xml.contains("<testcase name=\"guarantee-contradicted\" classname=\"we,ird:dir/p%1.yaml\""))
        XCTAssertTrue(xml.contains("<failure type=\"error\""))
        let marked = JUnitReporter().render(try hostileRun(file: "<a>&\"b\"'.yaml"))
        parsesAsXML(marked)
        XCTAssertTrue(marked.contains("classname=\"&lt;a&gt;&amp;&quot;b&quot;&apos;.yaml\""))
        // Below --fail-on: listed, not failed.
        let lax = JUnitReporter().render(try hostileRun(failOn: .never))
        parsesAsXML(lax)
        XCTAssertFalse(lax.contains("<failure"))
        XCTAssertTrue(lax.contains("<system-out>"))
        XCTAssertTrue(lax.contains("failures=\"0\""))
    }

    func testJUnitInputErrors() throws {
        var run = LintRun(results: [FileResult(file: "bad.yaml", error: InputError(file: "bad.yaml", line: 3, column: 4, message: "mapping values are not allowed"))],
                          rules: [], errors: [InputError(file: "gone.yaml", message: "no such file or folder")], toolVersion: "0")
        run.failOn = .error
        let xml = JUnitReporter().render(run)
        parsesAsXML(xml)
        XCTAssertTrue(xml.contains("errors=\"2\""))
        XCTAssertTrue(xml.contains("bad.yaml:3:4: error: mapping values are not allowed"))
    }

    func testCheckstyle() throws {
        let xml = CheckstyleReporter().render(try hostileRun())
        parsesAsXML(xml)
        XCTAssertTrue(xml.contains("<file name=\"we,ird:dir/p%1.yaml\">"))
        XCTAssertTrue(xml.contains("severity=\"error\""))
        XCTAssertTrue(xml.contains("source=\"policylint.guarantee-contradicted\""))
        parsesAsXML(CheckstyleReporter().render(try hostileRun(file: "<a>&\"b\"'.yaml")))
    }

    func testGitHubWorkflowCommands() throws {
        let out = GitHubReporter().render(try hostileRun())
        let lines = out.split(separator: "\n").map(String.init)
        let contradiction = try XCTUnwrap(lines.first { $0.contains("guarantee-contradicted") })
        XCTAssertTrue(contradiction.hasPrefix("::error file=we%2Cird%3Adir/p%251.yaml,line=3,col="), contradiction)
        XCTAssertTrue(contradiction.contains(",endLine=3,endColumn="))
        XCTAssertTrue(contradiction.contains(",title=Guarantee contradicted elsewhere in the policy [guarantee-contradicted]::"), contradiction)
        XCTAssertFalse(contradiction.dropFirst(2).contains("::error"), "one command per line")
        XCTAssertTrue(contradiction.contains("%0A%0AHow to fix it:"), "line breaks escaped")
        XCTAssertEqual(lines.last?.hasPrefix("policylint: 1 file linted"), true)
        // Severities: warning and notice.
        var run = try hostileRun()
        run.results[0].findings = run.results[0].findings.map { var f = $0; f.severity = .info; return f }
        XCTAssertTrue(GitHubReporter().render(run).hasPrefix("::notice "))
    }

    func testMarkdownSummary() throws {
        let md = MarkdownSummaryReporter().render(try hostileRun())
        XCTAssertTrue(md.hasPrefix(MarkdownSummaryReporter.marker + "\n### policylint: :x: failed\n"))
        XCTAssertTrue(md.contains("| File | Errors | Warnings | Notes |"))
        XCTAssertTrue(md.contains("| `we,ird:dir/p%1.yaml` | "))
        // Hostile words cannot break the table: every row has the same number of cells.
        for row in md.split(separator: "\n") where row.hasPrefix("| :") {
            let cells = row.replacingOccurrences(of: "\\|", with: "").split(separator: "|", omittingEmptySubsequences: false).count
            XCTAssertEqual(cells, 6, String(row))
        }
        XCTAssertFalse(md.contains("<b>"))
        // Capped rows.
        let run = try ReportFixture.examplesRun()
        let capped = MarkdownSummaryReporter(maxRows: 3).render(run)
        XCTAssertTrue(capped.contains("…and \(run.findings.count - 3) more"))
        // The rows shown are the run's first three findings, across files, in order (rows are
        // made only for the findings shown).
        XCTAssertGreaterThan(run.results.filter { !$0.findings.isEmpty }.count, 1)
        let shown = capped.split(separator: "\n").filter { $0.hasPrefix("| :") }.map { String($0) + "\n" }
        XCTAssertEqual(shown, run.findings.prefix(3).map(MarkdownSummaryReporter.row))
        let oneRow = MarkdownSummaryReporter(maxRows: 1).render(run).split(separator: "\n").filter { $0.hasPrefix("| :") }
        XCTAssertEqual(oneRow.map { String($0) + "\n" }, [MarkdownSummaryReporter.row(run.findings[0])])
        // A clean run passes.
        let clean = MarkdownSummaryReporter().render(LintRun(results: [FileResult(file: "ok.yaml")], rules: [], toolVersion: "0"))
        XCTAssertTrue(clean.contains(":white_check_mark: passed"))
        XCTAssertTrue(clean.contains("No findings."))
    }

    func testJSONContractFields() throws {
        var run = try ReportFixture.examplesRun()
        run.suppressed = 2
        run.baselined = 3
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONReporter().render(run).utf8)) as? [String: Any])
        XCTAssertEqual(doc["version"] as? Int, 1)
        let finding = try XCTUnwrap((doc["findings"] as? [[String: Any]])?.first)
        for key in ["rule", "title", "category", "severity", "message", "file", "line", "column", "endLine", "endColumn",
                    "path", "match", "related", "fix", "fingerprint"] {
            XCTAssertNotNil(finding[key], key)
        }
        let summary = try XCTUnwrap(doc["summary"] as? [String: Any])
        XCTAssertEqual(summary["suppressed"] as? Int, 2)
        XCTAssertEqual(summary["baselined"] as? Int, 3)
        XCTAssertEqual(summary["failOn"] as? String, "error")
        XCTAssertEqual(summary["failed"] as? Bool, true)
    }

    func testTextSummaryCountsHiddenFindings() throws {
        var run = try ReportFixture.examplesRun()
        run.suppressed = 1
        run.baselined = 2
        XCTAssertTrue(TextReporter(color: false).summary(run).hasSuffix("0 notes, 1 suppressed, 2 in the baseline"))
    }
}
