import Foundation
import PolicyLint

/// GitHub Actions workflow commands: one annotation per finding
/// (`::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message`), shown on the pull
/// request's changed lines; `info` findings are notices; a file that could not be linted is an
/// error annotation where it comes in the run. Ends with the summary line.
public struct GitHubReporter: ReportStream {
    public init() {}

    static func inputError(_ e: InputError) -> String {
        "::error file=\(property(e.file)),line=\(e.line),col=\(e.column),title=\(property("policylint: cannot lint this file"))::\(data(e.message))\n"
    }

    public func begin(_ context: RunContext) -> [UInt8] {
        Array(context.errors.map(GitHubReporter.inputError).joined().utf8)
    }

    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> [UInt8] {
        if let e = result.error { return Array(GitHubReporter.inputError(e).utf8) }
        var out = ""
        for f in result.findings {
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
        return Array(out.utf8)
    }

    public func add(_ chunk: [UInt8]) -> [UInt8] { chunk }

    public func end(_ totals: RunTotals, context: RunContext) -> [UInt8] {
        Array(("policylint: " + TextReporter(color: false).summary(totals) + "\n").utf8)
    }

    /// Escaping of a command's message (`%`, CR, LF).
    static func data(_ s: String) -> String { escape(s, property: false) }

    /// Escaping of a property value: also `:` and `,`.
    static func property(_ s: String) -> String { escape(Paths.display(s), property: true) }

    private static func escape(_ s: String, property: Bool) -> String {
        Escape.rewrite(s) { b, i in
            switch b[i] {
            case 0x25: return (1, "%25")
            case 0x0D: return (1, "%0D")
            case 0x0A: return (1, "%0A")
            case 0x3A where property: return (1, "%3A")
            case 0x2C where property: return (1, "%2C")
            default: return nil
            }
        }
    }
}
