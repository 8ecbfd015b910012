import Foundation
import PolicyYAML

/// Finds and reads `.policylint.yml`. Every mistake is an `InputError` at the offending key or
/// value (`file:line:col: error: ...`, exit code 2).
public enum ConfigLoader {
    /// File names looked for, in order, in each folder from the working folder upwards.
    public static let fileNames = [".policylint.yml", ".policylint.yaml"]

    static let topKeys = ["version", "packs", "language", "fail-on", "require-suppression-reason", "baseline",
                          "ignore", "rules", "overrides", "limits"]
    static let packKeys = ["builtin", "paths"]
    static let ruleKeys = ["enabled", "severity"] + RuleParameter.allCases.map(\.rawValue)
    static let overrideKeys = ["paths", "language", "rules"]

    /// The nearest configuration file at or above `directory`, if any.
    public static func find(from directory: String = Paths.currentDirectory) -> String? {
        var dir = Paths.absolute(directory)
        while true {
            for name in fileNames {
                let candidate = dir == "/" ? "/" + name : dir + "/" + name
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue { return candidate }
            }
            if dir == "/" { return nil }
            dir = Paths.parent(dir)
        }
    }

    /// Reads `--config FILE`, or the file found upwards, or gives the defaults when there is none.
    public static func resolve(explicit: String?, searchFrom directory: String = Paths.currentDirectory) throws(InputError) -> Configuration {
        if let explicit {
            return try load(path: explicit)
        }
        guard let found = find(from: directory) else { return .defaults(directory: directory) }
        return try load(path: found)
    }

    public static func load(path: String) throws(InputError) -> Configuration {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw InputError(file: path, message: "no such configuration file")
        }
        let bytes = try BoundedRead.regularFile(path, noun: "configuration file") // bounded; never a FIFO
        return try load(bytes: bytes, file: path, directory: Paths.parent(path), absolutePath: Paths.absolute(path))
    }

    /// Reads configuration text; `file` is how errors name it, `directory` where relative paths start.
    public static func load(bytes: [UInt8], file: String, directory: String, absolutePath: String? = nil) throws(InputError) -> Configuration {
        let stream: YAMLStream
        do { stream = try YAMLParser().parse(bytes: bytes) } catch { throw InputError(file: file, error) }
        var config = Configuration(directory: Paths.absolute(directory), file: absolutePath ?? file)
        let docs = stream.documents.filter { !$0.root.isNull }
        if docs.isEmpty { return config } // an empty file: all defaults
        if docs.count > 1 {
            throw InputError(file: file, line: docs[1].start.line, column: docs[1].start.column,
                             message: "a configuration file is one YAML document")
        }
        let reader = ConfigReader(file: file, directory: config.directory)
        try reader.read(docs[0].root, into: &config)
        return config
    }
}

/// Reads configuration nodes, failing at the node that is wrong.
struct ConfigReader {
    let file: String
    let directory: String

    func at(_ node: YAMLNode) -> ConfigPosition { ConfigPosition(file: file, line: node.start.line, column: node.start.column) }
    func fail(_ message: String, _ node: YAMLNode) -> InputError { at(node).error(message) }

    /// The pairs of a mapping, with unknown and repeated keys rejected.
    func pairs(_ node: YAMLNode, _ what: String, known: [String]?) throws(InputError) -> [(String, YAMLPair)] {
        guard let pairs = node.pairs else { throw fail("\(what) must be a mapping, not \(node.kindName)", node) }
        var seen: [String: Mark] = [:]
        var out: [(String, YAMLPair)] = []
        for pair in pairs {
            guard let key = pair.key.scalar, !pair.key.isNull else { throw fail("keys must be text", pair.key) }
            if let first = seen[key] { throw fail("'\(key)' is given twice (first at \(first.line):\(first.column))", pair.key) }
            seen[key] = pair.key.start
            if let known, !known.contains(key) {
                var message = "unknown key '\(key)' in \(what)"
                if let s = suggestion(for: key, among: known) { message += "; did you mean '\(s)'?" }
                else { message += " (known: \(known.joined(separator: ", ")))" }
                throw fail(message, pair.key)
            }
            out.append((key, pair))
        }
        return out
    }

