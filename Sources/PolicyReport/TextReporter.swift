import PolicyLint
import PolicyYAML

/// Compiler-style diagnostics: `path:line:col: severity: message [rule]`, the source line, a
/// caret underline under the exact words, related locations as notes, then a summary line.
public struct TextReporter: ReportStream {
    public var color: Bool
    /// Bytes of one file's part kept in memory before the rest goes to a temporary file.
    let chunkMemoryLimit: Int

    public init(color: Bool) { self.init(color: color, chunkMemoryLimit: ChunkBytes.memoryLimit) }

    init(color: Bool, chunkMemoryLimit: Int) {
        self.color = color
        self.chunkMemoryLimit = chunkMemoryLimit
    }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func severityWord(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "info"
        }
    }

    func severityCode(_ s: Severity) -> String {
        switch s {
        case .error: return "1;31"
        case .warning: return "1;33"
        case .info: return "1;36"
        }
    }

    public func begin(_ context: RunContext) -> [UInt8] {
        var out = ""
        for error in context.errors { out += paint(error.rendered, "1") + "\n" }
        return Array(out.utf8)
    }

    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> ChunkBytes {
        if let error = result.error { return ChunkBytes(spool: nil, tail: Array((error.rendered + "\n").utf8)) }
        var out: [UInt8] = []
        out.reserveCapacity(min(result.findings.count * 256, chunkMemoryLimit + 64 << 10))
        var spool: ReportSpool?
        let lines = LineCache() // findings share long lines: index each once
        for f in result.findings {
            // Piece by piece, not interpolated: the String per line cost about 5,000 instructions.
            if color { out += "\u{1B}[1m".utf8 }
            out += f.file.utf8
            out.append(0x3A); JSONValue.writeInt(f.line, to: &out)
            out.append(0x3A); JSONValue.writeInt(f.column, to: &out)
            out.append(0x3A)
            if color { out += "\u{1B}[0m".utf8 }
            out.append(0x20)
            paint(severityWord(f.severity), severityCode(f.severity), into: &out)
            out += ": ".utf8
            f.forEachMessagePiece { out.append(contentsOf: $0) }
            out.append(0x20)
            if color { out += "\u{1B}[2m".utf8 }
            out.append(0x5B); out += f.rule.utf8; out.append(0x5D)
            if color { out += "\u{1B}[0m".utf8 }
            out.append(0x0A)
            excerpt(result.source, line: f.line, column: f.column, endLine: f.location.endLine, endColumn: f.location.endColumn,
                    caretCode: "1;32", lines: lines, into: &out)
            for r in f.related {
                paint("\(r.file):\(r.line):\(r.column):", "1", into: &out)
                out += " note: \(r.message ?? "related")\n".utf8
                excerpt(result.source, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn,
                        caretCode: "1;34", lines: lines, into: &out)
            }
            if out.count >= chunkMemoryLimit {
                ReportSpool.forPart(&spool).append(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        return ChunkBytes(spool: spool, tail: out)
    }

    public func add(_ chunk: ChunkBytes) -> [UInt8] { chunk.bytes }

    public func add(_ chunk: ChunkBytes, write: ([UInt8]) -> Void) -> String? { chunk.forEachPiece(write) }

    public func end(_ totals: RunTotals, context: RunContext) -> [UInt8] { Array((summary(totals) + "\n").utf8) }

    func paint(_ s: String, _ code: String, into out: inout [UInt8]) {
        if color { out += "\u{1B}[\(code)m".utf8 }
        out += s.utf8
        if color { out += "\u{1B}[0m".utf8 }
    }

    /// The source line and a `^~~~` underline (to the line's end when the span continues).
    /// Longest source line shown whole; longer lines (minified or generated files) are cut to a
    /// window around the finding, so output stays proportional to the findings, not the file.
    static let maxLineShown = 160
    static let contextShown = 60

    /// The last line indexed: 999 findings on one 835 KB line indexed it 999 times (4.6 s).
    final class LineCache {
        var line = 0
        var text = SourceLine(bytes: 0..<0, characterStarts: nil)
    }

    func excerpt(_ source: SourceText?, line: Int, column: Int, endLine: Int, endColumn: Int, caretCode: String,
                 lines: LineCache?, into out: inout [UInt8]) {
        guard let source, line >= 1, line <= source.lineCount else { return }
        let text: SourceLine
        if let lines, lines.line == line { text = lines.text } else {
            text = SourceLine(source, line: line)
            if let lines { lines.line = line; lines.text = text }
        }
        let count = text.count
        var startCol = max(1, min(column, count + 1))
        var endCol = endLine > line ? count + 1 : max(startCol + 1, min(endColumn, count + 1))
        var from = 0, to = count // the characters shown
        var lead = false, trail = false
        if count > TextReporter.maxLineShown {
            // A window from some context before the span to some after it (the span itself cut too).
            from = max(0, startCol - 1 - TextReporter.contextShown)
            to = min(count, max(endCol - 1, startCol) + TextReporter.contextShown, from + TextReporter.maxLineShown)
            lead = from > 0
            trail = to < count
            startCol -= from
            endCol = min(endCol - from, to - from + 1)
            if lead { startCol += 1; endCol += 1 }
        }
        let ellipsis = "…".utf8
        out += "  ".utf8
        if lead { out += ellipsis }
        out += source.bytes[text.offset(from)..<text.offset(to)]
        if trail { out += ellipsis }
        out += "\n  ".utf8
        // Tabs before the span keep their width so the caret lines up; the `…` is one column.
        var padding = startCol - 1
        if lead, padding > 0 { out.append(0x20); padding -= 1 }
        for k in from..<min(to, from + max(0, padding)) {
            out.append(source.bytes[text.offset(k)] == 0x09 ? 0x09 : 0x20)
        }
        let width = max(1, endCol - startCol)
        if color { out += "\u{1B}[\(caretCode)m".utf8 }
        out.append(0x5E) // ^
        out += repeatElement(0x7E as UInt8, count: width - 1) // ~
        if color { out += "\u{1B}[0m".utf8 }
        out.append(0x0A)
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
