/// A `.policylint.yml` file, read and checked for shape (docs/configuration.md). Rule ids and
/// parameters are checked against the loaded rules by `LintSettings`.
public struct Configuration: Sendable {
    /// The configuration file (absolute), or nil when none was found: every setting is a default.
    public var file: String?
    /// Where relative paths and globs start: the configuration file's folder, else the working folder.
    public var directory: String
    public var builtin: BuiltinSelection = .all
    /// Rule pack files or folders (absolute), with where each was named.
    public var packPaths: [(path: String, at: ConfigPosition)] = []
    public var language: String?
    public var failOn: FailOn?
    public var requireSuppressionReason: Bool?
    /// Baseline file (absolute).
    public var baseline: String?
    public var ignore: [Glob] = []
    public var rules: [RuleEntry] = []
    public var overrides: [PathOverride] = []
    /// `limits:` (Lint/Limits.swift).
    public var limits = LimitSettings()

    public init(directory: String, file: String? = nil) {
        self.directory = directory
        self.file = file
    }

    /// No configuration file: defaults, relative to the working folder.
    public static func defaults(directory: String = Paths.currentDirectory) -> Configuration {
        Configuration(directory: Paths.absolute(directory))
    }

    /// `path` (as given on the command line) relative to this configuration's folder, for globs.
    public func relativePath(_ path: String) -> String {
        let abs = Paths.absolute(path)
        return Paths.relative(abs, to: directory) ?? Paths.display(path)
    }

    /// Whether `ignore:` covers `path`.
    public func isIgnored(_ path: String) -> Bool {
        if ignore.isEmpty { return false } // no path arithmetic for every file of a run
        let rel = relativePath(path)
        return ignore.contains { $0.matches(rel) }
    }
}

/// Which built-in rule packs load: `packs.builtin: true | false | [pack-id, ...]`.
public enum BuiltinSelection: Sendable, Equatable {
    case all, none
    case only([String])
}

/// Where a setting was written, for `file:line:col: error:` messages.
public struct ConfigPosition: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public func error(_ message: String) -> InputError {
        InputError(file: file, line: line, column: column, message: message)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// `rules.<id>: ...` in the configuration or in an override.
public struct RuleEntry: Sendable {
    public var id: String
    public var setting: RuleSetting
    /// Where the rule id was written.
    public var at: ConfigPosition
    /// Where each parameter (`max`, `min`, `within`) was written.
    public var parameterPositions: [RuleParameter: ConfigPosition] = [:]

    public init(id: String, setting: RuleSetting, at: ConfigPosition) {
        self.id = id
        self.setting = setting
        self.at = at
    }
}

/// `overrides: [{paths: [...], language: ..., rules: {...}}]`: settings for matching files.
/// Later overrides win over earlier ones, and all over the top-level settings.
public struct PathOverride: Sendable {
    public var paths: [Glob]
    public var language: String?
    public var rules: [RuleEntry]
    public var at: ConfigPosition

    public func matches(_ relativePath: String) -> Bool {
        paths.contains { $0.matches(relativePath) }
    }
}
