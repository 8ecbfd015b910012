import PolicyLint

/// A policy's grade, A (best) to E (worst), in the spirit of ToS;DR's classes.
/// The scoring is documented in docs/grading.md and in every report's "How grades are computed".
public enum Grade: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case a = 1, b, c, d, e

    public var letter: String {
        switch self {
        case .a: return "A"
        case .b: return "B"
        case .c: return "C"
        case .d: return "D"
        case .e: return "E"
        }
    }

    public var description: String { letter }

    /// One line a reader can repeat to someone else.
    public var verdict: String {
        switch self {
        case .a: return "Clear promises that back themselves up."
        case .b: return "Fair to customers, with a few gaps to close."
        case .c: return "Workable, but customers will notice the gaps."
        case .d: return "Uneven: contradictions or missing remedies that will cost goodwill."
        case .e: return "Serious problems: the policy works against its customers."
        }
    }

    public static func < (a: Grade, b: Grade) -> Bool { a.rawValue < b.rawValue }
}

/// Turns findings into points and points into a grade.
///
/// - Each finding weighs by severity: error 10, warning 3, info 1.
/// - A rule counts at most `maxCountedPerRule` times per policy: the rest are listed but add
///   no points (forty long sentences are one writing habit, not forty problems).
/// - Points map to grades by `thresholds`: A 0–2, B 3–7, C 8–15, D 16–29, E 30 or more.
///   One error alone (10 points) is enough to bring a policy down to C.
/// - A set of policies gets the mean of its policies' grades (A=1 … E=5), a half rounding
///   towards the worse grade. Files that could not be read are not graded.
public struct GradingScale: Sendable, Equatable {
    public var errorWeight = 10
    public var warningWeight = 3
    public var infoWeight = 1
    public var maxCountedPerRule = 3
    /// The lowest points of grades B, C, D and E.
    public var thresholds: [Grade: Int] = [.b: 3, .c: 8, .d: 16, .e: 30]

    public static let standard = GradingScale()

    public init() {}

    public func weight(_ severity: Severity) -> Int {
        switch severity {
        case .error: return errorWeight
        case .warning: return warningWeight
        case .info: return infoWeight
        }
    }

    /// The points of one policy's findings.
    public func points(_ findings: [Finding]) -> Int {
        var counted: [String: Int] = [:]
        var total = 0
        for f in findings {
            let n = counted[f.rule, default: 0]
            guard n < maxCountedPerRule else { continue }
            counted[f.rule] = n + 1
            total += weight(f.severity)
        }
        return total
    }

    public func grade(points: Int) -> Grade {
        for g in [Grade.e, .d, .c, .b] where points >= (thresholds[g] ?? Int.max) { return g }
        return .a
    }

    public func grade(_ findings: [Finding]) -> Grade { grade(points: points(findings)) }

    /// The range of points of a grade, for the methodology table ("8–15", "30+").
    public func range(of grade: Grade) -> String {
        let low = grade == .a ? 0 : thresholds[grade] ?? 0
        guard grade != .e, let next = Grade(rawValue: grade.rawValue + 1), let high = thresholds[next] else {
            return "\(low)+"
        }
        return low == high - 1 ? "\(low)" : "\(low)–\(high - 1)"
    }

    /// The grade of a set: the rounded mean of its grades, halves towards the worse grade.
    public func overall(_ grades: [Grade]) -> Grade? {
        guard !grades.isEmpty else { return nil }
        let sum = grades.reduce(0) { $0 + $1.rawValue }
        // round(sum / n) with .5 going up (worse): floor((2*sum + n) / (2n)).
        let rank = (2 * sum + grades.count) / (2 * grades.count)
        return Grade(rawValue: min(max(rank, 1), 5))
    }
}
