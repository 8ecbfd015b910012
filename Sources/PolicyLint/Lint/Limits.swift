import Foundation
import PolicyYAML

/// Bounds on what one input may cost (docs/reliability.md): `limits:` in `.policylint.yml` and
/// the `--max-*` flags of `policylint lint`. Unset values keep the defaults; a flag wins over the
/// file. Hitting a limit is an input error for that file (exit code 2); other files are still linted.
public struct LimitSettings: Sendable, Equatable {
    /// Largest file read, in bytes (`max-file-size`, default 10 MB).
    public var maxFileBytes: Int?
    /// Deepest nesting of YAML collections (`max-depth`, default 256).
    public var maxDepth: Int?
    /// Most nodes aliases may add to one document (`max-aliases`, default 100,000).
    public var maxAliasNodes: Int?
    /// Most findings in one file before it is rejected (`max-findings`, default 1,000).
    public var maxFindings: Int?

    public init() {}

    public static let defaultMaxFindings = 1000

    /// Accepted ranges. The depth ceiling keeps code that walks trees recursively (merge keys,
    /// the policy model, JSON output) far from the end of an 8 MB stack: a debug build overflowed
    /// at about 7,500 levels of nested mappings, so 1,000 leaves a wide margin (AdversarialTests
    /// lints 1,000 levels on worker threads).
    public static let fileBytesRange = 1024...(1024 * 1024 * 1024)
    public static let depthRange = 1...1_000
    public static let aliasRange = 0...100_000_000
    public static let findingsRange = 1...10_000_000

    /// These settings with every value `other` sets taking precedence.
    public func overridden(by other: LimitSettings) -> LimitSettings {
        var out = self
        if let v = other.maxFileBytes { out.maxFileBytes = v }
        if let v = other.maxDepth { out.maxDepth = v }
        if let v = other.maxAliasNodes { out.maxAliasNodes = v }
        if let v = other.maxFindings { out.maxFindings = v }
        return out
    }

    /// The parser's limits: these settings over the defaults.
    public var yamlLimits: YAMLLimits {
        var l = YAMLLimits()
        if let v = maxFileBytes { l.maxFileBytes = v }
        if let v = maxDepth { l.maxDepth = v }
        if let v = maxAliasNodes { l.maxAliasNodes = v }
        return l
    }

    public var findings: Int { maxFindings ?? LimitSettings.defaultMaxFindings }

    /// The limits in force, as `.policylint.yml` writes them (for `policylint config --print`).
    public var rendered: String {
        let y = yamlLimits
        return "{max-file-size: \(YAMLLimits.describe(bytes: y.maxFileBytes)), max-depth: \(y.maxDepth), max-aliases: \(y.maxAliasNodes), max-findings: \(findings)}"
    }

    /// Reads a size: a whole number of MB (`10`), or a number with a unit (`512 KB`, `10 MB`, `1 GB`).
    public static func parseSize(_ text: String) -> Int? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard let n = Int(digits), !digits.isEmpty else { return nil }
        let unit = s.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        let scale: Int
        switch unit {
        case "", "mb", "m", "mib": scale = 1024 * 1024
        case "kb", "k", "kib": scale = 1024
        case "gb", "g", "gib": scale = 1024 * 1024 * 1024
        case "b", "bytes": scale = 1
        default: return nil
        }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow ? nil : bytes
    }
}

extension LintSettings {
    /// The limits in force: the configuration's `limits:`, then flags.
    public var limits: LimitSettings { configuration.limits.overridden(by: commandLine.limits) }
}

extension Linter {
    /// Rejects a file with more findings than `maxFindingsPerFile` (a clear error, not a flood).
    /// How many more is not known: the check stops at the first past the limit.
    func applyFindingsLimit(_ result: inout FileResult) {
        guard result.findings.count > maxFindingsPerFile else { return }
        result.findings = []
        result.error = InputError(file: result.file,
                                  message: "more than \(maxFindingsPerFile) findings, the limit per file (limits.max-findings, --max-findings); is this a policy file?")
    }
}

extension ConfigReader {
    /// `limits: {max-file-size: 10 MB, max-depth: 256, max-aliases: 100000, max-findings: 1000}`.
    func readLimits(_ node: YAMLNode) throws(InputError) -> LimitSettings {
        var limits = LimitSettings()
        func number(_ v: YAMLNode, _ key: String, _ range: ClosedRange<Int>) throws(InputError) -> Int {
            let s = try text(v, key).replacingOccurrences(of: "_", with: "")
            guard let n = Int(s.trimmingCharacters(in: .whitespaces)), range.contains(n) else {
                throw fail("'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(s)'", v)
            }
            return n
        }
        for (key, pair) in try pairs(node, "'limits'", known: ConfigLoader.limitKeys) {
            let v = pair.value
            switch key {
            case "max-file-size":
                let s = try text(v, key)
                guard let bytes = LimitSettings.parseSize(s), LimitSettings.fileBytesRange.contains(bytes) else {
                    throw fail("'max-file-size' must be a size from 1 KB to 1 GB, such as 10 MB or 512 KB (a bare number is MB), not '\(s)'", v)
                }
                limits.maxFileBytes = bytes
            case "max-depth": limits.maxDepth = try number(v, key, LimitSettings.depthRange)
            case "max-aliases": limits.maxAliasNodes = try number(v, key, LimitSettings.aliasRange)
            case "max-findings": limits.maxFindings = try number(v, key, LimitSettings.findingsRange)
            default: break
            }
        }
        return limits
    }
}

extension ConfigLoader {
    static let limitKeys = ["max-file-size", "max-depth", "max-aliases", "max-findings"]
}
