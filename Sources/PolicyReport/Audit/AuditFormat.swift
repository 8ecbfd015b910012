import Foundation
import PolicyLint

/// Dates, labels and plurals shared by the HTML and Markdown reports.
enum AuditFormat {
    static func date(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "d MMMM yyyy, HH:mm 'UTC'"
        return f.string(from: d)
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }

    static func label(_ s: Severity) -> String {
        switch s {
        case .error: return "Error"
        case .warning: return "Warning"
        case .info: return "Note"
        }
    }

    static func plural(_ s: Severity) -> String { label(s) + "s" }

    static func noun(_ s: Severity, _ n: Int) -> String { label(s).lowercased() + (n == 1 ? "" : "s") }
}
