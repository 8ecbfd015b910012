import PolicyLint

/// JUnit XML for CI test views: one test suite per file, one test case per rule that ran on it.
/// A rule's findings at or above `--fail-on` make its test case fail (one `<failure>` listing them);
/// findings below it are listed in `<system-out>`. A file that could not be linted is an `<error>`.
public struct JUnitReporter: ReportStream {
    /// One file's test suite and its counts.
    public struct Suite: Sendable {
        /// In a temporary file past the memory limit for a file with very many findings (`ChunkBytes`).
        var text: ChunkBytes
        var tests: Int
        var failures: Int
        var errors: Int
    }

    /// The suites so far, as text: the totals go in the first line, so the suites are written at
    /// the end, from a spool that keeps the first 8 MB in memory and the rest in a temporary
    /// file (no findings or sources are kept, and memory does not grow with the report: 343 MB
    /// peak for the 110 MB report of the 100 MB benchmark corpus when it was all kept, 45 MB now).
    private var suites: ReportSpool
    /// Bytes of one file's suite kept in memory before the rest goes to a temporary file.
    let chunkMemoryLimit: Int
    private var tests = 0, failures = 0, errors = 0
    /// A suite could not be read back from its temporary file: the report is not complete.
    private var incomplete = false
    /// Suites' bytes held in memory now (tests: the rest is in the spool's file).
    var suiteBytesInMemory: Int { suites.inMemory }

    /// 1 MB: a spool's buffer grows by doubling until it spills, so 8 MB held up to 16 MB.
    public init() { self.init(spoolMemory: 1 << 20) }

    /// `spoolMemory`: suites' bytes kept in memory before the rest goes to a temporary file;
    /// `chunkMemoryLimit`: the same for one file's suite while it is written (tests make both small).
    init(spoolMemory: Int, chunkMemoryLimit: Int = ChunkBytes.memoryLimit) {
        suites = ReportSpool(memoryLimit: spoolMemory)
        self.chunkMemoryLimit = chunkMemoryLimit
    }

    public func begin(_ context: RunContext) -> [UInt8] { [] }

    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> Suite {
        let file = XMLText.escape(result.file)
        if let e = result.error {
            let text = "  <testsuite name=\"\(file)\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
                + "    <testcase name=\"read\" classname=\"\(file)\" file=\"\(file)\">\n"
                + "      <error type=\"input\" message=\"\(XMLText.escape(e.message))\">\(XMLText.escape(e.rendered, attribute: false))</error>\n"
                + "    </testcase>\n  </testsuite>\n"
            return Suite(text: ChunkBytes(spool: nil, tail: Array(text.utf8)), tests: 1, failures: 0, errors: 1)
        }
        // Each rule's findings, found in one pass (not one filter of all findings per rule).
        var ruleIDs = rules
        var byRule: [String: [Int]] = [:]
        var known = Set(rules)
        for (k, f) in result.findings.enumerated() {
            byRule[f.rule, default: []].append(k)
            // Findings of rules not in the list (e.g. suppression rules) still get a test case.
            if known.insert(f.rule).inserted { ruleIDs.append(f.rule) }
        }
        // The suite's counts come first: a rule's test case fails when one of its findings does.
        let failures = byRule.values.count { $0.contains { context.failOn.fails(result.findings[$0].severity) } }
        // Written as bytes (ReportBytes): the file's name, escaped once, and each rule's fix.
        let classAndFile = Array("\" classname=\"\(file)\" file=\"\(file)\"".utf8)
        var fixes: [ObjectIdentifier: [UInt8]] = [:]
        var cases = ReportBytes(capacity: min(384 + rules.count * 96 + result.findings.count * 240, chunkMemoryLimit + 64 << 10))
        var spool: ReportSpool?
        cases.literal("  <testsuite name=\"")
        cases.append(file)
        cases.literal("\" tests=\""); cases.int(ruleIDs.count)
        cases.literal("\" failures=\""); cases.int(failures)
        cases.literal("\" errors=\"0\" skipped=\"0\">\n")
        for id in ruleIDs {
            cases.literal("    <testcase name=\"")
            cases.xml(id)
            cases.append(classAndFile)
            guard let findings = byRule[id] else {
                cases.literal("/>\n")
                continue
            }
            cases.literal(" line=\"")
            cases.int(result.findings[findings[0]].line)
            cases.literal("\">\n")
            let failing = findings.filter { context.failOn.fails(result.findings[$0].severity) }
            let quiet = findings.filter { !context.failOn.fails(result.findings[$0].severity) }
            if let first = failing.first {
                let worst = failing.map { result.findings[$0].severity }.max()!
                cases.literal("      <failure type=\"")
                cases.append(worst.rawValue)
                cases.literal("\" message=\"")
                if failing.count > 1 {
                    cases.int(failing.count)
                    cases.literal(" findings; first: ")
                }
                result.findings[first].forEachMessagePiece { cases.xml($0) }
                cases.literal("\">")
                JUnitReporter.lines(failing, of: result.findings, fixes: &fixes, into: &cases)
                cases.literal("</failure>\n")
            }
            if !quiet.isEmpty {
                cases.literal("      <system-out>")
                JUnitReporter.lines(quiet, of: result.findings, fixes: &fixes, into: &cases)
                cases.literal("</system-out>\n")
            }
            cases.literal("    </testcase>\n")
            cases.spill(over: chunkMemoryLimit, into: &spool)
        }
        cases.literal("  </testsuite>\n")
        return Suite(text: ChunkBytes(spool: spool, tail: cases.array), tests: ruleIDs.count, failures: failures, errors: 0)
    }

    /// `line(_:)` of each finding, a line break between them, escaped as XML text.
    private static func lines(_ indices: [Int], of findings: [Finding], fixes: inout [ObjectIdentifier: [UInt8]],
                              into out: inout ReportBytes) {
        for (n, k) in indices.enumerated() {
            let f = findings[k]
            if n > 0 { out.byte(0x0A) }
            out.xml(f.file, attribute: false)
            out.byte(0x3A); out.int(f.line)
            out.byte(0x3A); out.int(f.column)
            out.literal(": ")
            out.append(f.severity.rawValue)
            out.literal(": ")
            f.forEachMessagePiece { out.xml($0, attribute: false) }
            guard let fix = f.fix else { continue }
            let key = ObjectIdentifier(f.ruleInfo)
            if let known = fixes[key] { out.append(known) } else {
                let text = Array(XMLText.escape("\n  fix: \(fix.trimmed)", attribute: false).utf8)
                fixes[key] = text
                out.append(text)
            }
        }
    }

    /// Suites go to the spool, written at the end: nothing to write now.
    public mutating func add(_ chunk: Suite) -> [UInt8] {
        _ = add(chunk) { _ in }
        return []
    }

    public mutating func add(_ chunk: Suite, write: ([UInt8]) -> Void) -> String? {
        let suites = suites
        let problem = chunk.text.forEachPiece { suites.append($0) }
        if problem != nil { incomplete = true }
        tests += chunk.tests
        failures += chunk.failures
        errors += chunk.errors
        return problem
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
        defer { incomplete = false }
        return complete && !incomplete ? nil : "the report's test suites could not be read back from their temporary file"
    }

    /// `file:line:col: severity: message` and the fix.
    static func line(_ f: Finding) -> String {
        var s = "\(f.file):\(f.line):\(f.column): \(f.severity.rawValue): \(f.message)"
        if let fix = f.fix { s += "\n  fix: \(fix.trimmed)" }
        return s
    }
}
