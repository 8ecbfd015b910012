import PolicyLint

/// Checkstyle XML (`<checkstyle><file name=..><error line column severity message source/>`), read
/// by Jenkins warnings-ng, reviewdog, GitLab converters and many editors.
public struct CheckstyleReporter: ReportStream {
    public init() {}

    static func inputError(_ e: InputError) -> String {
        "    <error line=\"\(e.line)\" column=\"\(e.column)\" severity=\"error\" message=\"\(XMLText.escape(e.message))\" source=\"policylint.input\"/>\n"
    }

    public func begin(_ context: RunContext) -> [UInt8] {
        var out = XMLText.header + "<checkstyle version=\"4.3\">\n"
        for e in context.errors {
            out += "  <file name=\"\(XMLText.escape(e.file))\">\n" + CheckstyleReporter.inputError(e) + "  </file>\n"
        }
        return Array(out.utf8)
    }

    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> [UInt8] {
        var out = "  <file name=\"\(XMLText.escape(result.file))\">\n"
        if let e = result.error { out += CheckstyleReporter.inputError(e) }
        for f in result.findings {
            out += "    <error line=\"\(f.line)\" column=\"\(f.column)\" severity=\"\(f.severity.rawValue)\" "
                + "message=\"\(XMLText.escape(f.message))\" source=\"policylint.\(XMLText.escape(f.rule))\"/>\n"
        }
        out += "  </file>\n"
        return Array(out.utf8)
    }

    public func add(_ chunk: [UInt8]) -> [UInt8] { chunk }

    public func end(_ totals: RunTotals, context: RunContext) -> [UInt8] { Array("</checkstyle>\n".utf8) }
}
