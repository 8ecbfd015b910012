import Foundation
import PolicyLint

/// GitHub Actions workflow commands: one annotation per finding
/// (`::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message`), shown on the pull
/// request's changed lines; `info` findings are notices. Ends with the summary line.
public struct GitHubReporter {
    public init() {}

    public func render(_ run: LintRun) -> String {
        var out = ""
        for e in run.inputErrors {
            out += "::error file=\(GitHubReporter.property(e.file)),line=\(e.line),col=\(e.column),title=\(GitHubReporter.property("policylint: cannot lint this file"))::\(GitHubReporter.data(e.message))\n"
        }
        for f in run.findings {
            let command: String
            switch f.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info: command = "notice"
            }
            let l = f.location
            let title = "\(f.title) [\(f.rule)]"
            var message = f.message
            if let fix = f.fix { message += "\n\nHow to fix it: \(fix.trimmed)" }
            out += "::\(command) file=\(GitHubReporter.property(l.file)),line=\(l.line),col=\(l.column),"
                + "endLine=\(l.endLine),endColumn=\(l.endColumn),title=\(GitHubReporter.property(title))::\(GitHubReporter.data(message))\n"
        }
        out += "policylint: " + TextReporter(color: false).summary(run) + "\n"
        return out
    }

    /// Escaping of a command's message (`%`, CR, LF).
    static func data(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escaping of a property value: also `:` and `,`.
    static func property(_ s: String) -> String {
        data(Paths.display(s)).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
