import PolicyLint

/// Checkstyle XML (`<checkstyle><file name=..><error line column severity message source/>`), read
/// by Jenkins warnings-ng, reviewdog, GitLab converters and many editors.
public struct CheckstyleReporter {
    public init() {}

    public func render(_ run: LintRun) -> String {
        var out = XMLText.header + "<checkstyle version=\"4.3\">\n"
        for e in run.errors {
            out += "  <file name=\"\(XMLText.escape(e.file))\">\n"
            out += "    <error line=\"\(e.line)\" column=\"\(e.column)\" severity=\"error\" message=\"\(XMLText.escape(e.message))\" source=\"policylint.input\"/>\n"
            out += "  </file>\n"
        }
        for result in run.results {
            out += "  <file name=\"\(XMLText.escape(result.file))\">\n"
            if let e = result.error {
                out += "    <error line=\"\(e.line)\" column=\"\(e.column)\" severity=\"error\" message=\"\(XMLText.escape(e.message))\" source=\"policylint.input\"/>\n"
            }
            for f in result.findings {
                out += "    <error line=\"\(f.line)\" column=\"\(f.column)\" severity=\"\(f.severity.rawValue)\" "
                    + "message=\"\(XMLText.escape(f.message))\" source=\"policylint.\(XMLText.escape(f.rule))\"/>\n"
            }
            out += "  </file>\n"
        }
        return out + "</checkstyle>\n"
    }
}
