import Foundation
import PolicyLint
import PolicyYAML

/// One finding as the audit report shows it: the rule's explanation and the source excerpts.
public struct AuditFinding: Sendable {
    public var finding: Finding
    public var ruleTitle: String
    public var lesson: String?
    public var why: String?
    public var fix: String?
    public var excerpt: Excerpt?
    /// Something the whole policy fails to say (an `absent` check): there are no words to show.
    public var isAbsence = false
    /// The related locations (for a conflict: the claim) with their excerpts.
    public var related: [(location: Location, excerpt: Excerpt?)]

    /// Findings with equal keys share their explanation: the report prints it once per group.
    public var adviceKey: String { [finding.rule, why ?? "", fix ?? ""].joined(separator: "\u{0}") }

    /// A conflict: the finding sits on the denial and names the claim as a related location.
    public var isConflict: Bool { !related.isEmpty }
}

/// Findings of one lesson (or, for rules without a lesson, one category).
public struct FindingGroup: Sendable {
    /// `L3`, or nil for rules without a lesson.
    public var lesson: String?
    public var title: String
    public var categories: [String]
    public var findings: [AuditFinding]
}

/// One input file of the audit.
public struct PolicyAudit: Sendable {
    public var file: String
    /// `policy.name`, else the file name.
    public var name: String
    public var owner: String?
    public var version: String?
    /// A fragment id for links: `policy-1`.
    public var anchor: String
    /// Set when the file could not be read or parsed: it is then not graded.
    public var error: InputError?
    public var grade: Grade?
    public var points: Int
    public var findings: [AuditFinding]
    public var groups: [FindingGroup]

    /// Counted in place: `filter`, and `reduce` too, copied every finding (about fifteen reference
    /// counts each) for each count a report shows, and a report shows a dozen.
    public func count(_ severity: Severity) -> Int {
        var n = 0
        for i in findings.indices where findings[i].finding.severity == severity { n += 1 }
        return n
    }

    /// The most severe finding's rule title, for the summary table.
    public var topIssue: String? {
        findings.max { a, b in
            a.finding.severity != b.finding.severity ? a.finding.severity < b.finding.severity
                : (a.finding.line, a.finding.column) > (b.finding.line, b.finding.column)
        }?.ruleTitle
    }
}

/// The data of an audit report: built once from a lint run, rendered as HTML and Markdown.
public struct AuditReport: Sendable {
    public var title: String
    public var generated: Date
    public var toolVersion: String
    public var ruleCount: Int
    public var scale: GradingScale
    /// Worst grade first; files that could not be graded last.
    public var policies: [PolicyAudit]
    /// Problems not tied to a policy file (a path that does not exist).
    public var errors: [InputError]
    public var grade: Grade?

    public init(run: LintRun, title: String = "Customer policy audit", generated: Date = Date(),
                scale: GradingScale = .standard) {
        self.title = title
        self.generated = generated
        self.toolVersion = run.toolVersion
        self.ruleCount = run.rules.count
        self.scale = scale
        self.errors = run.errors
        let policies = run.results.enumerated().map { i, result in
            AuditReport.audit(result, index: i, rule: run.rule, scale: scale)
        }
        self.policies = AuditSummary.order(policies.map { ($0.grade, $0.points) }).map { policies[$0] }
        self.grade = scale.overall(policies.compactMap(\.grade))
    }

    /// The headline, the charts and the policy table: what the report shows above the details.
    public var summary: AuditSummary {
        AuditSummary(title: title, generated: generated, toolVersion: toolVersion, ruleCount: ruleCount, scale: scale,
                     rows: policies.map(PolicyRow.init), categories: AuditReport.categories(policies), errors: errors)
    }

    /// Findings per category, over every finding of `policies`.
    static func categories(_ policies: [PolicyAudit]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for p in policies {
            for i in p.findings.indices { counts[p.findings[i].finding.category, default: 0] += 1 }
        }
        return counts
    }

    public var graded: [PolicyAudit] { policies.filter { $0.grade != nil } }
    public var findings: [AuditFinding] { policies.flatMap(\.findings) }
    public var inputErrors: [InputError] { errors + policies.compactMap(\.error) }

    public func count(_ severity: Severity) -> Int {
        var n = 0
        for i in policies.indices { n += policies[i].count(severity) }
        return n
    }

