import PolicyLint

/// The report formats of `policylint lint --format`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, sarif, junit, github, checkstyle, markdown

    /// The report for a finished run. `color` applies to `text` only. Streamed runs use `stream(color:)`.
    public func render(_ run: LintRun, color: Bool = false) -> String {
        switch self {
        case .text: return TextReporter(color: color).render(run)
        case .json: return JSONReporter().render(run)
        case .sarif: return SARIFReporter().render(run)
        case .junit: return JUnitReporter().render(run)
        case .github: return GitHubReporter().render(run)
        case .checkstyle: return CheckstyleReporter().render(run)
        case .markdown: return MarkdownSummaryReporter().render(run)
        }
    }

    /// The usual file extension, for golden files and examples.
    public var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .json: return "json"
        case .sarif: return "sarif"
        case .junit: return "junit.xml"
        case .github: return "github.txt"
        case .checkstyle: return "checkstyle.xml"
        case .markdown: return "md"
        }
    }
}
