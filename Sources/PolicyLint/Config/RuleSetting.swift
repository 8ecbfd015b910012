/// A rule's parameters that a configuration may change.
public enum RuleParameter: String, Sendable, CaseIterable, Hashable {
    /// The bound of a `max` check (`slow-first-response`: `48 hours`) or a `metric` check's maximum.
    case max
    /// The bound of a `min` check (`refund-window-too-short`: `14 days`).
    case min
    /// The word distance of a `near` check.
    case within
}

/// What a configuration says about one rule; unset fields keep the rule's own values.
public struct RuleSetting: Sendable, Hashable {
    public var enabled: Bool?
    public var severity: Severity?
    /// Parameter values as written (checked against the rule when the rules are known).
    public var parameters: [RuleParameter: String] = [:]

    public init(enabled: Bool? = nil, severity: Severity? = nil, parameters: [RuleParameter: String] = [:]) {
        self.enabled = enabled
        self.severity = severity
        self.parameters = parameters
    }

    /// `other` wins wherever it says something.
    public func merged(with other: RuleSetting) -> RuleSetting {
        var out = self
        if let e = other.enabled { out.enabled = e }
        if let s = other.severity { out.severity = s }
        for (k, v) in other.parameters { out.parameters[k] = v }
        return out
    }

    public var isEmpty: Bool { enabled == nil && severity == nil && parameters.isEmpty }
}

extension Rule {
    /// The parameters this rule's check has, with their current values.
    public var parameters: [(RuleParameter, String)] {
        switch check {
        case let .bound(_, limit, isMax): return [(isMax ? .max : .min, limit.description)]
        case let .near(_, _, within, _, _): return [(.within, String(within))]
        case let .metric(_, max, _): return [(.max, String(max))]
        default: return []
        }
    }

    /// Checks a parameter value for this rule; the error text says what would be accepted.
    public func validate(_ parameter: RuleParameter, _ value: String) -> String? {
        let has = parameters.map(\.0)
        guard has.contains(parameter) else {
            let what = has.isEmpty ? "it has no parameters" : "its parameter is '\(has.map(\.rawValue).joined(separator: "', '"))'"
            return "rule '\(id)' (a '\(check.kind)' check) has no '\(parameter.rawValue)' parameter; \(what)"
        }
        switch check {
        case let .bound(_, limit, _):
            switch limit {
            case .duration:
                if Duration.parse(value) == nil { return "'\(value)' is not a duration (e.g. '24 hours', '5 business days')" }
            case .number:
                if Double(value.trimmingCharacters(in: .whitespaces)) == nil { return "'\(value)' is not a number" }
            }
        case .near, .metric:
            if Rule.wordCount(value) == nil { return "'\(value)' must be a whole number from 0 to 10000" }
        default:
            break
        }
        return nil
    }

    /// `12`, `12 words`.
    static func wordCount(_ text: String) -> Int? {
        var s = text.trimmingCharacters(in: .whitespaces)
        if s.hasSuffix(" words") { s.removeLast(6) } else if s.hasSuffix(" word") { s.removeLast(5) }
        guard let n = Int(s.trimmingCharacters(in: .whitespaces)), n >= 0, n <= 10_000 else { return nil }
        return n
    }

    /// The rule with a setting applied (severity and parameters; enabling is the caller's).
    /// Parameters are assumed valid (`validate`); an invalid one is left unapplied.
    public func applying(_ setting: RuleSetting) -> Rule {
        var rule = self
        if let s = setting.severity { rule.severity = s }
        for (parameter, value) in setting.parameters where validate(parameter, value) == nil {
            switch (rule.check, parameter) {
            case let (.bound(path, limit, isMax), _):
                switch limit {
                case .duration: if let d = Duration.parse(value) { rule.check = .bound(for: path, limit: .duration(d), isMax: isMax) }
                case .number: if let n = Double(value.trimmingCharacters(in: .whitespaces)) { rule.check = .bound(for: path, limit: .number(n), isMax: isMax) }
                }
            case let (.near(a, b, _, unless, scope), .within):
                if let n = Rule.wordCount(value) { rule.check = .near(a, b, within: n, unless: unless, in: scope) }
            case let (.metric(m, _, scope), .max):
                if let n = Rule.wordCount(value) { rule.check = .metric(m, max: n, in: scope) }
            default:
                break
            }
        }
        return rule
    }
}
