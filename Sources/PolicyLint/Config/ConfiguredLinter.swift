import Foundation
import PolicyYAML

/// What a configured run found: results after suppressions and the baseline, with counts of what
/// they hid.
public struct LintOutcome: Sendable {
    public var results: [FileResult]
    /// For each result, the ids of the rules that ran on it (configuration may differ by path).
    public var rulesRun: [[String]]
    /// Findings hidden by suppression comments.
    public var suppressed: Int
    /// Findings hidden by the baseline.
    public var baselined: Int
    /// Every finding after suppression comments, before the baseline (what `--write-baseline` records).
    public var unbaselined: [Finding]
}

/// One file's result with the configuration applied.
public struct ConfiguredResult: Sendable {
    public var result: FileResult
    /// The ids of the rules that ran on it.
    public var rules: [String]
    /// Findings hidden by suppression comments, and by the baseline.
    public var suppressed = 0
    public var baselined = 0
    /// The findings after suppression comments, before the baseline (only when asked for).
    public var unbaselined: [Finding] = []

    public init(result: FileResult, rules: [String]) {
        self.result = result
        self.rules = rules
    }
}

/// The compiled pieces of a run, one per profile (files with equal settings share a rule set).
struct LintPlan: Sendable {
    var profileIndex: [Int] = []
    var linters: [Linter] = []
    var ruleIDs: [[String]] = []
    var filters: [SuppressionFilter] = []

    init(_ configured: ConfiguredLinter, files: [String]) {
        var index: [FileProfile: Int] = [:]
        let known = Set(configured.settings.allRules.map(\.id))
        for f in files {
            let profile = configured.settings.profile(for: f)
            if let k = index[profile] { profileIndex.append(k); continue }
            let ids = configured.ruleIDs(for: profile)
            index[profile] = linters.count
            profileIndex.append(linters.count)
            linters.append(configured.linter(for: profile))
            ruleIDs.append(ids)
            filters.append(configured.suppressionFilter(for: profile, known: known, enabled: Set(ids)))
        }
    }
}

/// Lints files with the configuration applied: per-path rule sets, suppression comments, baseline.
public struct ConfiguredLinter: Sendable {
    public let settings: LintSettings
    public var limits: YAMLLimits
    /// The baseline's findings, as keys (`--baseline`).
    public var baseline: Baseline.Index?

    /// `limits` defaults to the settings' (configuration `limits:`, then flags).
    public init(settings: LintSettings, limits: YAMLLimits? = nil, baseline: Baseline.Index? = nil) {
        self.settings = settings
        self.limits = limits ?? settings.limits.yamlLimits
        self.baseline = baseline
    }

    /// The linter for one profile: its rules compiled once, `schema` configured.
    public func linter(for profile: FileProfile) -> Linter {
        var engine = Engine(ruleSet: RuleSet(rules: profile.rules(from: settings.rules)))
        let schema = SchemaRule.rule()
        engine.schemaEnabled = profile.isEnabled(schema)
        engine.schemaSeverity = profile.configured(schema).severity
        var linter = Linter(engine: engine, limits: limits)
        linter.defaultLanguage = profile.language
        linter.maxFindingsPerFile = settings.limits.findings
        return linter
    }

    /// The rule ids that run under a profile (pack rules and built-in rules).
    public func ruleIDs(for profile: FileProfile) -> [String] {
        settings.allRules.filter(profile.isEnabled).map(\.id)
    }

    /// Lints `files` (already filtered for `ignore:`) in parallel; results in input order.
    /// `progress` receives the number of files done so far. Holds every result: for the audit
    /// report and tests; `lint(files:jobs:keepUnbaselined:progress:process:deliver:)` streams.
    public func lint(files: [String], jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                     progress: (@Sendable (Int) -> Void)? = nil) -> LintOutcome {
        var outcome = LintOutcome(results: [], rulesRun: [], suppressed: 0, baselined: 0, unbaselined: [])
        lint(files: files, jobs: jobs, keepUnbaselined: true, progress: progress, process: { $1 }, deliver: { _, r in
            outcome.results.append(r.result)
            outcome.rulesRun.append(r.rules)
            outcome.suppressed += r.suppressed
            outcome.baselined += r.baselined
            outcome.unbaselined += r.unbaselined
        })
        return outcome
    }

    /// Lints `files` in parallel and streams: each file is linted, its suppression comments and the
    /// baseline applied, then `process` runs on the same worker with the file's index in `files`
    /// (render, drop the source), and
    /// `deliver` gets what it returned on the calling thread, in input order, as soon as the file
    /// and all before it are done. Memory stays bounded by a few files (OrderedParallel).
    /// `keepUnbaselined` keeps the findings the baseline hid in `unbaselined` (for --write-baseline).
    public func lint<T: Sendable>(files: [String], jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                                  keepUnbaselined: Bool = false,
                                  progress: (@Sendable (Int) -> Void)? = nil,
                                  process: @escaping @Sendable (Int, ConfiguredResult) -> T,
                                  deliver: (Int, T) -> Void) {
        let plan = LintPlan(self, files: files)
        let baseline = baseline
        let counter = SharedCounter()
        OrderedParallel.run(count: files.count, jobs: jobs, work: { i in
            let p = plan.profileIndex[i]
            var r = ConfiguredResult(result: plan.linters[p].lint(file: files[i]), rules: plan.ruleIDs[p])
            if r.result.error == nil {
                let outcome = plan.filters[p].apply(findings: r.result.findings, source: r.result.source, file: r.result.file)
                r.result.findings = outcome.findings
                r.suppressed = outcome.suppressed.count
                if keepUnbaselined { r.unbaselined = r.result.findings }
                if let baseline { r.baselined = baseline.hide(&r.result.findings) }
            }
            progress?(counter.increment())
            return process(i, r)
        }, deliver: deliver)
    }

    /// The rule ids that run on at least one of `files` (every enabled rule when there are none),
    /// known before linting so that streamed reports can list the rules first.
    public func ruleIDsThatRun(files: [String]) -> Set<String> {
        if files.isEmpty { return Set(ruleIDs(for: settings.profile(for: "-"))) }
        var seen = Set<FileProfile>(), ids = Set<String>()
        for f in files {
            let p = settings.profile(for: f)
            if seen.insert(p).inserted { ids.formUnion(ruleIDs(for: p)) }
        }
        return ids
    }

    func suppressionFilter(for profile: FileProfile, known: Set<String>, enabled: Set<String>) -> SuppressionFilter {
        var filter = SuppressionFilter(knownRules: known, enabledRules: enabled, requireReason: settings.requireSuppressionReason)
        filter.unusedRule = profile.isEnabled(SuppressionRules.unused) ? profile.configured(SuppressionRules.unused) : nil
        filter.invalidRule = profile.isEnabled(SuppressionRules.invalid) ? profile.configured(SuppressionRules.invalid) : nil
        filter.limits = limits
        return filter
    }
}
