import Foundation
@testable import PolicyLint
@testable import PolicyReport
import PolicyYAML
import XCTest

/// Reports are streamed file by file (chunks made on worker threads, added in input order); these
/// check that the streamed text is the same as the whole-run text, for every format, and that the
/// ordered parallel loop delivers every result once, in order, with bounded look-ahead.
final class StreamingReportTests: XCTestCase {
    /// The run of the examples plus a file that could not be linted and a discovery error, so that
    /// every part of every format is exercised.
    func mixedRun() throws -> LintRun { try ReportFixture.mixedRun() }

    func testStreamedOutputEqualsWholeRunForEveryFormat() throws {
        let run = try mixedRun()
        for format in ReportFormat.allCases {
            let whole = format.render(run)
            let stream = format.stream()
            let context = run.context
            // Chunks made concurrently, as the workers do; added in order, as delivery does.
            let chunks = ChunkSlots(count: run.results.count)
            DispatchQueue.concurrentPerform(iterations: run.results.count) { i in
                chunks.set(i, stream.chunk(run.results[i], rules: run.ruleIDs(forResult: i), context: context))
            }
            var bytes = stream.begin(context)
            for i in run.results.indices { bytes += stream.add(chunks.get(i)) }
            bytes += stream.end(run.totals, context: context)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), whole, format.rawValue)
        }
    }

    /// The CLI streams (files linted on worker threads, each report written part by part, report
    /// files staged); its output is the same text as rendering the whole run at once, in every
    /// format, to standard output and to a file in one run.
    func testCLIStreamedReportsEqualWholeRunRendering() throws {
        let run = try ReportFixture.examplesRun()
        let version = try ReportFixture.run(["--version"], cwd: ReportFixture.root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for format in ReportFormat.allCases {
            let file = scratch.appendingPathComponent("report.\(format.fileExtension)").path
            let cli = try ReportFixture.run(["lint", "--jobs", "2", "--format", format.rawValue, "--format", format.rawValue, "--output", file]
                                            + ReportFixture.examples, cwd: ReportFixture.root)
            XCTAssertEqual(cli.code, 1, "\(format.rawValue): the examples have errors\n\(cli.stderr)")
            let expected = format.render(run).replacingOccurrences(of: ReportFixture.version, with: version)
            XCTAssertEqual(cli.stdout, expected, "\(format.rawValue) on standard output")
            XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), expected, "\(format.rawValue) in a file")
        }
    }

    func testEmptyRunIsWellFormed() throws {
        let run = LintRun(results: [], rules: [], toolVersion: "0")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(run).utf8)) as? [String: Any])
        XCTAssertEqual((json["findings"] as? [Any])?.count, 0)
        let sarif = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ReportFormat.sarif.render(run).utf8)) as? [String: Any])
        let results = ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [Any])
        XCTAssertEqual(results?.count, 0)
    }

    /// The JSON report writes findings straight to bytes; the JSONValue form is the reference.
    func testFindingBytesEqualTheJSONValueForm() throws {
        let run = try mixedRun()
        var findings = run.findings
        XCTAssertFalse(findings.isEmpty)
        XCTAssertTrue(findings.contains { !$0.related.isEmpty }, "the examples have a related location")
        var odd = findings[0]
        odd.message = "quote \" backslash \\ tab \t nl \n cr \r bell \u{7} del \u{7F} nel \u{85} ls \u{2028} ps \u{2029} é 😀 \u{2027}"
        odd.fix = nil
        odd.matchedText = ""
        odd.location.line = -3
        odd.location.column = 1_234_567_890
        odd.related = [Location(file: "a\"b", start: Mark(line: 1, column: 2, offset: 0), end: Mark(line: 3, column: 4, offset: 9),
                                path: "x[0]", message: "the \"claim\"")]
        findings.append(odd)
        // The writer keeps a rule's escaped strings and the last file's: the same rule id with
        // another title, category or fix, and another file, must not reuse them.
        var renamed = findings[0]
        renamed.title = "Another \"title\""
        renamed.category = "other"
        renamed.fix = "Fix\nit"
        renamed.location.file = "other/file.yaml"
        var unfixed = findings[0]
        unfixed.fix = nil
        findings += [renamed, findings[0], unfixed, findings[0]]
        var shared = FindingJSON(), allExpected: [UInt8] = []
        for f in findings {
            var expected: [UInt8] = []
            JSONReporter.finding(f).write(to: &expected, indent: 2, level: 2)
            var writer = FindingJSON()
            writer.write(f)
            XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), String(decoding: expected, as: UTF8.self))
            shared.write(f)
            allExpected += expected
        }
        XCTAssertEqual(String(decoding: shared.bytes, as: UTF8.self), String(decoding: allExpected, as: UTF8.self))
    }

    /// SARIF results are written straight to bytes; `SARIFReporter.result` (a JSONValue) is the reference.
    func testSARIFResultBytesEqualTheJSONValueForm() throws {
        let run = try mixedRun()
        var findings = run.findings
        XCTAssertTrue(findings.contains { !$0.related.isEmpty }, "the examples have a related location")
        var odd = findings[0]
        odd.message = "quote \" backslash \\ nl \n é 😀"
        odd.fix = nil
        odd.location.path = ""
        odd.location.file = "rel dir/a#b.yaml"
        odd.related = [Location(file: "/abs/x.yaml", start: Mark(line: 1, column: 2, offset: 0), end: Mark(line: 3, column: 4, offset: 9),
                                path: "", message: nil),
                       Location(file: "b.yaml", start: Mark(line: 5, column: 1, offset: 0), end: Mark(line: 5, column: 9, offset: 9),
                                path: "x[0]", message: "the \"claim\"")]
        findings.append(odd)
        for (i, f) in findings.enumerated() {
            let ruleIndex: Int? = i % 3 == 0 ? nil : i
            var expected: [UInt8] = []
            SARIFReporter.result(f, ruleIndex: ruleIndex).write(to: &expected, indent: 2, level: 4)
            var writer = IndentedJSONWriter(level: 4)
            SARIFReporter.writeResult(f, ruleIndex: ruleIndex, fix: f.fix?.trimmed, uri: SARIFReporter.uri, to: &writer)
            XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), String(decoding: expected, as: UTF8.self))
        }
    }

    /// Empty objects and arrays, nesting and top-level levels lay out as JSONValue does.
    func testIndentedWriterLayoutEqualsJSONValue() {
        for level in 0...3 {
            let value: JSONValue = .object([("a", .object([])), ("b", .array([])), ("c", .array([.int(1), .object([("d", .string("x"))]), .array([])])),
                                            ("e", .object([("f", .array([.object([])]))]))])
            var expected: [UInt8] = []
            value.write(to: &expected, indent: 2, level: level)
            var w = IndentedJSONWriter(level: level)
            w.openObject()
            w.key("a"); w.openObject(); w.closeObject()
            w.key("b"); w.openArray(); w.closeArray()
            w.key("c"); w.openArray(); w.item(); w.int(1); w.item(); w.openObject(); w.string("d", "x"); w.closeObject()
            w.item(); w.openArray(); w.closeArray(); w.closeArray()
            w.key("e"); w.openObject(); w.key("f"); w.openArray(); w.item(); w.openObject(); w.closeObject(); w.closeArray(); w.closeObject()
            w.closeObject()
            XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), String(decoding: expected, as: UTF8.self), "level \(level)")
        }
    }

    /// The string writer skips eight plain bytes at a time; this compares it with a byte-by-byte
    /// reference on strings made of every kind of byte sequence, at every alignment.
    func testStringEscapingMatchesAByteByByteReference() {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{8}": out += "\\b"
                case "\u{C}": out += "\\f"
                case "\u{85}": out += "\\u0085"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                default:
                    if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\u%04X", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            return out + "\""
        }
        let pieces = ["a", "plain text ", "\"", "\\", "\n", "\t", "\u{1}", "\u{1F}", " ", "\u{7F}", "é", "\u{85}", "\u{A0}",
                      "\u{2028}", "\u{2029}", "\u{2027}", "€", "😀", "~", "!", "0123456789"]
        var rng = SystemRandomNumberGenerator()
        for length in 0..<40 {
            for _ in 0..<25 {
                let s = (0..<length).map { _ in pieces.randomElement(using: &rng)! }.joined()
                var bytes: [UInt8] = []
                JSONValue.writeString(s, to: &bytes)
                XCTAssertEqual(String(decoding: bytes, as: UTF8.self), reference(s), s.debugDescription)
            }
        }
    }

    func testIntegersAreWrittenAsDecimal() {
        for n in [0, 7, 9, 10, 99, 100, 12345, -1, -10, -987654321, Int.max, Int.min] {
            var bytes: [UInt8] = []
            JSONValue.writeInt(n, to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), String(n))
        }
    }

    func testOrderedParallelDeliversEachResultOnceInOrder() {
        for jobs in [1, 2, 3, 8] {
            for window in [1, 2, 5, 64] {
                let ahead = MaxGauge()
                let delivered = MaxGauge()
                var seen: [Int] = []
                OrderedParallel.run(count: 200, jobs: jobs, window: window, work: { i in
                    // Uneven work, so that results finish out of order.
                    if i % 7 == 0 { usleep(UInt32(200 + (i % 3) * 300)) }
                    ahead.record(i - delivered.value)
                    return i * 2
                }, deliver: { i, v in
                    XCTAssertEqual(v, i * 2)
                    seen.append(i)
                    delivered.set(i + 1)
                })
                XCTAssertEqual(seen, Array(0..<200), "jobs \(jobs), window \(window)")
                if jobs > 1 {
                    XCTAssertLessThan(ahead.max, max(window, min(jobs, 200)) + 1, "no worker runs further ahead than the window")
                }
            }
        }
        var none: [Int] = []
        OrderedParallel.run(count: 0, jobs: 4, work: { $0 }, deliver: { _, v in none.append(v) })
        XCTAssertEqual(none, [])
    }
}

/// Slots filled from many threads.
final class ChunkSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(any Sendable)?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: any Sendable) { lock.withLock { slots[i] = v } }
    func get(_ i: Int) -> any Sendable { lock.withLock { slots[i]! } }
}

/// A value and the largest value recorded, shared between threads.
final class MaxGauge: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private var largest = Int.min
    var value: Int { lock.withLock { current } }
    var max: Int { lock.withLock { largest } }
    func set(_ v: Int) { lock.withLock { current = v } }
    func record(_ v: Int) { lock.withLock { largest = Swift.max(largest, v) } }
}
