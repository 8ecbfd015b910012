import ArgumentParser
import Foundation
import PolicyLint
import PolicyReport
import PolicyYAML

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an audit report with grades A to E, as HTML and/or Markdown.",
        discussion: """
        The HTML report is one self-contained file (no scripts, fonts or network):
        a headline grade, charts of findings by severity and category, a table of
        policies, and every finding with its source lines, why it matters and how
        to fix it. The Markdown report has the same content for a wiki or a pull
        request. Grading: docs/grading.md. '-' as FILE writes to standard output.
        Report files are replaced atomically. The configuration (.policylint.yml or --config), suppression comments and --baseline apply as in lint.

        Exit codes: 0 report written (and no finding at or above --fail-on);
        1 findings at or above --fail-on (for report the default is never: a report is not a gate);
        2 usage or rule-pack errors, an unreadable input (the report is still
        written for the other files), or a report that cannot be written.
        SOURCE_DATE_EPOCH, if set, fixes the report's date.

        Examples:
          policylint report examples/ --html audit.html
          policylint report policies/ --html audit.html --markdown audit.md
          policylint report policies/ --title "Acme policy audit" --html audit.html
          policylint report policies/ --markdown - >> "$GITHUB_STEP_SUMMARY"
        """
    )

    @Argument(help: ArgumentHelp("Policy files or folders (default: the current folder).", valueName: "path"))
    var paths: [String] = []

    @Option(name: .customLong("html"), help: ArgumentHelp("Write the HTML report to FILE.", valueName: "FILE"))
    var html: String?

    @Option(name: .customLong("markdown"), help: ArgumentHelp("Write the Markdown report to FILE.", valueName: "FILE"))
    var markdown: String?

    @Option(help: "The report's title.")
    var title: String = "Customer policy audit"

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    mutating func validate() throws {
        if html == nil && markdown == nil { throw ValidationError("give --html FILE, --markdown FILE or both") }
        if html == "-" && markdown == "-" { throw ValidationError("only one of --html and --markdown can write to standard output ('-')") }
        if let h = html, h == markdown { throw ValidationError("--html and --markdown name the same file '\(h)'") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let settings = try configOptions.settingsOrExit()
        let baseline = try ConfiguredRun.baselineOrExit(settings)
        let selection = ConfiguredRun.selectFiles(paths, settings: settings)
        let outputs = [("--html", html), ("--markdown", markdown)].compactMap { o in o.1.map { (o.0, $0) } }
        if let e = InputProtection.check(outputs: outputs, settings: settings, files: selection.files) {
            Output.error(e.rendered)
            throw ExitCode(2)
        }
        let outcome = ConfiguredLinter(settings: settings, baseline: baseline)
            .lint(files: selection.files, jobs: jobs)
        var run = LintRun(results: outcome.results, rules: ConfiguredRun.rulesThatRan(settings, outcome),
                          errors: selection.errors, toolVersion: PolicyLintCommand.version)
        run.suppressed = outcome.suppressed
        run.baselined = outcome.baselined
        for e in run.inputErrors { Output.error(e.rendered) }

        let report = AuditReport(run: run, title: title, generated: ReportCommand.reportDate())
        var written: [String] = []
        var failed = false
        for (path, render) in [(html, { HTMLReport().render(report) }), (markdown, { MarkdownReport().render(report) })] {
            guard let path else { continue }
            let text = render()
            if path == "-" { Output.write(text); continue }
            do {
                try StagedFiles.write(text, to: path)
                written.append(path)
            } catch {
                Output.error("policylint: error: \(error.description)")
                failed = true
            }
        }
        if !written.isEmpty {
            let line = "policylint: wrote \(written.joined(separator: ", ")): " + ReportCommand.summary(report)
            if html == "-" || markdown == "-" { Output.error(line) } else { Output.write(line + "\n") }
        }
        // A report is a document, not a gate: it fails on findings only when --fail-on is given.
        throw ExitCode(ReportCommand.exitCode(report, failOn: configOptions.failOn ?? .never, writeFailed: failed))
    }

    static func summary(_ r: AuditReport) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let policies = "\(r.policies.count) \(r.policies.count == 1 ? "policy" : "policies")"
        return "grade \(r.grade?.letter ?? "–") across \(policies) (\(plural(r.count(.error), "error")), "
            + "\(plural(r.count(.warning), "warning")), \(plural(r.count(.info), "note")))"
    }

    static func exitCode(_ r: AuditReport, failOn: FailOn, writeFailed: Bool) -> Int32 {
        if writeFailed || !r.inputErrors.isEmpty { return 2 }
        return r.findings.contains { failOn.fails($0.finding.severity) } ? 1 : 0
    }

    /// Now, or SOURCE_DATE_EPOCH (seconds since 1970) for reproducible reports.
    static func reportDate() -> Date {
        if let s = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let t = Int(s) {
            return Date(timeIntervalSince1970: TimeInterval(t))
        }
        return Date()
    }
}
