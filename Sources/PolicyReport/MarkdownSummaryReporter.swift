import PolicyLint

/// A short Markdown summary for a pull-request comment: totals, a table per file, and the
/// findings (capped) in a collapsible table. (The audit report of `policylint report` is elsewhere.)
public struct MarkdownSummaryReporter: ReportStream {
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

    /// One file's table row and its first findings (rows are made in `add`, for the findings
    /// that are shown: formatting every finding to keep 100 cost more than the JSON report).
    public struct Rows: Sendable {
        var file: String?
        var findings: ArraySlice<Finding>
        var count: Int
    }

    /// Rows so far: the totals come first, so the summary is written at the end (it keeps at most
    /// `maxRows` finding rows and one row per file with findings).
    private var fileRows: [String] = []
    private var findingRows: [String] = []
    private var findingCount = 0

    public func begin(_ context: RunContext) -> [UInt8] { [] }

    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> Rows {
        guard !result.findings.isEmpty else { return Rows(file: nil, findings: [], count: 0) }
        var errors = 0, warnings = 0, infos = 0
        for f in result.findings {
            switch f.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
        }
        let row = "| \(MarkdownText.code(Paths.display(result.file))) | \(errors) | \(warnings) | \(infos) |\n"
        return Rows(file: row, findings: result.findings.prefix(maxRows), count: result.findings.count)
    }

    static func row(_ f: Finding) -> String {
        "| \(MarkdownSummaryReporter.icon(f.severity)) | \(MarkdownText.code("\(Paths.display(f.file)):\(f.line):\(f.column)")) "
            + "| \(MarkdownText.code(f.rule)) | \(MarkdownText.inline(f.message)) |\n"
    }

    public mutating func add(_ chunk: Rows) -> [UInt8] {
        if let row = chunk.file { fileRows.append(row) }
        findingRows += chunk.findings.prefix(max(0, maxRows - findingRows.count)).map(MarkdownSummaryReporter.row)
        findingCount += chunk.count
        return []
    }

    public mutating func end(_ totals: RunTotals, context: RunContext) -> [UInt8] {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var out = MarkdownSummaryReporter.marker + "\n"
        out += "### policylint: \(totals.failed ? ":x: failed" : ":white_check_mark: passed")\n\n"
        var line = "**\(plural(totals.errors, "error"))**, **\(plural(totals.warnings, "warning"))**, \(plural(totals.infos, "note")) in \(plural(totals.files.count, "file"))"
        if totals.suppressed > 0 { line += "; \(totals.suppressed) suppressed" }
        if totals.baselined > 0 { line += "; \(totals.baselined) in the baseline" }
        out += line + " (fails on \(totals.failOn.rawValue)).\n\n"

        let bad = totals.inputErrors
        if !bad.isEmpty {
            out += "**\(plural(bad.count, "file")) could not be linted:**\n\n"
            for e in bad { out += "- \(MarkdownText.code(e.file + ":" + String(e.line) + ":" + String(e.column))) \(MarkdownText.inline(e.message))\n" }
            out += "\n"
        }
        if fileRows.isEmpty {
            out += bad.isEmpty ? "No findings.\n" : ""
            return Array(out.utf8)
        }
        out += "| File | Errors | Warnings | Notes |\n|---|---:|---:|---:|\n"
        out += fileRows.joined()
        out += "\n<details><summary>\(plural(findingCount, "finding"))</summary>\n\n"
        out += "| Severity | Location | Rule | Message |\n|---|---|---|---|\n"
        out += findingRows.joined()
        if findingCount > maxRows { out += "\n…and \(findingCount - maxRows) more (see the full report).\n" }
        out += "\n</details>\n"
        return Array(out.utf8)
    }
}
