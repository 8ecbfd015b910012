import PolicyLint
import PolicyYAML

/// Everything a reporter needs: the results of one lint run and the rules that ran.
public struct LintRun: Sendable {
    public var results: [FileResult]
    public var rules: [Rule]
    /// Problems that are not tied to a linted file (missing paths, bad rule packs).
    public var errors: [InputError]
    public var toolVersion: String

    public init(results: [FileResult], rules: [Rule], errors: [InputError] = [], toolVersion: String) {
        self.results = results
        self.rules = rules
        self.errors = errors
        self.toolVersion = toolVersion
    }

    public var findings: [Finding] { results.flatMap(\.findings) }
    public var inputErrors: [InputError] { errors + results.compactMap(\.error) }

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } ?? (id == SchemaRule.id ? SchemaRule.rule() : nil) }
}
