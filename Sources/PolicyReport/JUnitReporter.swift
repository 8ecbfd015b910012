import PolicyLint

/// JUnit XML for CI test views: one test suite per file, one test case per rule that ran on it.
/// A rule's findings at or above `--fail-on` make its test case fail (one `<failure>` listing them);
/// findings below it are listed in `<system-out>`. A file that could not be linted is an `<error>`.
public struct JUnitReporter {
    public init() {}

    public func render(_ run: LintRun) -> String {
        var suites: [String] = []
        var totalTests = 0, totalFailures = 0, totalErrors = 0
        if !run.errors.isEmpty {
            let body = run.errors.map { "      <error type=\"input\" message=\"\(XMLText.escape($0.message))\">\(XMLText.escape($0.rendered, attribute: false))</error>\n" }.joined()
            suites.append("  <testsuite name=\"policylint\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
                          + "    <testcase name=\"inputs\" classname=\"policylint\">\n\(body)    </testcase>\n  </testsuite>\n")
            totalTests += 1; totalErrors += 1
        }
        for (i, result) in run.results.enumerated() {
            let file = XMLText.escape(result.file)
            if let e = result.error {
                suites.append("  <testsuite name=\"\(file)\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
                              + "    <testcase name=\"read\" classname=\"\(file)\" file=\"\(file)\">\n"
                              + "      <error type=\"input\" message=\"\(XMLText.escape(e.message))\">\(XMLText.escape(e.rendered, attribute: false))</error>\n"
                              + "    </testcase>\n  </testsuite>\n")
                totalTests += 1; totalErrors += 1
                continue
            }
            var ruleIDs = run.rules(forResult: i).map(\.id)
            // Findings of rules not in the list (e.g. suppression rules) still get a test case.
            for f in result.findings where !ruleIDs.contains(f.rule) { ruleIDs.append(f.rule) }
            var cases = ""
            var failures = 0
            for id in ruleIDs {
                let findings = result.findings.filter { $0.rule == id }
                let failing = findings.filter { run.failOn.fails($0.severity) }
                let quiet = findings.filter { !run.failOn.fails($0.severity) }
                let name = XMLText.escape(id)
                if findings.isEmpty {
                    cases += "    <testcase name=\"\(name)\" classname=\"\(file)\" file=\"\(file)\"/>\n"
                    continue
                }
                cases += "    <testcase name=\"\(name)\" classname=\"\(file)\" file=\"\(file)\" line=\"\(findings[0].line)\">\n"
                if !failing.isEmpty {
                    failures += 1
                    let worst = failing.map(\.severity).max()!
                    let summary = failing.count == 1 ? failing[0].message : "\(failing.count) findings; first: \(failing[0].message)"
                    cases += "      <failure type=\"\(worst.rawValue)\" message=\"\(XMLText.escape(summary))\">"
                    cases += XMLText.escape(failing.map(JUnitReporter.line).joined(separator: "\n"), attribute: false)
                    cases += "</failure>\n"
                }
                if !quiet.isEmpty {
                    cases += "      <system-out>" + XMLText.escape(quiet.map(JUnitReporter.line).joined(separator: "\n"), attribute: false) + "</system-out>\n"
                }
                cases += "    </testcase>\n"
            }
            suites.append("  <testsuite name=\"\(file)\" tests=\"\(ruleIDs.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n\(cases)  </testsuite>\n")
            totalTests += ruleIDs.count
            totalFailures += failures
        }
        return XMLText.header
            + "<testsuites name=\"policylint\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"\(totalErrors)\">\n"
            + suites.joined() + "</testsuites>\n"
    }

    /// `file:line:col: severity: message` and the fix.
    static func line(_ f: Finding) -> String {
        var s = "\(f.file):\(f.line):\(f.column): \(f.severity.rawValue): \(f.message)"
        if let fix = f.fix { s += "\n  fix: \(fix.trimmed)" }
        return s
    }
}
