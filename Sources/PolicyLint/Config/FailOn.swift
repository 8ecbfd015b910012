/// The lowest severity that makes a run fail (`--fail-on`, `fail-on:` in the configuration).
public enum FailOn: String, Sendable, CaseIterable, Equatable {
    case error, warning, info, never

    /// The lowest failing severity; nil for `never`.
    public var threshold: Severity? {
        switch self {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        case .never: return nil
        }
    }

    /// Whether a finding of this severity fails the run.
    public func fails(_ severity: Severity) -> Bool {
        guard let threshold else { return false }
        return severity >= threshold
    }
}
