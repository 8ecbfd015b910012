import Foundation
import PolicyYAML

/// Applies a file's suppression comments to its findings, and reports the comments that are
/// malformed (`invalid-suppression`) or suppress nothing (`unused-suppression`).
public struct SuppressionFilter: Sendable {
    /// Every rule id that exists (a comment naming another id is reported).
    public var knownRules: Set<String>
    /// The rules that run on this file: a comment naming a disabled rule is not "unused".
    public var enabledRules: Set<String>
    /// A comment without ` -- reason` does not suppress and is reported.
    public var requireReason: Bool
    /// The configured suppression rules; nil when disabled.
    public var unusedRule: Rule?
    public var invalidRule: Rule?
    public var limits: YAMLLimits = .default

    public init(knownRules: Set<String>, enabledRules: Set<String>, requireReason: Bool,
                unusedRule: Rule? = SuppressionRules.unused, invalidRule: Rule? = SuppressionRules.invalid) {
        self.knownRules = knownRules
        self.enabledRules = enabledRules
        self.requireReason = requireReason
        self.unusedRule = unusedRule
        self.invalidRule = invalidRule
    }

    public struct Outcome: Sendable {
        /// The findings still reported, with findings about the comments, in line order.
        public var findings: [Finding]
        /// The findings the comments hid.
        public var suppressed: [Finding]
    }

    /// One rule id of one directive, and the lines it covers.
    struct Scope {
        var directive: Int
        var rule: SuppressionDirective.RuleName
        var lines: ClosedRange<Int>
        /// Narrower scopes win when several cover a finding.
        var rank: Int
        var used = false
    }

    public func apply(findings: [Finding], source: SourceText?, file: String) -> Outcome {
        guard let source else { return Outcome(findings: findings, suppressed: []) }
        let scan = CommentScanner.scan(source, limits: limits)
        if scan.comments.isEmpty { return Outcome(findings: findings, suppressed: []) }
        var emitter = MetaFindingEmitter(file: file)
        var notes: [Finding] = []
        var directives: [SuppressionDirective] = []
        for c in scan.comments {
            switch SuppressionDirective.parse(comment: c.text, line: c.line, column: c.column + 1) {
            case .none: continue
            case .failure(let e)?:
                if let r = invalidRule { notes.append(emitter.make(r, e.message, line: e.line, column: e.column, endColumn: e.endColumn, key: c.text)) }
            case .success(let d)?:
                if requireReason && d.reason == nil {
                    if let r = invalidRule {
                        notes.append(emitter.make(r, "'policylint-\(d.kind.rawValue)' needs a reason after ' -- ' (require-suppression-reason is on); it suppresses nothing without one",
                                                  line: d.line, column: d.column, endColumn: d.endColumn, key: c.text))
                    }
                    continue
                }
                directives.append(d)
            }
        }
        var scopes: [Scope] = []
        var open: [String: [(Int, SuppressionDirective.RuleName)]] = [:]
        let lastLine = max(source.lineCount, 1)
        // The first line at or after a line that is neither blank nor a comment, remembered for
        // every line passed: a run of comment lines is walked once, not once per directive in it.
        var contentLine: [Int: Int] = [:]
        func firstContentLine(from line: Int) -> Int {
            var target = line
            var passed: [Int] = []
            while target <= lastLine, scan.blankOrCommentLines.contains(target) {
                if let known = contentLine[target] { target = known; break }
                passed.append(target)
                target += 1
            }
            for l in passed { contentLine[l] = target }
            return target
        }
        for (n, d) in directives.enumerated() {
            switch d.kind {
            case .nextLine:
                let target = firstContentLine(from: d.line + 1)
                let end = max(target, scan.scalarEnds[target] ?? target)
                for r in d.rules { scopes.append(Scope(directive: n, rule: r, lines: target...max(target, end), rank: 3)) }
            case .disable:
                for r in d.rules { open[r.id, default: []].append((n, r)) }
            case .enable:
                for r in d.rules {
                    if let (start, name) = open[r.id]?.popLast() {
                        let from = directives[start].line
                        scopes.append(Scope(directive: start, rule: name, lines: from...max(from, d.line), rank: 2))
                    } else if let u = unusedRule {
                        notes.append(emitter.make(u, "'policylint-enable \(r.id)' has no 'policylint-disable \(r.id)' before it",
                                                  line: r.line, column: r.column, endColumn: r.endColumn, key: "enable " + r.id))
                    }
                }
            case .file:
                for r in d.rules { scopes.append(Scope(directive: n, rule: r, lines: 1...Int.max, rank: 0)) }
            }
        }
        for (_, list) in open {
            for (start, name) in list {
                let from = directives[start].line
                scopes.append(Scope(directive: start, rule: name, lines: from...Int.max, rank: 1))
            }
        }
        // Each finding goes to the narrowest scope that covers it.
        var kept: [Finding] = []
        var suppressed: [Finding] = []
        let chosen = SuppressionFilter.narrowestScopes(for: findings.map { ($0.rule, $0.line) }, in: scopes)
        for (f, best) in zip(findings, chosen) {
            if let b = best { scopes[b].used = true; suppressed.append(f) } else { kept.append(f) }
        }
        // Scopes that hid nothing.
        if let u = unusedRule {
            var reported = Set<String>()
            for s in scopes where !s.used {
                let d = directives[s.directive]
                let key = "\(s.directive):\(s.rule.column)"
                if reported.contains(key) { continue }
                reported.insert(key)
                let message: String
                if !knownRules.contains(s.rule.id) {
                    var m = "'\(s.rule.id)' is not a rule, so 'policylint-\(d.kind.rawValue)' suppresses nothing"
                    if let sug = suggestion(for: s.rule.id, among: Array(knownRules)) { m += "; did you mean '\(sug)'?" }
                    message = m
                } else if !enabledRules.contains(s.rule.id) {
                    continue // the rule is off for this file: nothing to hide, nothing to report
                } else {
                    switch d.kind {
                    case .nextLine: message = "'policylint-disable-next-line \(s.rule.id)' suppresses nothing on line \(s.lines.lowerBound)"
                    case .file: message = "'policylint-disable-file \(s.rule.id)' suppresses nothing: the file has no '\(s.rule.id)' finding"
                    default: message = "'policylint-disable \(s.rule.id)' suppresses nothing in the lines it covers"
                    }
                }
                notes.append(emitter.make(u, message, line: s.rule.line, column: s.rule.column, endColumn: s.rule.endColumn,
                                          key: "\(d.kind.rawValue) \(s.rule.id) \(d.reason ?? "")"))
            }
        }
        let all = (kept + notes).sorted { ($0.line, $0.column, $0.rule) < ($1.line, $1.column, $1.rule) }
        return Outcome(findings: all, suppressed: suppressed)
    }
}

