import PolicyYAML

/// Phrase lists keyed by language; a plain list in a pack is English.
public struct LocalizedPhrases: Sendable {
    public var byLanguage: [String: [Phrase]]

    /// The list for a document's language, else English.
    public func phrases(for language: String) -> [Phrase] {
        byLanguage[language] ?? byLanguage["en"] ?? []
    }

    public var all: [(String, Phrase)] {
        byLanguage.sorted { $0.key < $1.key }.flatMap { lang, list in list.map { (lang, $0) } }
    }

    public var isEmpty: Bool { byLanguage.values.allSatisfy(\.isEmpty) }
}

/// Where a prose check looks.
public enum ProseScope: Sendable, CustomStringConvertible {
    case allProse
    case path(PathPattern)

    public var description: String {
        switch self {
        case .allProse: return "prose"
        case .path(let p): return p.description
        }
    }
}

/// One check of a rule: exactly one kind per rule.
public enum Check: Sendable {
    case phrases(LocalizedPhrases, unless: LocalizedPhrases?, in: ProseScope)
    case near(LocalizedPhrases, LocalizedPhrases, within: Int, unless: LocalizedPhrases?, in: ProseScope)
    case require(for: PathPattern, fields: [String], when: Condition?)
    case bound(for: PathPattern, limit: Limit, isMax: Bool)
    case conflict(claim: LocalizedPhrases, denial: LocalizedPhrases, unless: LocalizedPhrases?)
    case absent(fields: [PathPattern], phrases: LocalizedPhrases?)
    case metric(Metric, max: Int, in: ProseScope)

    public enum Condition: Sendable {
        case has(String)
        case missing(String)
    }

    public enum Limit: Sendable, CustomStringConvertible {
        case duration(Duration)
        case number(Double)

        public var description: String {
            switch self {
            case .duration(let d): return d.description
            case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
            }
        }
    }

    public enum Metric: String, Sendable {
        case sentenceWords = "sentence-words"
    }

    /// The check kind's name, as written in packs.
    public var kind: String {
        switch self {
        case .phrases: return "phrases"
        case .near: return "near"
        case .require: return "require"
        case .bound(_, _, let isMax): return isMax ? "max" : "min"
        case .conflict: return "conflict"
        case .absent: return "absent"
        case .metric: return "metric"
        }
    }
}

/// A rule example: a prose sentence, or a YAML fragment replacing sections of the base policy.
public enum RuleExample: Sendable {
    case sentence(String)
    case fragment(YAMLNode, text: String)

    public var display: String {
        switch self {
        case .sentence(let s): return s
        case .fragment(_, let text): return text
        }
    }
}

public struct Rule: Sendable {
    public var id: String
    public var pack: String
    public var title: String
    public var severity: Severity
    public var category: String
    public var lesson: String?
    public var why: String
    public var fix: String
    public var message: String?
    public var check: Check
    public var badExamples: [RuleExample]
    public var goodExamples: [RuleExample]
    /// Where the rule is defined (`rules/refunds.yaml:12:5`).
    public var origin: String
}

public struct RulePack: Sendable {
    public var id: String
    public var title: String
    public var description: String?
    public var rules: [Rule]
    public var file: String
}
