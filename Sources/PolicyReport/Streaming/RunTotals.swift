import PolicyLint

/// What a report knows before its first file: fixed facts of the run.
public struct RunContext: Sendable {
    /// The rules that run on at least one file, in the settings' order.
    public var rules: [Rule]
    /// Problems found before linting (missing paths, unreadable folders).
    public var errors: [InputError]
    public var toolVersion: String
    /// The exit policy: findings at or above it fail the run.
    public var failOn: FailOn

    public init(rules: [Rule], errors: [InputError] = [], toolVersion: String, failOn: FailOn = .error) {
        self.rules = rules
        self.errors = errors
        self.toolVersion = toolVersion
        self.failOn = failOn
    }

    /// A rule by id: those that ran, then the built-in ones (schema, suppression rules).
    public func rule(_ id: String) -> Rule? {
        if let r = rules.first(where: { $0.id == id }) { return r }
        if id == SchemaRule.id { return SchemaRule.rule() }
        return SuppressionRules.all.first { $0.id == id }
    }
}

/// One linted file as the end of a report sees it: no findings, no source.
public struct FileSummary: Sendable {
    public var file: String
    public var errors = 0, warnings = 0, infos = 0
    /// Set when the file could not be linted.
    public var error: InputError?

    public var findings: Int { errors + warnings + infos }

    public init(_ result: FileResult) {
        file = result.file
        error = result.error
        for f in result.findings {
            switch f.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
        }
    }

    public func count(_ s: Severity) -> Int {
        switch s {
        case .error: return errors
        case .warning: return warnings
        case .info: return infos
        }
    }
}

/// What a report's end needs: counts and one summary per file, gathered as files are delivered.
public struct RunTotals: Sendable {
    public var files: [FileSummary] = []
    /// Discovery errors first, then each file's, in input order.
    public var inputErrors: [InputError]
    /// Findings hidden by suppression comments, and by the baseline (counted, not listed).
    public var suppressed = 0
    public var baselined = 0
    public let failOn: FailOn
    public private(set) var errors = 0, warnings = 0, infos = 0
    /// Findings at or above `failOn`.
    public private(set) var failingFindings = 0

    public init(context: RunContext) {
        inputErrors = context.errors
        failOn = context.failOn
    }

    public mutating func add(_ summary: FileSummary) {
        files.append(summary)
        if let e = summary.error { inputErrors.append(e) }
        errors += summary.errors
        warnings += summary.warnings
        infos += summary.infos
        for s in [Severity.error, .warning, .info] where failOn.fails(s) { failingFindings += summary.count(s) }
    }

    public func count(_ s: Severity) -> Int {
        switch s {
        case .error: return errors
        case .warning: return warnings
        case .info: return infos
        }
    }

    /// Whether the run fails: findings at or above `failOn`, or files that could not be linted.
    public var failed: Bool { failingFindings > 0 || !inputErrors.isEmpty }
}
