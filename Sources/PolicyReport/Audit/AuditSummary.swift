import Foundation
import PolicyLint

/// One policy as the top of the audit shows it (the policy table, the counts): no findings.
/// A streamed report keeps one of these per file, and each file's details only on disk.
public struct PolicyRow: Sendable {
    public var file: String
    public var name: String
    public var anchor: String
    public var error: InputError?
    public var grade: Grade?
    public var points: Int
    /// Findings by severity: error, warning, info.
    public var counts: [Int]
    public var topIssue: String?

    public init(_ p: PolicyAudit) {
        file = p.file
        name = p.name
        anchor = p.anchor
        error = p.error
        grade = p.grade
        points = p.points
        counts = [p.count(.error), p.count(.warning), p.count(.info)]
        topIssue = p.topIssue
    }

    public func count(_ severity: Severity) -> Int {
        switch severity {
        case .error: return counts[0]
        case .warning: return counts[1]
        case .info: return counts[2]
        }
    }
}

/// Everything of an audit report above and below the policies' details: the headline grade,
/// the charts, the policy table and the counts. Made from the rows alone, so a report can be
/// written after its files were linted without keeping their findings (`AuditWriter`).
public struct AuditSummary: Sendable {
    public var title: String
    public var generated: Date
    public var toolVersion: String
    public var ruleCount: Int
    public var scale: GradingScale
    /// Worst grade first; files that could not be graded last (`AuditSummary.order`).
    public var rows: [PolicyRow]
    /// For each of `rows`, its place in the input order (an audit's details follow in this order).
    public var inputIndices: [Int]
    /// Problems not tied to a policy file (a path that does not exist).
    public var errors: [InputError]
    public var grade: Grade?
    /// Findings per category, most first (ties by name).
    public var categoryCounts: [(category: String, count: Int)]

    /// `rows` in input order; `categories` counts every finding of every row by category.
    public init(title: String, generated: Date, toolVersion: String, ruleCount: Int, scale: GradingScale,
                rows: [PolicyRow], categories: [String: Int], errors: [InputError]) {
        self.title = title
        self.generated = generated
        self.toolVersion = toolVersion
        self.ruleCount = ruleCount
        self.scale = scale
        self.errors = errors
        inputIndices = AuditSummary.order(rows.map { ($0.grade, $0.points) })
        self.rows = inputIndices.map { rows[$0] }
        self.grade = scale.overall(rows.compactMap(\.grade))
        self.categoryCounts = categories.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { ($0.key, $0.value) }
    }

    /// The report order of policies given in input order, as indices: graded before not graded,
    /// worst grade first, then most points, then input order.
    public static func order(_ policies: [(grade: Grade?, points: Int)]) -> [Int] {
        func key(_ g: Grade?) -> Int { g?.rawValue ?? 0 }
        return policies.indices.sorted { x, y in
            let (a, b) = (policies[x], policies[y])
            if (a.grade == nil) != (b.grade == nil) { return a.grade != nil }
            if key(a.grade) != key(b.grade) { return key(a.grade) > key(b.grade) }
            if a.points != b.points { return a.points > b.points }
            return x < y
        }
    }

    public var graded: [PolicyRow] { rows.filter { $0.grade != nil } }
    public var inputErrors: [InputError] { errors + rows.compactMap(\.error) }

    public func count(_ severity: Severity) -> Int {
        rows.reduce(0) { $0 + $1.count(severity) }
    }

    /// Errors, warnings, notes: all three, even at zero.
    public var severityCounts: [(severity: Severity, count: Int)] {
        [Severity.error, .warning, .info].map { ($0, count($0)) }
    }

    /// Graded policies per grade, A to E, even at zero.
    public var gradeCounts: [(grade: Grade, count: Int)] {
        Grade.allCases.map { g in (g, rows.filter { $0.grade == g }.count) }
    }

    /// One sentence under the headline grade.
    public var summarySentence: String {
        func plural(_ n: Int, _ word: String, _ many: String? = nil) -> String { "\(n) \(n == 1 ? word : many ?? word + "s")" }
        var s = "policylint checked \(plural(rows.count, "policy", "policies")) against \(plural(ruleCount, "rule"))"
        s += " and found \(plural(count(.error), "error")), \(plural(count(.warning), "warning")) and \(plural(count(.info), "note"))."
        let weak = graded.filter { $0.grade! >= .d }
        if !weak.isEmpty {
            s += " " + (weak.count == 1 ? "One policy needs attention first: " : "\(weak.count) policies need attention first: ")
            s += weak.map { "\($0.name) (\($0.grade!))" }.joined(separator: ", ") + "."
        }
        let bad = inputErrors.count
        if bad > 0 { s += " \(plural(bad, "input")) could not be read and \(bad == 1 ? "is" : "are") not graded." }
        return s
    }
}
