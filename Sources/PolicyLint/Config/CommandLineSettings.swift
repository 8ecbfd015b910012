/// Settings given as command-line flags; each one set wins over the configuration file.
public struct CommandLineSettings: Sendable {
    /// `--no-builtin`: no built-in packs, whatever the configuration says.
    public var noBuiltin = false
    /// `--rules PATH`: packs added after the configuration's.
    public var rulePaths: [String] = []
    /// `--enable RULE`, `--disable RULE`.
    public var enable: [String] = []
    public var disable: [String] = []
    /// `--severity RULE=LEVEL`.
    public var severities: [String: Severity] = [:]
    /// `--language CODE`: the language of documents that do not set `policy.language`.
    public var language: String?
    public var failOn: FailOn?
    public var requireSuppressionReason: Bool?
    /// `--baseline FILE`.
    public var baseline: String?
    /// `--max-file-size`, `--max-depth`, `--max-aliases`, `--max-findings`.
    public var limits = LimitSettings()

    public init() {}

    /// The rule settings the flags make, applied after every configuration setting.
    public var ruleSettings: [String: RuleSetting] {
        var out: [String: RuleSetting] = [:]
        for (id, sev) in severities { out[id, default: RuleSetting()].severity = sev }
        for id in enable { out[id, default: RuleSetting()].enabled = true }
        for id in disable { out[id, default: RuleSetting()].enabled = false }
        return out
    }
}
