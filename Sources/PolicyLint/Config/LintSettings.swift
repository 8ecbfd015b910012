import Foundation

/// The configuration file and the command line, resolved against the loaded rules. Precedence,
/// lowest first: the rule's own values, the file's top level, matching `overrides` (in order),
/// then command-line flags.
public struct LintSettings: Sendable {
    public let configuration: Configuration
    public let commandLine: CommandLineSettings
    /// Every loaded rule, as its pack defines it (enabled or not).
    public let rules: [Rule]
    /// The built-in rules that are not in packs: `schema` and the suppression rules.
    public let builtinRules: [Rule]

    public var failOn: FailOn { commandLine.failOn ?? configuration.failOn ?? .error }
    public var requireSuppressionReason: Bool {
        commandLine.requireSuppressionReason ?? configuration.requireSuppressionReason ?? false
    }
    /// The baseline to read: `--baseline`, else `baseline:` in the configuration.
    public var baseline: String? { commandLine.baseline ?? configuration.baseline }

    public var allRules: [Rule] { builtinRules + rules }

    /// Loads the packs the configuration and flags name, and checks every rule id and parameter.
    public static func load(configuration: Configuration, commandLine: CommandLineSettings = CommandLineSettings()) throws(InputError) -> LintSettings {
        let packs = try PackSelection.load(configuration: configuration, commandLine: commandLine)
        let settings = LintSettings(configuration: configuration, commandLine: commandLine, rules: packs.flatMap(\.rules))
        try settings.validate()
        return settings
    }

    public init(configuration: Configuration, commandLine: CommandLineSettings, rules: [Rule]) {
        self.configuration = configuration
        self.commandLine = commandLine
        self.rules = rules
        self.builtinRules = [SchemaRule.rule()] + SuppressionRules.all
    }

    public func rule(_ id: String) -> Rule? { allRules.first { $0.id == id } }

    /// Unknown rule ids and parameters that do not fit their rule are errors at where they are written.
    func validate() throws(InputError) {
        let ids = allRules.map(\.id)
        func check(_ entries: [RuleEntry]) throws(InputError) {
            for entry in entries {
                guard let rule = rule(entry.id) else {
                    throw entry.at.error(unknownRule(entry.id, ids))
                }
                for (parameter, value) in entry.setting.parameters.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    if let problem = rule.validate(parameter, value) {
                        throw (entry.parameterPositions[parameter] ?? entry.at).error(problem)
                    }
                }
            }
        }
        try check(configuration.rules)
        for o in configuration.overrides { try check(o.rules) }
        let flagged = commandLine.enable + commandLine.disable + commandLine.severities.keys.sorted()
        for id in flagged where rule(id) == nil {
            throw InputError(file: "<command line>", message: unknownRule(id, ids))
        }
    }

    func unknownRule(_ id: String, _ ids: [String]) -> String {
        var message = "unknown rule '\(id)'"
        if let s = suggestion(for: id, among: ids) { message += "; did you mean '\(s)'?" }
        return message + " (`policylint rules` lists them)"
    }

    /// Whether the file is left out by `ignore:`.
    public func isIgnored(_ file: String) -> Bool { file != "-" && configuration.isIgnored(file) }

    /// The settings that apply to one file.
    public func profile(for file: String) -> FileProfile {
        var settings: [String: RuleSetting] = [:]
        var language = configuration.language
        for entry in configuration.rules { settings[entry.id, default: RuleSetting()] = settings[entry.id, default: RuleSetting()].merged(with: entry.setting) }
        // The relative path (the working directory, path arithmetic) only for overrides to match.
        if file != "-", !configuration.overrides.isEmpty {
            let rel = configuration.relativePath(file)
            for o in configuration.overrides where o.matches(rel) {
                if let l = o.language { language = l }
                for entry in o.rules { settings[entry.id, default: RuleSetting()] = settings[entry.id, default: RuleSetting()].merged(with: entry.setting) }
            }
        }
        for (id, s) in commandLine.ruleSettings { settings[id, default: RuleSetting()] = settings[id, default: RuleSetting()].merged(with: s) }
        if let l = commandLine.language { language = l }
        return FileProfile(language: language ?? "en", settings: settings)
    }
}

/// The settings for one file: files with equal profiles share one compiled rule set.
public struct FileProfile: Sendable, Hashable {
    /// The language of documents that do not set `policy.language`.
    public var language: String
    /// Rule id -> what the configuration and flags say about it.
    public var settings: [String: RuleSetting]

    public func isEnabled(_ rule: Rule) -> Bool { settings[rule.id]?.enabled ?? true }

    /// The rule as configured: severity and parameters applied.
    public func configured(_ rule: Rule) -> Rule {
        guard let s = settings[rule.id] else { return rule }
        return rule.applying(s)
    }

    /// The enabled rules, configured.
    public func rules(from all: [Rule]) -> [Rule] {
        all.filter(isEnabled).map(configured)
    }
}