    func text(_ node: YAMLNode, _ what: String) throws(InputError) -> String {
        guard let s = node.scalar, !node.isNull, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail("'\(what)' must be text, not \(node.kindName)", node)
        }
        return s
    }

    func bool(_ node: YAMLNode, _ what: String) throws(InputError) -> Bool {
        switch node.style == .plain ? node.scalar : nil {
        case "true", "True", "TRUE", "yes", "on": return true
        case "false", "False", "FALSE", "no", "off": return false
        default: throw fail("'\(what)' must be true or false, not '\(node.scalar ?? node.kindName)'", node)
        }
    }

    /// A string or a list of strings.
    func list(_ node: YAMLNode, _ what: String) throws(InputError) -> [(String, YAMLNode)] {
        if node.scalar != nil, !node.isNull { return [(try text(node, what), node)] }
        guard let items = node.items else { throw fail("'\(what)' must be a list, not \(node.kindName)", node) }
        var out: [(String, YAMLNode)] = []
        for item in items { out.append((try text(item, what), item)) }
        return out
    }

    /// Path patterns; one whose braces expand past `Glob.maxAlternatives` patterns is refused.
    func globs(_ node: YAMLNode, _ what: String) throws(InputError) -> [Glob] {
        var out: [Glob] = []
        for (pattern, item) in try list(node, what) {
            if Glob.expandBraces(pattern, limit: Glob.maxAlternatives) == nil {
                throw fail("'\(what)' pattern '\(pattern.prefix(60))\(pattern.count > 60 ? "…" : "")' expands to more than \(Glob.maxAlternatives) patterns; use fewer braces", item)
            }
            out.append(Glob(pattern))
        }
        return out
    }

    func severity(_ node: YAMLNode, _ what: String) throws(InputError) -> Severity {
        let s = try text(node, what)
        guard let v = Severity(rawValue: s) else { throw fail("'\(what)' must be error, warning or info, not '\(s)'", node) }
        return v
    }

    func language(_ node: YAMLNode) throws(InputError) -> String {
        let s = try text(node, "language").lowercased()
        let ok = s.count >= 2 && s.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || $0 == "-" }
        if !ok { throw fail("'language' must be a language code such as en, de or pt-br, not '\(s)'", node) }
        return s
    }

    func read(_ root: YAMLNode, into config: inout Configuration) throws(InputError) {
        for (key, pair) in try pairs(root, "the configuration", known: ConfigLoader.topKeys) {
            let v = pair.value
            switch key {
            case "version":
                if v.scalar != "1" { throw fail("'version' must be 1 (the only configuration version)", v) }
            case "packs":
                try readPacks(v, into: &config)
            case "language":
                config.language = try language(v)
            case "fail-on":
                let s = try text(v, "fail-on")
                guard let f = FailOn(rawValue: s) else { throw fail("'fail-on' must be error, warning, info or never, not '\(s)'", v) }
                config.failOn = f
            case "require-suppression-reason":
                config.requireSuppressionReason = try bool(v, key)
            case "baseline":
                config.baseline = Paths.absolute(try text(v, "baseline"), from: directory)
            case "ignore":
                config.ignore = try globs(v, "ignore")
            case "rules":
                config.rules = try readRules(v)
            case "limits":
                config.limits = try readLimits(v)
            case "overrides":
                guard let items = v.items else { throw fail("'overrides' must be a list, not \(v.kindName)", v) }
                for item in items { config.overrides.append(try readOverride(item)) }
            default:
                break
            }
        }
    }

    func readPacks(_ node: YAMLNode, into config: inout Configuration) throws(InputError) {
        for (key, pair) in try pairs(node, "'packs'", known: ConfigLoader.packKeys) {
            let v = pair.value
            switch key {
            case "builtin":
                if v.items != nil {
                    config.builtin = .only(try list(v, "builtin").map(\.0))
                } else {
                    config.builtin = try bool(v, "builtin") ? .all : .none
                }
            case "paths":
                config.packPaths = try list(v, "paths").map { (Paths.absolute($0.0, from: directory), at($0.1)) }
            default:
                break
            }
        }
    }

    func readRules(_ node: YAMLNode) throws(InputError) -> [RuleEntry] {
        var out: [RuleEntry] = []
        for (id, pair) in try pairs(node, "'rules'", known: nil) {
            var entry = RuleEntry(id: id, setting: RuleSetting(), at: at(pair.key))
            let v = pair.value
            if let s = v.scalar, !v.isNull {
                // Shorthand: on | off | true | false | error | warning | info.
                switch s {
                case "on", "true", "enabled": entry.setting.enabled = true
                case "off", "false", "disabled": entry.setting.enabled = false
                default:
                    guard let sev = Severity(rawValue: s) else {
                        throw fail("rule '\(id)': give off, on, error, warning or info, or a mapping (enabled, severity, max, min, within); not '\(s)'", v)
                    }
                    entry.setting.severity = sev
                    entry.setting.enabled = true
                }
            } else {
                for (key, p) in try pairs(v, "rule '\(id)'", known: ConfigLoader.ruleKeys) {
                    switch key {
                    case "enabled": entry.setting.enabled = try bool(p.value, "enabled")
                    case "severity": entry.setting.severity = try severity(p.value, "severity")
                    default:
                        let parameter = RuleParameter(rawValue: key)!
                        entry.setting.parameters[parameter] = try text(p.value, key)
                        entry.parameterPositions[parameter] = at(p.value)
                    }
                }
            }
            out.append(entry)
        }
        return out
    }

    func readOverride(_ node: YAMLNode) throws(InputError) -> PathOverride {
        var override = PathOverride(paths: [], language: nil, rules: [], at: at(node))
        for (key, pair) in try pairs(node, "an override", known: ConfigLoader.overrideKeys) {
            switch key {
            case "paths": override.paths = try globs(pair.value, "paths")
            case "language": override.language = try language(pair.value)
            case "rules": override.rules = try readRules(pair.value)
            default: break
            }
        }
        if override.paths.isEmpty { throw fail("an override needs 'paths' (globs of the files it applies to)", node) }
        return override
    }
}
