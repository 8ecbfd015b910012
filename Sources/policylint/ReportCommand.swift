import ArgumentParser
import Foundation
import PolicyLint
import PolicyReport
import PolicyYAML

/// Severity that makes `report` exit 1; by default none, because a report is a document, not a gate.
enum ReportFailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info, never
}

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
        Report files are replaced atomically.

        Exit codes: 0 report written (and no finding at or above --fail-on);
        1 findings at or above --fail-on (default: never, a report is not a gate);
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

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1.")
    var failOn: ReportFailOn = .never

    @OptionGroup var ruleOptions: RuleOptions

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("Largest file to read, in MB.", valueName: "MB"))
    var maxFileSize: Int = 10

    mutating func validate() throws {
        if html == nil && markdown == nil { throw ValidationError("give --html FILE, --markdown FILE or both") }
        if html == "-" && markdown == "-" { throw ValidationError("only one of --html and --markdown can write to standard output ('-')") }
        if let h = html, h == markdown { throw ValidationError("--html and --markdown name the same file '\(h)'") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxFileSize < 1 { throw ValidationError("--max-file-size must be at least 1 (MB)") }
    }

    func run() throws {
        let packs = try ruleOptions.loadPacksOrExit()
        let rules = packs.flatMap(\.rules)
        var limits = YAMLLimits()
        limits.maxFileBytes = maxFileSize * 1024 * 1024
        let linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)), limits: limits)

        let discovery = FileDiscovery.discover(paths.isEmpty ? ["."] : paths)
        let results = linter.lint(files: discovery.files, jobs: jobs)
        let run = LintRun(results: results, rules: rules, errors: discovery.errors, toolVersion: PolicyLintCommand.version)
        for e in run.inputErrors { Output.error(e.rendered) }

        let report = AuditReport(run: run, title: title, generated: ReportCommand.reportDate())
        var written: [String] = []
        var failed = false
        for (path, render) in [(html, { HTMLReport().render(report) }), (markdown, { MarkdownReport().render(report) })] {
            guard let path else { continue }
            let text = render()
            if path == "-" { Output.write(text); continue }
            do {
                try AtomicWrite.write(text, to: path)
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
        throw ExitCode(ReportCommand.exitCode(report, failOn: failOn, writeFailed: failed))
    }

    static func summary(_ r: AuditReport) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let policies = "\(r.policies.count) \(r.policies.count == 1 ? "policy" : "policies")"
        return "grade \(r.grade?.letter ?? "–") across \(policies) (\(plural(r.count(.error), "error")), "
            + "\(plural(r.count(.warning), "warning")), \(plural(r.count(.info), "note")))"
    }

    static func exitCode(_ r: AuditReport, failOn: ReportFailOn, writeFailed: Bool) -> Int32 {
        if writeFailed || !r.inputErrors.isEmpty { return 2 }
        let threshold: Severity
        switch failOn {
        case .never: return 0
        case .error: threshold = .error
        case .warning: threshold = .warning
        case .info: threshold = .info
        }
        return r.findings.contains { $0.finding.severity >= threshold } ? 1 : 0
    }

    /// Now, or SOURCE_DATE_EPOCH (seconds since 1970) for reproducible reports.
    static func reportDate() -> Date {
        if let s = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let t = Int(s) {
            return Date(timeIntervalSince1970: TimeInterval(t))
        }
        return Date()
    }
}
