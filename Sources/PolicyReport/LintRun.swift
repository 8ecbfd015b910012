import PolicyLint
import PolicyYAML

/// Everything a reporter needs: the results of one lint run and the rules that ran.
public struct LintRun: Sendable {
    public var results: [FileResult]
    public var rules: [Rule]
    /// Problems that are not tied to a linted file (missing paths, bad rule packs).
    public var errors: [InputError]
    public var toolVersion: String
    /// Findings hidden by suppression comments, and by the baseline (counted, not listed).
    public var suppressed = 0
    public var baselined = 0
    /// The exit policy: findings at or above it fail the run (JUnit failures, summaries).
    public var failOn: FailOn = .error
    /// For each result, the ids of the rules that ran on it; nil when every rule ran everywhere.
    public var rulesRun: [[String]]?

    public init(results: [FileResult], rules: [Rule], errors: [InputError] = [], toolVersion: String) {
        self.results = results
        self.rules = rules
        self.errors = errors
        self.toolVersion = toolVersion
    }

    public var findings: [Finding] { results.flatMap(\.findings) }
    public var inputErrors: [InputError] { errors + results.compactMap(\.error) }

    public func rule(_ id: String) -> Rule? { context.rule(id) }

    /// The rules that ran on result `index`: `rulesRun` when known, else every rule (and `schema`).
    public func rules(forResult index: Int) -> [Rule] {
        if let ids = rulesRun?[index] { return ids.compactMap(rule) }
        return rules.contains { $0.id == SchemaRule.id } ? rules : [SchemaRule.rule()] + rules
    }

    /// The ids of the rules that ran on result `index`.
    public func ruleIDs(forResult index: Int) -> [String] {
        if let ids = rulesRun?[index] { return ids }
        return rules(forResult: index).map(\.id)
    }

    /// The facts a streamed report starts from.
    public var context: RunContext {
        RunContext(rules: rules, errors: errors, toolVersion: toolVersion, failOn: failOn)
    }

    /// The counts a streamed report ends with.
    public var totals: RunTotals {
        var t = RunTotals(context: context)
        for r in results { t.add(FileSummary(r)) }
        t.suppressed = suppressed
        t.baselined = baselined
        return t
    }
}
