import PolicyLint
import PolicyYAML

/// Compiler-style diagnostics: `path:line:col: severity: message [rule]`, the source line, a
/// caret underline under the exact words, related locations as notes, then a summary line.
public struct TextReporter: ReportStream {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func severityLabel(_ s: Severity) -> String {
        switch s {
        case .error: return paint("error", "1;31")
        case .warning: return paint("warning", "1;33")
        case .info: return paint("info", "1;36")
        }
    }

    public func begin(_ context: RunContext) -> [UInt8] {
        var out = ""
        for error in context.errors { out += paint(error.rendered, "1") + "\n" }
        return Array(out.utf8)
    }

    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> [UInt8] {
        if let error = result.error { return Array((error.rendered + "\n").utf8) }
        var out = ""
        let lines = LineCache() // findings share long lines: decode each once
        for f in result.findings {
            out += paint("\(f.file):\(f.line):\(f.column):", "1") + " \(severityLabel(f.severity)): \(f.message) "
            out += paint("[\(f.rule)]", "2") + "\n"
            out += excerpt(result.source, line: f.line, column: f.column, endLine: f.location.endLine, endColumn: f.location.endColumn, caretCode: "1;32", lines: lines)
            for r in f.related {
                out += paint("\(r.file):\(r.line):\(r.column):", "1") + " note: \(r.message ?? "related")\n"
                out += excerpt(result.source, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, caretCode: "1;34", lines: lines)
            }
        }
        return Array(out.utf8)
    }

    public func add(_ chunk: [UInt8]) -> [UInt8] { chunk }

    public func end(_ totals: RunTotals, context: RunContext) -> [UInt8] { Array((summary(totals) + "\n").utf8) }

    /// The source line and a `^~~~` underline (to the line's end when the span continues).
    /// Longest source line shown whole; longer lines (minified or generated files) are cut to a
    /// window around the finding, so output stays proportional to the findings, not the file.
    static let maxLineShown = 160
    static let contextShown = 60

    /// The last line decoded: 999 findings on one 835 KB line decoded it 999 times (4.6 s).
    final class LineCache {
        var line = 0
        var chars: [Unicode.Scalar] = []
    }

    func excerpt(_ source: SourceText?, line: Int, column: Int, endLine: Int, endColumn: Int, caretCode: String,
                 lines: LineCache? = nil) -> String {
        guard let source, line >= 1, line <= source.lineCount else { return "" }
        let lineChars: [Unicode.Scalar]
        if let lines, lines.line == line { lineChars = lines.chars } else {
            lineChars = Array(source.lineText(line).unicodeScalars)
            if let lines { lines.line = line; lines.chars = lineChars }
        }
        var startCol = max(1, min(column, lineChars.count + 1))
        var endCol = endLine > line ? lineChars.count + 1 : max(startCol + 1, min(endColumn, lineChars.count + 1))
        var chars = lineChars[...]
        var lead = "", trail = ""
        if lineChars.count > TextReporter.maxLineShown {
            // A window from some context before the span to some after it (the span itself cut too).
            let from = max(0, startCol - 1 - TextReporter.contextShown)
            let to = min(lineChars.count, max(endCol - 1, startCol) + TextReporter.contextShown, from + TextReporter.maxLineShown)
            chars = lineChars[from..<to]
            if from > 0 { lead = "…" }
            if to < lineChars.count { trail = "…" }
            startCol -= from
            endCol = min(endCol - from, to - from + 1)
            startCol += lead.isEmpty ? 0 : 1
            endCol += lead.isEmpty ? 0 : 1
        }
        let text = lead + String(String.UnicodeScalarView(chars)) + trail
        // Tabs in the prefix keep their width so the caret lines up.
        var pad = ""
        for c in (lead.unicodeScalars + Array(chars)).prefix(startCol - 1) { pad += c == "\t" ? "\t" : " " }
        let width = max(1, endCol - startCol)
        let underline = "^" + String(repeating: "~", count: width - 1)
        return "  \(text)\n  \(pad)\(paint(underline, caretCode))\n"
    }

    public func summary(_ run: LintRun) -> String { summary(run.totals) }

    public func summary(_ totals: RunTotals) -> String {
        let files = totals.files.count
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var parts = [plural(files, "file") + " linted",
                     plural(totals.errors, "error"), plural(totals.warnings, "warning"), plural(totals.infos, "note")]
        if totals.suppressed > 0 { parts.append("\(totals.suppressed) suppressed") }
        if totals.baselined > 0 { parts.append("\(totals.baselined) in the baseline") }
        let bad = totals.inputErrors.count
        if bad > 0 { parts.append(paint(plural(bad, "input error"), "1;31")) }
        return parts.joined(separator: ", ")
    }
}
