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

    /// The suites so far, as text: the totals go in the first line, so the suites are written at
    /// the end, from a spool that keeps the first 8 MB in memory and the rest in a temporary
    /// file (no findings or sources are kept, and memory does not grow with the report: 343 MB
    /// peak for the 110 MB report of the 100 MB benchmark corpus when it was all kept, 45 MB now).
    private var suites: ReportSpool
    private var tests = 0, failures = 0, errors = 0
    /// Suites' bytes held in memory now (tests: the rest is in the spool's file).
    var suiteBytesInMemory: Int { suites.inMemory }

    public init() { self.init(spoolMemory: 8 << 20) }

    /// `spoolMemory`: suites' bytes kept in memory before the rest goes to a temporary file
    /// (tests make it small).
    init(spoolMemory: Int) {
        suites = ReportSpool(memoryLimit: spoolMemory)
    }

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
        suites.append(chunk.text.utf8)
        tests += chunk.tests
        failures += chunk.failures
        errors += chunk.errors
        return []
    }

    public mutating func end(_ totals: RunTotals, context: RunContext) -> [UInt8] {
        var out: [UInt8] = []
        _ = end(totals, context: context) { out += $0 }
        return out
    }

    public mutating func end(_ totals: RunTotals, context: RunContext, write: ([UInt8]) -> Void) -> String? {
        // Inputs that could not be named (a missing path) come first, as a suite of their own.
        var inputs = ""
        if !context.errors.isEmpty {
            let body = context.errors.map { "      <error type=\"input\" message=\"\(XMLText.escape($0.message))\">\(XMLText.escape($0.rendered, attribute: false))</error>\n" }.joined()
            inputs = "  <testsuite name=\"policylint\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
                + "    <testcase name=\"inputs\" classname=\"policylint\">\n\(body)    </testcase>\n  </testsuite>\n"
        }
        let inputErrors = inputs.isEmpty ? 0 : 1
        write(Array((XMLText.header
            + "<testsuites name=\"policylint\" tests=\"\(tests + inputErrors)\" failures=\"\(failures)\" errors=\"\(errors + inputErrors)\">\n"
            + inputs).utf8))
        let complete = suites.drain(write)
        write(Array("</testsuites>\n".utf8))
        tests = 0; failures = 0; errors = 0
        return complete ? nil : "the report's test suites could not be read back from their temporary file"
    }

    /// `file:line:col: severity: message` and the fix.
    static func line(_ f: Finding) -> String {
        var s = "\(f.file):\(f.line):\(f.column): \(f.severity.rawValue): \(f.message)"
        if let fix = f.fix { s += "\n  fix: \(fix.trimmed)" }
        return s
    }
}
