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

/// Lints files with the configuration applied: per-path rule sets, suppression comments, baseline.
public struct ConfiguredLinter: Sendable {
    public let settings: LintSettings
    public var limits: YAMLLimits
    public var baseline: Baseline?

    /// `limits` defaults to the settings' (configuration `limits:`, then flags).
    public init(settings: LintSettings, limits: YAMLLimits? = nil, baseline: Baseline? = nil) {
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
    /// `progress` receives the number of files done so far.
    public func lint(files: [String], jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                     progress: (@Sendable (Int) -> Void)? = nil) -> LintOutcome {
        // Files with equal settings share one compiled rule set.
        var order: [FileProfile] = []
        var groups: [FileProfile: [Int]] = [:]
        for (i, f) in files.enumerated() {
            let p = settings.profile(for: f)
            if groups[p] == nil { order.append(p) }
            groups[p, default: []].append(i)
        }
        var results = [FileResult?](repeating: nil, count: files.count)
        var rulesRun = [[String]](repeating: [], count: files.count)
        var suppressedCount = 0
        var done = 0
        let known = Set(settings.allRules.map(\.id))
        for profile in order {
            let indices = groups[profile]!
            let base = done
            let ids = ruleIDs(for: profile)
            let filter = suppressionFilter(for: profile, known: known, enabled: Set(ids))
            let suppressed = ResultBox.Counter()
            // Suppression comments are applied on the workers, file by file.
            let linted = linter(for: profile).lint(files: indices.map { files[$0] }, jobs: jobs,
                                                   progress: progress.map { p in { @Sendable n in p(base + n) } },
                                                   finish: { r in
                guard r.error == nil else { return }
                let outcome = filter.apply(findings: r.findings, source: r.source, file: r.file)
                r.findings = outcome.findings
                suppressed.add(outcome.suppressed.count)
            })
            done += indices.count
            suppressedCount += suppressed.value
            for (k, r) in linted.enumerated() {
                results[indices[k]] = r
                rulesRun[indices[k]] = ids
            }
        }
        var final = results.map { $0! }
        let unbaselined = final.flatMap(\.findings)
        var baselinedCount = 0
        if let baseline {
            var matcher = Baseline.Matcher(baseline)
            baselinedCount = matcher.filter(&final)
        }
        return LintOutcome(results: final, rulesRun: rulesRun, suppressed: suppressedCount, baselined: baselinedCount,
                           unbaselined: unbaselined)
    }

    func suppressionFilter(for profile: FileProfile, known: Set<String>, enabled: Set<String>) -> SuppressionFilter {
        var filter = SuppressionFilter(knownRules: known, enabledRules: enabled, requireReason: settings.requireSuppressionReason)
        filter.unusedRule = profile.isEnabled(SuppressionRules.unused) ? profile.configured(SuppressionRules.unused) : nil
        filter.invalidRule = profile.isEnabled(SuppressionRules.invalid) ? profile.configured(SuppressionRules.invalid) : nil
        filter.limits = limits
        return filter
    }
}
