import Foundation
@testable import PolicyLint
@testable import PolicyReport
import PolicyYAML
import XCTest

/// A file's JSON or SARIF part past its memory limit goes to a temporary file while it is
/// written and comes back as the same bytes (`ChunkBytes`).
final class ChunkSpillTests: XCTestCase {
    /// Limits that spill a part after every finding (64: nothing stays in memory), after a few
    /// of them, or only the larger parts (a file's last findings then stay in memory after the
    /// spilled ones). Findings are 150 to 1,300 bytes in these formats.
    let limits = [64, 300, 800, 1_500]
    let tinyLimit = 64

    func testJSONPartsSpillAndWriteTheSameReport() throws {
        try assertSpillsAndMatches({ JSONReporter(chunkMemoryLimit: $0) }, reference: JSONReporter(), name: "json")
    }

    func testSARIFPartsSpillAndWriteTheSameReport() throws {
        try assertSpillsAndMatches({ SARIFReporter(chunkMemoryLimit: $0) }, reference: SARIFReporter(), name: "sarif")
    }

    func testTextGitHubAndCheckstylePartsSpillAndWriteTheSameReport() throws {
        try assertSpillsAndMatches({ TextReporter(color: false, chunkMemoryLimit: $0) }, reference: TextReporter(color: false), name: "text")
        try assertSpillsAndMatches({ TextReporter(color: true, chunkMemoryLimit: $0) }, reference: TextReporter(color: true), name: "text in colour")
        try assertSpillsAndMatches({ GitHubReporter(chunkMemoryLimit: $0) }, reference: GitHubReporter(), name: "github")
        try assertSpillsAndMatches({ CheckstyleReporter(chunkMemoryLimit: $0) }, reference: CheckstyleReporter(), name: "checkstyle")
    }

    /// JUnit's suites: a file's suite spills while it is written, then goes to the report's
    /// own spool (its totals come first); the report is the same.
    func testJUnitSuitesSpillAndWriteTheSameReport() throws {
        let run = try ReportFixture.mixedRun()
        let whole = JUnitReporter().render(run)
        var spilled = 0
        for limit in limits {
            XCTAssertEqual(JUnitReporter(spoolMemory: 1 << 20, chunkMemoryLimit: limit).render(run), whole, "limit \(limit)")
            XCTAssertEqual(JUnitReporter(spoolMemory: 64, chunkMemoryLimit: limit).render(run), whole, "limit \(limit), small spool")
            for (i, r) in run.results.enumerated() where !r.findings.isEmpty {
                let suite = JUnitReporter(spoolMemory: 64, chunkMemoryLimit: limit).chunk(r, rules: run.ruleIDs(forResult: i), context: run.context)
                if suite.text.spool != nil { spilled += 1 }
                XCTAssertLessThan(suite.text.tail.count, limit + 4096)
            }
        }
        XCTAssertGreaterThan(spilled, 4, "suites spilled")
    }

