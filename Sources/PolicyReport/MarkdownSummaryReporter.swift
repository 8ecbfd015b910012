import PolicyLint

/// A short Markdown summary for a pull-request comment: totals, a table per file, and the
/// findings (capped) in a collapsible table. (The audit report of `policylint report` is elsewhere.)
public struct MarkdownSummaryReporter {
    /// Most finding rows shown; the rest are counted.
    public var maxRows: Int

    public init(maxRows: Int = 100) {
        self.maxRows = maxRows
    }

    /// The first line, so a bot can find and update its own comment.
    public static let marker = "<!-- policylint-summary -->"

    static func icon(_ s: Severity) -> String {
        switch s {
        case .error: return ":x: error"
        case .warning: return ":warning: warning"
        case .info: return ":information_source: info"
        }
    }

    public func render(_ run: LintRun) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let errors = run.count(.error), warnings = run.count(.warning), infos = run.count(.info)
        let failing = run.failingFindings > 0 || !run.inputErrors.isEmpty
        var out = MarkdownSummaryReporter.marker + "\n"
        out += "### policylint: \(failing ? ":x: failed" : ":white_check_mark: passed")\n\n"
        var totals = "**\(plural(errors, "error"))**, **\(plural(warnings, "warning"))**, \(plural(infos, "note")) in \(plural(run.results.count, "file"))"
        if run.suppressed > 0 { totals += "; \(run.suppressed) suppressed" }
        if run.baselined > 0 { totals += "; \(run.baselined) in the baseline" }
        out += totals + " (fails on \(run.failOn.rawValue)).\n\n"

        let bad = run.inputErrors
        if !bad.isEmpty {
            out += "**\(plural(bad.count, "file")) could not be linted:**\n\n"
            for e in bad { out += "- \(MarkdownText.code(e.file + ":" + String(e.line) + ":" + String(e.column))) \(MarkdownText.inline(e.message))\n" }
            out += "\n"
        }
        let withFindings = run.results.filter { !$0.findings.isEmpty }
        if withFindings.isEmpty {
            out += bad.isEmpty ? "No findings.\n" : ""
            return out
        }
        out += "| File | Errors | Warnings | Notes |\n|---|---:|---:|---:|\n"
        for r in withFindings {
            let c = { (s: Severity) in r.findings.filter { $0.severity == s }.count }
            out += "| \(MarkdownText.code(Paths.display(r.file))) | \(c(.error)) | \(c(.warning)) | \(c(.info)) |\n"
        }
        let findings = run.findings
        out += "\n<details><summary>\(plural(findings.count, "finding"))</summary>\n\n"
        out += "| Severity | Location | Rule | Message |\n|---|---|---|---|\n"
        for f in findings.prefix(maxRows) {
            out += "| \(MarkdownSummaryReporter.icon(f.severity)) | \(MarkdownText.code("\(Paths.display(f.file)):\(f.line):\(f.column)")) "
                + "| \(MarkdownText.code(f.rule)) | \(MarkdownText.inline(f.message)) |\n"
        }
        if findings.count > maxRows { out += "\n…and \(findings.count - maxRows) more (see the full report).\n" }
        out += "\n</details>\n"
        return out
    }
}
