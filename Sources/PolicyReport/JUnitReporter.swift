import PolicyLint

/// JUnit XML for CI test views: one test suite per file, one test case per rule that ran on it.
/// A rule's findings at or above `--fail-on` make its test case fail (one `<failure>` listing them);
/// findings below it are listed in `<system-out>`. A file that could not be linted is an `<error>`.
public struct JUnitReporter: ReportStream {
    /// One file's test suite and its counts.
    public struct Suite: Sendable {
        var text: String
        var tests: Int
        var failures: Int
        var errors: Int
    }

    /// The suites so far: the totals go in the first line, so the report is written at the end
    /// (its size is the output's; no findings or sources are kept).
    private var suites: [Suite] = []

    public init() {}

    public func begin(_ context: RunContext) -> [UInt8] { [] }

    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> Suite {
        let file = XMLText.escape(result.file)
        if let e = result.error {
            return Suite(text: "  <testsuite name=\"\(file)\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
                         + "    <testcase name=\"read\" classname=\"\(file)\" file=\"\(file)\">\n"
                         + "      <error type=\"input\" message=\"\(XMLText.escape(e.message))\">\(XMLText.escape(e.rendered, attribute: false))</error>\n"
                         + "    </testcase>\n  </testsuite>\n", tests: 1, failures: 0, errors: 1)
        }
        var ruleIDs = rules
        // Findings of rules not in the list (e.g. suppression rules) still get a test case.
        for f in result.findings where !ruleIDs.contains(f.rule) { ruleIDs.append(f.rule) }
        var cases = ""
        var failures = 0
        for id in ruleIDs {
            let findings = result.findings.filter { $0.rule == id }
            let failing = findings.filter { context.failOn.fails($0.severity) }
            let quiet = findings.filter { !context.failOn.fails($0.severity) }
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
        return Suite(text: "  <testsuite name=\"\(file)\" tests=\"\(ruleIDs.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n\(cases)  </testsuite>\n",
                     tests: ruleIDs.count, failures: failures, errors: 0)
    }

    public mutating func add(_ chunk: Suite) -> [UInt8] {
        suites.append(chunk)
        return []
    }

    public mutating func end(_ totals: RunTotals, context: RunContext) -> [UInt8] {
        var all = suites
        if !context.errors.isEmpty {
            let body = context.errors.map { "      <error type=\"input\" message=\"\(XMLText.escape($0.message))\">\(XMLText.escape($0.rendered, attribute: false))</error>\n" }.joined()
            all.insert(Suite(text: "  <testsuite name=\"policylint\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
                             + "    <testcase name=\"inputs\" classname=\"policylint\">\n\(body)    </testcase>\n  </testsuite>\n",
                             tests: 1, failures: 0, errors: 1), at: 0)
        }
        let tests = all.reduce(0) { $0 + $1.tests }, failures = all.reduce(0) { $0 + $1.failures }, errors = all.reduce(0) { $0 + $1.errors }
        var out = Array((XMLText.header
            + "<testsuites name=\"policylint\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\">\n").utf8)
        for s in all { out += s.text.utf8 }
        out += "</testsuites>\n".utf8
        suites = []
        return out
    }

    /// `file:line:col: severity: message` and the fix.
    static func line(_ f: Finding) -> String {
        var s = "\(f.file):\(f.line):\(f.column): \(f.severity.rawValue): \(f.message)"
        if let fix = f.fix { s += "\n  fix: \(fix.trimmed)" }
        return s
    }
}