    /// For each limit: the report is the same whole and in pieces; a part whose findings pass the
    /// limit is spilled, what stays in memory is about the limit, and it reads back whole
    /// again. Over the limits, several parts spill and some are split between the
    /// file and memory (the order of the two is then checked).
    func assertSpillsAndMatches<S: ReportStream>(_ make: (Int) -> S, reference: S, name: String,
                                                 file: StaticString = #filePath, line: UInt = #line) throws where S.Chunk == ChunkBytes {
        let run = try ReportFixture.mixedRun()
        let context = run.context
        let whole = reference.render(run)
        var spilled = 0, mixed = 0
        for limit in limits {
            let small = make(limit)
            // Whole-run render (each part added as one array) through the spilling stream.
            XCTAssertEqual(small.render(run), whole, "\(name), limit \(limit): whole parts", file: file, line: line)
            // Piece by piece, as `StreamedRun` writes them.
            var stream = small
            var bytes = stream.begin(context)
            for (i, r) in run.results.enumerated() {
                let chunk = stream.chunk(r, rules: run.ruleIDs(forResult: i), context: context)
                let size = reference.chunk(r, rules: run.ruleIDs(forResult: i), context: context).bytes.count
                // Spilled once the findings pass the limit (a part's closing text is under 64 bytes).
                if !r.findings.isEmpty, size >= limit + 64 {
                    XCTAssertNotNil(chunk.spool, "\(name), limit \(limit): \(r.file), \(size) bytes", file: file, line: line)
                    XCTAssertLessThan(chunk.tail.count, limit + 4096, "\(name): what stays in memory is about the limit", file: file, line: line)
                    XCTAssertGreaterThanOrEqual(chunk.spool?.count ?? 0, limit, "bytes in the temporary file", file: file, line: line)
                    spilled += 1
                    if !chunk.tail.isEmpty { mixed += 1 }
                } else if r.findings.isEmpty {
                    XCTAssertNil(chunk.spool, "\(name): a part without findings stays in memory", file: file, line: line)
                }
                XCTAssertNil(stream.add(chunk) { bytes += $0 }, file: file, line: line)
                XCTAssertEqual(chunk.bytes.count, size, "the part reads back the same again", file: file, line: line)
            }
            bytes += stream.end(run.totals, context: context)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), whole, "\(name), limit \(limit): in pieces", file: file, line: line)
        }
        XCTAssertGreaterThan(spilled, 4, "\(name): several parts spilled", file: file, line: line)
        XCTAssertGreaterThan(mixed, 0, "\(name): some part is in a file and in memory both", file: file, line: line)
    }

    /// A file's JSON part is written straight into the array it is handed over in, sized 1 KB
    /// a finding; findings whose JSON passes that (a long match, escapes that take six bytes a
    /// byte) move the writer to its own buffer and the part is copied out, before or after a
    /// spill. Every way gives the reference text of each finding.
    func testJSONPartsWrittenInPlaceOrMovedWhenTheyOutgrowTheirRoom() {
        let rule = FindingRule(id: "r", title: "T", category: "c", severity: .warning, fix: nil, template: "{match} at {path}")
        let mark = Mark(line: 3, column: 5, offset: 40)
        func finding(_ match: String) -> Finding {
            Finding(rule: rule, location: Location(file: "a.yaml", start: mark, end: mark, path: "terms[0].text"),
                    extra: .none, matchIsValue: true, matchSource: match, matchRange: 0..<match.utf8.count, fingerprint: 7)
        }
        let short = finding("We may change these terms.")
        let long = finding(String(repeating: "\u{1}\"quoted\" and\ttabbed\u{2028} ", count: 120)) // about 7 KB of JSON
        let cases: [(String, [Finding])] = [("short ones", [short, short, short]), ("one long", [long]),
                                             ("long among short", [short, long, short]), ("long last", [short, short, long])]
        for (name, findings) in cases {
            var expected: [UInt8] = []
            for f in findings {
                expected += Array(",\n    ".utf8)
                JSONReporter.finding(f).write(to: &expected, indent: 2, level: 2)
            }
            var result = FileResult(file: "a.yaml")
            result.findings = findings
            for limit in [64, 2_000, ChunkBytes.memoryLimit] {
                let chunk = JSONReporter(chunkMemoryLimit: limit).chunk(result, rules: ["r"], context: RunContext(rules: [], toolVersion: "0"))
                XCTAssertEqual(String(decoding: chunk.bytes, as: UTF8.self), String(decoding: expected, as: UTF8.self), "\(name), limit \(limit)")
            }
        }
        XCTAssertGreaterThan(JSONReporter().chunk({ var r = FileResult(file: "a.yaml"); r.findings = [long]; return r }(),
                                                  rules: ["r"], context: RunContext(rules: [], toolVersion: "0")).bytes.count, 2 * 1024, "the long finding outgrows its room")
    }

    /// `ChunkBytes.writtenInPlace` gives the same part whatever its room: none to spare (the
    /// writer moves to its own buffer at once), some (it moves part way, before or after a spill),
    /// or plenty (written in place), for the SARIF reporter's writer too.
    func testPartsWrittenInPlaceAreTheSameWhateverTheirRoom() {
        let strings = (0..<60).map { "item \($0): \"quoted\"\t\u{1}" + String(repeating: "é", count: $0 % 7) }
        var expected: [UInt8] = []
        JSONValue.array(strings.map { .string($0) }).write(to: &expected, indent: 2, level: 0)
        for capacity in [0, 1, 64, 700, 5_000, 100_000] {
            for spillLimit in [64, 1 << 20] {
                let part = ChunkBytes.writtenInPlace(capacity: capacity, { IndentedJSONWriter(level: 0, writingInto: $0) }) { w in
                    w.openArray()
                    for s in strings {
                        w.item()
                        w.string(s)
                        w.spill(over: spillLimit)
                    }
                    w.closeArray()
                }
                XCTAssertEqual(String(decoding: part.bytes, as: UTF8.self), String(decoding: expected, as: UTF8.self),
                               "room \(capacity), spill at \(spillLimit)")
            }
        }
    }

    /// The run the CLI makes (`StreamedRun`, workers, ordered delivery) with spilling streams:
    /// the same bytes as with parts kept whole.
    func testStreamedRunWritesSpilledParts() throws {
        _ = FileManager.default.changeCurrentDirectoryPath(ReportFixture.root.path)
        let settings = try LintSettings.load(configuration: .defaults(directory: ReportFixture.root.path))
        let context = RunContext(rules: settings.allRules, toolVersion: "0", failOn: .error)
        func output(_ stream: AnyReportStream) -> String {
            let collected = LockedOutput()
            let run = StreamedRun(linter: ConfiguredLinter(settings: settings), context: context,
                                  sinks: [StreamedRun.Sink(stream: stream, file: nil)], writeStandardOutput: { collected.append($0) })
            let outcome = run.run(files: ReportFixture.examples, jobs: 2)
            XCTAssertNil(outcome.writeFailure)
            return collected.text
        }
        XCTAssertEqual(output(AnyReportStream(JSONReporter(chunkMemoryLimit: tinyLimit))), output(AnyReportStream(JSONReporter())))
        XCTAssertEqual(output(AnyReportStream(SARIFReporter(chunkMemoryLimit: tinyLimit))), output(AnyReportStream(SARIFReporter())))
        XCTAssertTrue(output(AnyReportStream(JSONReporter(chunkMemoryLimit: tinyLimit))).contains("\"refund-window-too-short\""))
    }
}

/// Bytes written from the delivering thread, read after the run.
final class LockedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    func append(_ b: [UInt8]) { lock.withLock { bytes += b } }
    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}