extension SuppressionFilter {
    /// For each finding (rule id and line), the scope that hides it: among the scopes of its
    /// rule that cover its line, the highest rank, then the latest first line, then the first
    /// in `scopes`; nil when none covers it.
    ///
    /// One sweep down the lines instead of every scope tried for every finding (20,000 findings
    /// under 20,000 `disable-next-line` comments took 4 s). Per rule and rank, the scopes that
    /// have started are kept in the order of their first lines, so the last one still open is
    /// the latest start; one that has ended stays ended (the sweep only moves down), so it is
    /// dropped the first time it is met.
    static func narrowestScopes(for findings: [(rule: String, line: Int)], in scopes: [Scope]) -> [Int?] {
        // Most files have comments but no suppression: nothing to sort.
        if scopes.isEmpty { return [Int?](repeating: nil, count: findings.count) }
        // Scopes by first line; of scopes with the same first line, the first in `scopes` on top.
        let starts = scopes.indices.sorted {
            (scopes[$0].lines.lowerBound, $1) < (scopes[$1].lines.lowerBound, $0)
        }
        let byLine = findings.indices.sorted { (findings[$0].line, $0) < (findings[$1].line, $1) }
        var started: [String: [[Int]]] = [:] // rule id -> per rank (0...3), scope indices
        var next = 0
        var chosen = [Int?](repeating: nil, count: findings.count)
        for i in byLine {
            let line = findings[i].line
            while next < starts.count, scopes[starts[next]].lines.lowerBound <= line {
                let k = starts[next]
                started[scopes[k].rule.id, default: Array(repeating: [], count: 4)][scopes[k].rank].append(k)
                next += 1
            }
            guard started[findings[i].rule] != nil else { continue }
            for rank in stride(from: 3, through: 0, by: -1) {
                while let k = started[findings[i].rule]![rank].last, scopes[k].lines.upperBound < line {
                    started[findings[i].rule]![rank].removeLast()
                }
                if let k = started[findings[i].rule]![rank].last {
                    chosen[i] = k
                    break
                }
            }
        }
        return chosen
    }
}

/// Findings about suppression comments: no document path; fingerprints from the comment's words.
struct MetaFindingEmitter {
    let file: String
    var occurrences: [String: Int] = [:]

    mutating func make(_ rule: Rule, _ message: String, line: Int, column: Int, endColumn: Int, key: String) -> Finding {
        let base = stableHash([rule.id, "#", key.trimmingCharacters(in: .whitespaces).lowercased()])
        let n = occurrences[base, default: 0]
        occurrences[base] = n + 1
        let loc = Location(file: file, start: Mark(line: line, column: column, offset: 0),
                           end: Mark(line: line, column: max(endColumn, column + 1), offset: 0), path: "")
        var f = Finding(rule: FindingRule(rule), location: loc, extra: .none, matchIsValue: false, matchSource: "",
                        matchRange: 0..<0, fingerprint: 0)
        f.message = message
        f.fingerprint = n == 0 ? base : stableHash([base, String(n)])
        return f
    }
}