    /// Errors, warnings, notes: all three, even at zero.
    public var severityCounts: [(severity: Severity, count: Int)] { summary.severityCounts }

    /// Findings per category, most first (ties by name).
    public var categoryCounts: [(category: String, count: Int)] { summary.categoryCounts }

    /// Graded policies per grade, A to E, even at zero.
    public var gradeCounts: [(grade: Grade, count: Int)] { summary.gradeCounts }

    /// One sentence under the headline grade.
    public var summarySentence: String { summary.summarySentence }

    /// The audit of one linted file; `rule` finds a rule that ran by its id (the explanations).
    static func audit(_ result: FileResult, index: Int, rule: (String) -> Rule?, scale: GradingScale) -> PolicyAudit {
        let meta = metadata(result)
        func trimmed(_ s: String?) -> String? {
            guard let t = s.map(Trimming.spacesAndNewlines), !t.isEmpty else { return nil }
            return t
        }
        let findings = result.findings.map { f -> AuditFinding in
            let rule = rule(f.rule)
            var absence = false
            if case .absent = rule?.check, f.rule != SchemaRule.id { absence = true }
            return AuditFinding(finding: f, ruleTitle: rule?.title ?? f.title, lesson: rule?.lesson, why: trimmed(rule?.why),
                                fix: trimmed(f.fix ?? rule?.fix), excerpt: absence ? nil : Excerpt(result.source, f.location),
                                isAbsence: absence, related: f.related.map { ($0, Excerpt(result.source, $0)) })
        }
        let graded = result.error == nil
        return PolicyAudit(file: result.file, name: meta.name ?? fileName(result.file), owner: meta.owner, version: meta.version,
                           anchor: "policy-\(index + 1)", error: result.error,
                           grade: graded ? scale.grade(result.findings) : nil,
                           points: graded ? scale.points(result.findings) : 0,
                           findings: findings, groups: group(findings))
    }

    /// Groups by lesson (L1 first), else by category; in a group, most severe first, then by position.
    static func group(_ findings: [AuditFinding]) -> [FindingGroup] {
        // Groups appended to in place: a group taken out of a dictionary, appended to and put
        // back copied its findings each time (5,000 findings of one lesson took 3 s, 40,000
        // did not finish in 100 s).
        var index: [String: Int] = [:]
        var groups: [FindingGroup] = []
        for f in findings {
            let key = f.lesson.map { "lesson:" + $0 } ?? "category:" + f.finding.category
            let i: Int
            if let known = index[key] {
                i = known
            } else {
                i = groups.count
                index[key] = i
                groups.append(FindingGroup(
                    lesson: f.lesson,
                    title: f.lesson.flatMap { Lessons.titles[$0] } ?? Lessons.humanize(f.finding.category),
                    categories: [], findings: []))
            }
            if !groups[i].categories.contains(f.finding.category) { groups[i].categories.append(f.finding.category) }
            groups[i].findings.append(f)
        }
        return groups.map { g in
            var g = g
            g.findings.sort { a, b in
                if a.finding.severity != b.finding.severity { return a.finding.severity > b.finding.severity }
                return (a.finding.line, a.finding.column, a.finding.rule) < (b.finding.line, b.finding.column, b.finding.rule)
            }
            return g
        }.sorted { a, b in
            let (oa, ob) = (Lessons.order(a.lesson), Lessons.order(b.lesson))
            return oa != ob ? oa < ob : (a.lesson ?? a.title) < (b.lesson ?? b.title)
        }
    }

    /// `policy.name`, `policy.owner`, `policy.version` of the first document, trimmed: from the
    /// lint when it parsed the file as YAML, else by parsing the source (imported prose).
    static func metadata(_ result: FileResult) -> (name: String?, owner: String?, version: String?) {
        func text(_ s: String?) -> String? {
            guard let s = s.map(Trimming.spacesAndNewlines), !s.isEmpty else { return nil }
            return s
        }
        if let h = result.header { return (text(h.name), text(h.owner), text(h.version)) }
        guard let source = result.source, let stream = try? YAMLParser().parse(source: source),
              let root = stream.documents.first(where: { !$0.root.isNull })?.root else { return (nil, nil, nil) }
        let h = PolicyHeader(root: root)
        return (text(h.name), text(h.owner), text(h.version))
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
