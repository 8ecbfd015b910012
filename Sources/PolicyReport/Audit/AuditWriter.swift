import Foundation
import PolicyLint

/// Writes the audit report of a run that is still going (`policylint report`), so that its
/// memory does not grow with the files audited.
///
/// Each file's details are rendered on the worker that linted it, while its source is in memory
/// (`part`), and kept in a spool per format (`ReportSpool`: memory up to 1 MB, then an unlinked
/// temporary file). What stays in memory for a file is its `PolicyRow`. The top of the report
/// (headline grade, charts, the policy table) needs every file's grade, so the report is written
/// once every file is in: the top from the rows, then each policy's details read back from the
/// spool in the report's order (worst grade first), then the end. The result is byte for byte
/// what `HTMLReport().render` and `MarkdownReport().render` make of the whole run in memory.
public final class AuditWriter {
    /// What a worker makes of one linted file: its row, and its details in each format asked for.
    public struct Part: Sendable {
        var row: PolicyRow
        var categories: [String: Int]
        var html: [UInt8]
        var markdown: [UInt8]
    }

    public enum Format: Sendable { case html, markdown }

    public let scale: GradingScale
    private var rows: [PolicyRow] = []
    private var categories: [String: Int] = [:]
    private var blocks: [Format: [Range<Int>]] = [.html: [], .markdown: []]
    private let spools: [Format: ReportSpool]

    /// `memoryLimit`: bytes of details each format keeps in memory before it spools to a file.
    /// 1 MB: the details are read back once, from the page cache; a spool's buffer grows by
    /// doubling up to twice its limit, so 8 MB (JUnit's) held up to 32 MB for the two formats
    /// (10 MB corpus: 55.7 MiB peak with 8 MB, 31.6 MiB with 1 MB).
    public init(scale: GradingScale = .standard, memoryLimit: Int = 1 << 20) {
        self.scale = scale
        spools = [.html: ReportSpool(memoryLimit: memoryLimit), .markdown: ReportSpool(memoryLimit: memoryLimit)]
    }

    /// On the worker: the audit of `result`, the `index`-th file of the run (its anchor, `policy-N`).
    /// `rule` finds a rule that ran by its id; only the formats in `formats` are rendered.
    public static func part(_ result: FileResult, index: Int, rule: (String) -> Rule?, scale: GradingScale,
                            formats: Set<Format>) -> Part {
        let audit = AuditReport.audit(result, index: index, rule: rule, scale: scale)
        return Part(row: PolicyRow(audit), categories: AuditReport.categories([audit]),
                    html: formats.contains(.html) ? Array(HTMLReport().policy(audit, scale).utf8) : [],
                    markdown: formats.contains(.markdown) ? Array(MarkdownReport().policy(audit).utf8) : [])
    }

    /// The next file's part, in input order.
    public func add(_ part: Part) {
        rows.append(part.row)
        categories.merge(part.categories, uniquingKeysWith: +)
        blocks[.html]!.append(spools[.html]!.appendBlock(part.html))
        blocks[.markdown]!.append(spools[.markdown]!.appendBlock(part.markdown))
    }

    /// The report's top and end, from every part added.
    public func summary(title: String, generated: Date, toolVersion: String, ruleCount: Int,
                        errors: [InputError]) -> AuditSummary {
        AuditSummary(title: title, generated: generated, toolVersion: toolVersion, ruleCount: ruleCount, scale: scale,
                     rows: rows, categories: categories, errors: errors)
    }

    /// Hands the whole report in `format` to `write`, in pieces; `summary` is this writer's
    /// (`summary(title:...)`): its rows' input indices are the parts'. Returns false, having written
    /// only part of it, if a policy's details could not be read back from the spool's file.
    public func write<E: Error>(_ format: Format, _ summary: AuditSummary,
                                to write: ([UInt8]) throws(E) -> Void) throws(E) -> Bool {
        try write(Array((format == .html ? HTMLReport().head(summary) : MarkdownReport().head(summary)).utf8))
        let spool = spools[format]!, ranges = blocks[format]!
        var failure: E?
        for i in summary.inputIndices {
            let complete = spool.read(ranges[i]) { piece in
                guard failure == nil else { return }
                do throws(E) { try write(piece) } catch { failure = error }
            }
            if let failure { throw failure }
            if !complete { return false }
        }
        try write(Array((format == .html ? HTMLReport().tail(summary) : MarkdownReport().tail(summary)).utf8))
        return true
    }
}
