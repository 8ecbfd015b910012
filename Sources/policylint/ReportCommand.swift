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
        // Each file's details are rendered on its worker and spooled; only a row per file stays
        // in memory until the report is written (AuditWriter).
        let linter = ConfiguredLinter(settings: settings, baseline: baseline)
        let ids = linter.ruleIDsThatRun(files: selection.files)
        let context = RunContext(rules: settings.allRules.filter { ids.contains($0.id) }, errors: selection.errors,
                                 toolVersion: PolicyLintCommand.version)
        let formats = Set([html.map { _ in AuditWriter.Format.html }, markdown.map { _ in .markdown }].compactMap { $0 })
        let writer = AuditWriter()
        var fileErrors: [InputError] = []
        linter.lint(files: selection.files, jobs: jobs, process: { i, r in
            (AuditWriter.part(r.result, index: i, rule: context.rule, scale: .standard, formats: formats), r.result.error)
        }, deliver: { _, done in
            writer.add(done.0)
            if let e = done.1 { fileErrors.append(e) }
        })
        for e in selection.errors + fileErrors { Output.error(e.rendered) }

        let report = writer.summary(title: title, generated: ReportCommand.reportDate(), toolVersion: context.toolVersion,
                                    ruleCount: context.rules.count, errors: selection.errors)
        var written: [String] = []
        var failed = false
        for (path, format) in [(html, AuditWriter.Format.html), (markdown, .markdown)] {
            guard let path else { continue }
            if path == "-" {
                if !(writer.write(format, report, to: { Output.write(bytes: $0) })) {
                    Output.error("policylint: error: standard output: the report is incomplete: its spooled part could not be read back")
                    failed = true
                }
                continue
            }
            do {
                try StagedFiles.write(to: path) { (put: (ArraySlice<UInt8>) throws(StagedFiles.Failure) -> Void) throws(StagedFiles.Failure) in
                    let complete = try writer.write(format, report) { (bytes: [UInt8]) throws(StagedFiles.Failure) in try put(bytes[...]) }
                    if !complete { throw StagedFiles.Failure(path: path, reason: "its spooled part could not be read back") }
                }
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

    static func summary(_ r: AuditSummary) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let policies = "\(r.rows.count) \(r.rows.count == 1 ? "policy" : "policies")"
        return "grade \(r.grade?.letter ?? "–") across \(policies) (\(plural(r.count(.error), "error")), "
            + "\(plural(r.count(.warning), "warning")), \(plural(r.count(.info), "note")))"
    }

    static func exitCode(_ r: AuditSummary, failOn: FailOn, writeFailed: Bool) -> Int32 {
        if writeFailed || !r.inputErrors.isEmpty { return 2 }
        return [Severity.error, .warning, .info].contains { failOn.fails($0) && r.count($0) > 0 } ? 1 : 0
    }

    /// Now, or SOURCE_DATE_EPOCH (seconds since 1970) for reproducible reports.
    static func reportDate() -> Date {
        if let s = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let t = Int(s) {
            return Date(timeIntervalSince1970: TimeInterval(t))
        }
        return Date()
    }
}
