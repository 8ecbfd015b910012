import Foundation
@testable import PolicyLint
import PolicyYAML
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The adversarial corpus of docs/reliability.md: inputs built to break a linter, each of which
/// must give a clear error or a correct result, the documented exit code, bounded time and
/// memory, and leave the rest of the run intact. Inputs are generated in a temp dir.
///
/// BadInputTests (malformed YAML, empty files, binary files, the size limit, 10,000-deep flow
/// nesting, the alias bomb, invalid UTF-8/UTF-16, UTF-16/32 with and without a BOM, duplicate
/// keys, missing paths) is not repeated here; this file adds what it does not cover.
final class AdversarialTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-adversarial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try write("pack.yaml", Self.pack)
        try write("good.yaml", Self.good)
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(at: dir) }
    }

    /// One rule, so that results do not depend on the built-in packs.
    static let pack = LanternFixture.pack
    /// "blue lantern" is at 4:23-4:35.
    static let good = LanternFixture.good

    static let lanternRules: [Rule] = (try? RulePackLoader.load(text: pack, file: "pack.yaml").rules) ?? []
    static let lanternLinter = Linter(engine: Engine(ruleSet: RuleSet(rules: lanternRules)))
    static let builtinLinter = Linter(engine: Engine(ruleSet: RuleSet(rules: (try? RulePackLoader.builtin().flatMap(\.rules)) ?? [])))

    // MARK: - Helpers

    func write(_ name: String, _ bytes: [UInt8]) throws {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func write(_ name: String, _ text: String) throws { try write(name, Array(text.utf8)) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// Sanitizer builds run several times slower (scripts/sanitizers.sh sets the factor).
    static let timeScale = Double(ProcessInfo.processInfo.environment["POLICYLINT_TIME_SCALE"] ?? "") ?? 1

    /// Runs `body`, fails if it takes longer than `seconds` (scaled), returns the time taken.
    @discardableResult
    func timed<T>(_ what: String, under seconds: Double, file: StaticString = #filePath, line: UInt = #line,
                  _ body: () throws -> T) rethrows -> (T, Double) {
        let start = Date()
        let value = try body()
        let took = Date().timeIntervalSince(start)
        XCTAssertLessThan(took, seconds * Self.timeScale, "\(what) took \(String(format: "%.2f", took)) s", file: file, line: line)
        return (value, took)
    }

    /// Peak resident memory of this test process so far, in MB (Linux; 0 elsewhere).
    static func peakMemoryMB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }

    struct Run {
        var code: Int32
        var signaled: Bool
        var stdout: String
        var stderr: String
        var seconds: Double
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] }
        var findings: [[String: Any]] { (json?["findings"] as? [[String: Any]]) ?? [] }
    }

    /// Runs the built binary (`executable`, beside `policylint`) in the temp dir, with a
    /// deadline: a run that does not end is killed and fails the test as a hang.
    func run(_ arguments: [String], executable: String = "policylint", timeout: Double = 30,
             file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        guard let policylint = BadInputTests.binary else {
            XCTFail("policylint binary not found beside the test bundle: run `swift build` first", file: file, line: line)
            throw XCTSkip("no binary")
        }
        let binary = policylint.deletingLastPathComponent().appendingPathComponent(executable)
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw XCTSkip("\(executable) not built") }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = dir
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let out = dir.appendingPathComponent(".out-\(UUID().uuidString)"), err = dir.appendingPathComponent(".err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let o = try FileHandle(forWritingTo: out), e = try FileHandle(forWritingTo: err)
        process.standardOutput = o
        process.standardError = e
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        while process.isRunning, Date().timeIntervalSince(start) < timeout * Self.timeScale { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            XCTFail("\(executable) \(arguments) did not finish within \(Int(timeout)) s (hang)", file: file, line: line)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        try? o.close(); try? e.close()
        let result = Run(code: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                         stdout: String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self),
                         stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self), seconds: seconds)
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
        XCTAssertFalse(result.signaled, "\(executable) crashed (signal \(result.code)): \(result.stderr.prefix(2000))", file: file, line: line)
        BadInputTests.assertChildrenStayUnder1GB("a run used over 1 GB", file: file, line: line)
        return result
    }

    /// `policylint lint` with the lantern pack only, JSON to standard output.
    func lint(_ arguments: [String], timeout: Double = 30, file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        try run(["lint", "--no-config", "--no-builtin", "--rules", "pack.yaml", "--format", "json", "--jobs", "2", "--no-progress"] + arguments,
                timeout: timeout, file: file, line: line)
    }

    func assertGoodFileLinted(_ run: Run, file: StaticString = #filePath, line: UInt = #line) {
        let good = run.findings.filter { $0["file"] as? String == "good.yaml" }
        XCTAssertEqual(good.count, 1, "good.yaml is linted and reported: \(run.stdout.prefix(500)) \(run.stderr.prefix(500))", file: file, line: line)
        XCTAssertEqual(good.first.map { [$0["line"], $0["column"]].map { $0 as? Int } }, [4, 23], file: file, line: line)
    }

    /// Lints in-process; the file's error message, or nil.
    func lintError(_ bytes: [UInt8], linter: Linter = AdversarialTests.lanternLinter, name: String = "x.yaml") -> String? {
        let r = linter.lint(bytes: bytes, file: name)
        return r.error.map { "\($0.line):\($0.column): \($0.message)" }
    }

    // MARK: - Nesting, sizes, documents

    func testNesting100000DeepIsAClearErrorInEveryStyle() throws {
        let n = 100_000
        let cases: [(String, [UInt8], String)] = [
            ("flow sequences", Array((String(repeating: "[", count: n) + String(repeating: "]", count: n)).utf8), "1:257: nesting deeper than 256 levels"),
            ("flow mappings", Array((String(repeating: "{a: ", count: n) + "x" + String(repeating: "}", count: n)).utf8), "1:1025: nesting deeper than 256 levels"),
            ("block sequences on one line", Array((String(repeating: "- ", count: n) + "x\n").utf8), "1:513: nesting deeper than 256 levels"),
            ("inside a policy", Array(("policy:\n  name: x\nterms: " + String(repeating: "[", count: n) + String(repeating: "]", count: n)).utf8),
             "3:263: nesting deeper than 256 levels"),
        ]
        for (what, bytes, expected) in cases {
            let (error, _) = timed(what, under: 10) { lintError(bytes) }
            XCTAssertEqual(error, expected, what)
        }
    }

    func testTheDeepestConfigurableNestingLintsWithoutOverflowingTheStack() throws {
        // The ceiling of max-depth (1,000) on worker threads (--jobs 2) and in-process.
        // policy, terms, the item, then `depth` mappings: 994 levels in all.
        let depth = LimitSettings.depthRange.upperBound - 10
        let mapping = "policy:\n  name: deep\nterms:\n  - text: the blue lantern\n    extra: " + String(repeating: "{a: ", count: depth) + "x" + String(repeating: "}", count: depth) + "\n"
        let sequence = "policy:\n  name: deep\nx: " + String(repeating: "[", count: depth) + "blue lantern" + String(repeating: "]", count: depth) + "\n"
        try write("deep-map.yaml", mapping)
        try write("deep-seq.yaml", sequence)
        let r = try lint(["--max-depth", "\(LimitSettings.depthRange.upperBound)", "deep-map.yaml", "deep-seq.yaml", "good.yaml"])
        XCTAssertEqual(r.code, 1, r.stderr)
        // The phrase in deep-map.yaml, and a schema finding in each deep file (extra, x).
        XCTAssertEqual(r.findings.compactMap { $0["file"] as? String }.sorted(), ["deep-map.yaml", "deep-map.yaml", "deep-seq.yaml", "good.yaml"])
        // One level deeper than the limit is the clear error; above the ceiling is a usage error.
        let over = try lint(["--max-depth", "\(depth)", "deep-map.yaml", "good.yaml"])
        XCTAssertEqual(over.code, 2)
        XCTAssertTrue(over.stderr.contains("deep-map.yaml:5:"), over.stderr)
        XCTAssertTrue(over.stderr.contains("nesting deeper than \(depth) levels"), over.stderr)
        assertGoodFileLinted(over)
        let usage = try lint(["--max-depth", "100000", "good.yaml"])
        XCTAssertEqual(usage.code, 2)
        XCTAssertTrue(usage.stderr.contains("--max-depth must be from 1 to 1000"), usage.stderr)
        var linter = Self.lanternLinter
        linter.limits.maxDepth = LimitSettings.depthRange.upperBound
        XCTAssertNil(linter.lint(bytes: Array(mapping.utf8), file: "deep.yaml").error)
    }

    func testA100MBScalarIsRejectedBySizeAndParsesWhenAllowed() throws {
        // Built in memory: one double-quoted scalar of 100 MB.
        let size = 100 * 1024 * 1024
        let header = Array("policy:\n  name: Big\nterms:\n  - text: \"".utf8)
        var bytes = header
        bytes.reserveCapacity(size + 64)
        let words = Array("the blue lantern is lit and ".utf8)
        while bytes.count < size { bytes += words }
        bytes += Array("end\"\n".utf8)
        // The documented behaviour: over max-file-size (10 MB), rejected before decoding.
        let (error, rejectTime) = timed("rejecting 100 MB", under: 1) { lintError(bytes) }
        XCTAssertEqual(error, "1:1: file is 100 MB+, over the 10 MB limit (--max-file-size)")
        // With the limit raised, the parser reads it: one scalar of the right length.
        var limits = YAMLLimits()
        limits.maxFileBytes = 128 * 1024 * 1024
        let (stream, parseTime) = try timed("parsing 100 MB", under: 40) { try YAMLParser(limits: limits).parse(bytes: bytes) }
        let text = stream.documents.first?.root["terms"]?.items?.first?["text"]?.scalar
        XCTAssertEqual(text?.utf8.count, bytes.count - header.count - 2)
        XCTAssertEqual(text?.hasSuffix("lit and end"), true)
        print("adversarial: 100 MB scalar rejected in \(String(format: "%.3f", rejectTime)) s; parsed with a raised limit in \(String(format: "%.1f", parseTime)) s; peak RSS of the test process \(Self.peakMemoryMB()) MB")
    }

    func testAOneMegabyteLine() throws {
        // A 1 MB line of words with the phrase at its end, and a 1 MB single word.
        let filler = String(repeating: "word ", count: 200_000)
        let long = "policy:\n  name: Long\nterms:\n  - text: \(filler)the blue lantern\n"
        let (r, took) = timed("a 1 MB line", under: 20) { Self.lanternLinter.lint(bytes: Array(long.utf8), file: "long.yaml") }
        XCTAssertNil(r.error)
        XCTAssertEqual(r.findings.map { [$0.line, $0.column, $0.endColumn] }, [[4, 11 + filler.count + 4, 11 + filler.count + 16]])
        let word = "policy:\n  name: Word\nterms:\n  - text: " + String(repeating: "a", count: 1_000_000) + " blue lantern\n"
        let w = timed("a 1 MB word", under: 20) { Self.lanternLinter.lint(bytes: Array(word.utf8), file: "word.yaml") }.0
        XCTAssertEqual(w.findings.map(\.column), [11 + 1_000_000 + 1])
        // The text report shows the line, the caret under the phrase.
        try write("long.yaml", long)
        let text = try run(["lint", "--no-config", "--no-builtin", "--rules", "pack.yaml", "--color", "never", "long.yaml"])
        XCTAssertEqual(text.code, 1)
        XCTAssertTrue(text.stdout.contains("long.yaml:4:\(11 + filler.count + 4): error: "), String(text.stdout.prefix(300)))
        print("adversarial: 1 MB line linted in-process in \(String(format: "%.2f", took)) s")
    }

    func testAFiveMegabyteKey() throws {
        // An unknown key is compared with the known ones for a "did you mean": an edit-distance
        // table per candidate took 19 s for a 5 MB key.
        let key = String(repeating: "k", count: 5_000_000)
        let yaml = "policy:\n  name: x\n? " + key + "\n: 1\n? refundz\n: {}\n"
        let (r, took) = timed("a 5 MB key", under: 10) { Self.builtinLinter.lint(bytes: Array(yaml.utf8), file: "key.yaml") }
        let schema = r.findings.filter { $0.rule == "schema" }.map { [$0.line, $0.column] }
        XCTAssertEqual(schema, [[3, 3], [5, 3]])
        XCTAssertTrue(r.findings.contains { $0.message == "unknown key 'refundz' at the top level; did you mean 'refunds'?" }, "\(r.findings.map(\.message))")
        XCTAssertEqual(suggestion(for: "policy" + key, among: ["policy"]), "policy")
        print("adversarial: 5 MB key linted in \(String(format: "%.2f", took)) s")
    }

    func testManyPartnersAndReferencesAreCheckedInLinearTime() throws {
        // Each reference searched the list of partner ids: 50,000 promises over 50,000
        // partners took 6 s in a release build (quadratic), and every wrong reference compared
        // itself with every id for a suggestion and listed them all in its message.
        let n = 20_000
        var yaml = "policy:\n  name: x\npartners:\n"
        for i in 0..<n { yaml += "  - {id: p\(i), name: P}\n" }
        yaml += "promises:\n"
        for i in 0..<n { yaml += "  - {id: q\(i), text: We ship in 2 days., fulfilled_by: \(i % 100 == 0 ? "courier-\(i)" : "p\(n - 1 - i)")}\n" }
        let root = try XCTUnwrap(YAMLParser().parse(string: yaml).documents.first?.root)
        let source = SourceText(yaml)
        let (document, took) = timed("20,000 references over 20,000 partners", under: 4) { PolicyDocument(root: root, source: source) }
        let issues = document.schemaIssues
        XCTAssertEqual(issues.count, n / 100) // the wrong ones, courier-0, courier-100, ...
        XCTAssertTrue(issues[0].message.hasSuffix("and 19980 more)"), issues[0].message)
        print("adversarial: 20,000 references checked in \(String(format: "%.2f", took)) s")
    }

    func testOneLongLineWithManyFindingsDoesNotAmplifyReports() throws {
        // 999 findings on one 400 KB line: each report showed the whole line for each finding
        // (the audit report of an 835 KB line was 835 MB, 188 s, 2.5 GB of memory).
        let text = Array(repeating: "The blue lantern is lit.", count: 999).joined(separator: " ") + " "
            + Array(repeating: "Filler text here.", count: 22_000).joined(separator: " ")
        try write("wide.yaml", "policy:\n  name: x\nterms:\n  - text: \"" + text + "\"\n")
        let lint = try run(["lint", "--no-config", "--no-builtin", "--rules", "pack.yaml", "wide.yaml"])
        XCTAssertEqual(lint.code, 1)
        XCTAssertLessThan(lint.stdout.utf8.count, 400_000)
        XCTAssertLessThan(lint.seconds, 10 * Self.timeScale)
        let report = try run(["report", "--no-config", "--no-builtin", "--rules", "pack.yaml", "wide.yaml", "--html", "wide.html", "--markdown", "wide.md"])
        XCTAssertEqual(report.code, 0, report.stderr)
        for name in ["wide.html", "wide.md"] {
            let size = (try FileManager.default.attributesOfItem(atPath: path(name))[.size] as? Int) ?? 0
            XCTAssertLessThan(size, 2_000_000, name)
        }
        XCTAssertLessThan(report.seconds, 20 * Self.timeScale)
        print("adversarial: 999 findings on a 400 KB line: text \(String(format: "%.1f", lint.seconds)) s, audit report \(String(format: "%.1f", report.seconds)) s")
    }

    func testTenThousandDocumentsInOneStream() throws {
        var docs: [String] = []
        for i in 0..<10_000 {
            docs.append("policy: {name: P\(i)}\nterms: [{text: \(i % 1000 == 999 ? "the blue lantern" : "a plain term")}]\n")
        }
        let yaml = docs.joined(separator: "---\n")
        let (r, took) = timed("10,000 documents", under: 30) { Self.lanternLinter.lint(bytes: Array(yaml.utf8), file: "many.yaml") }
        XCTAssertNil(r.error)
        XCTAssertEqual(r.documents, 10_000)
        XCTAssertEqual(r.findings.map(\.line), (0..<10).map { 3 * (1000 * $0 + 999) + 2 })
        // With the built-in packs, every document misses sections: over max-findings, a clear error.
        let b = timed("10,000 documents, built-in packs", under: 30) { Self.builtinLinter.lint(bytes: Array(yaml.utf8), file: "many.yaml") }.0
        XCTAssertEqual(b.findings, [])
        XCTAssertEqual(b.error?.message, "more than 1000 findings, the limit per file (limits.max-findings, --max-findings); is this a policy file?")
        print("adversarial: 10,000 documents linted in \(String(format: "%.2f", took)) s")
    }

    /// A file that is no policy, with a finding for each of 200,000 items: the walk keeps one
    /// issue more than the limit and the check stops there, so the file is rejected without a
    /// finding (and its messages) made for every item first: at 10 MB that was 655 MB.
    func testAFloodOfFindingsStopsAtTheLimit() throws {
        let yaml = "policy:\n  name: X\nsupport:\n  channels:\n" + String(repeating: "    - {}\n", count: 200_000)
        let r = Self.builtinLinter.lint(bytes: Array(yaml.utf8), file: "flood.yaml")
        XCTAssertEqual(r.findings.count, 0)
        XCTAssertEqual(r.error?.message, "more than 1000 findings, the limit per file (limits.max-findings, --max-findings); is this a policy file?")
        // Below the layer of the linter: the walk keeps `maxIssues`, the check stops past `limit`.
        let stream = try YAMLParser().parse(string: yaml)
        let document = PolicyDocument(root: stream.documents[0].root, source: stream.source, defaultLanguage: "en",
                                      mayHaveMergeKeys: false, terms: nil, maxIssues: 11)
        XCTAssertEqual(document.schemaIssues.count, 11)
        XCTAssertEqual(document.schemaIssues.first?.message, "'support.channels[0]' should be text, not a mapping")
        let engine = Self.builtinLinter.engine
        XCTAssertEqual(try engine.check(document, file: "flood.yaml", limit: 10).count, 11)
        let whole = PolicyDocument(root: stream.documents[0].root, source: stream.source)
        XCTAssertEqual(whole.schemaIssues.count, 200_000)
        XCTAssertGreaterThan(try engine.check(whole, file: "flood.yaml").count, 200_000)
    }

    /// The linter's wiring of the limit: once a document is past it, neither the rest of that
    /// document's prose nor a later document is checked. Each would stop the lint with another
    /// error here (the explosive pack runs over the matching budget), so only the limit's own
    /// error shows that both were skipped.
    func testTheLinterChecksNothingPastTheFindingsLimit() throws {
        let rules = try RulePackLoader.load(text: Self.explosivePack(), file: "explosive.yaml").rules
        var linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
        linter.maxFindingsPerFile = 2
        let explosive = "terms:\n  - text: " + Array(repeating: "aaaaaaaa", count: 3000).joined(separator: " ") + "\n"
        let flood = "policy:\n  name: x\nsupport:\n  channels: [{}, {}, {}]\n"
        let over = "more than 2 findings, the limit per file (limits.max-findings, --max-findings); is this a policy file?"
        // The rest of the document that went over.
        XCTAssertEqual(linter.lint(bytes: Array((flood + explosive).utf8), file: "one.yaml").error?.message, over)
        // A later document.
        XCTAssertEqual(linter.lint(bytes: Array((flood + "---\npolicy:\n  name: y\n" + explosive).utf8), file: "two.yaml").error?.message, over)
        // Below the limit both are checked, and the explosive prose stops the lint.
        let under = linter.lint(bytes: Array(("policy:\n  name: x\n---\npolicy:\n  name: y\n" + explosive).utf8), file: "three.yaml")
        XCTAssertTrue(under.error?.message.hasPrefix("rule matching stopped at word ") == true, under.error?.message ?? "no error")
        XCTAssertEqual(under.error.map { "\($0.line):\($0.column)" }, "7:11")
    }

    // MARK: - YAML shapes

    func testMappingsAndListsAsKeysAreSchemaFindings() throws {
        let yaml = "policy:\n  name: x\n  ? {a: 1}\n  : y\n? [a, b]\n: z\nterms:\n  - ? {k: v}\n    : t\n    text: the blue lantern\n"
        let r = Self.lanternLinter.lint(bytes: Array(yaml.utf8), file: "keys.yaml")
        XCTAssertNil(r.error)
        XCTAssertEqual(r.findings.map { "\($0.rule) \($0.line):\($0.column) \($0.message)" }, [
            "schema 3:5 keys must be text, not a mapping",
            "schema 5:3 keys must be text, not a list",
            "schema 8:7 keys must be text, not a mapping",
            "lantern 10:15 Blue lantern",
        ])
        // A root whose only key is a mapping has no 'policy'.
        let root = Self.lanternLinter.lint(bytes: Array("? {policy: 1}\n: x\n".utf8), file: "root.yaml")
        XCTAssertEqual(root.findings.map(\.message), ["the document has no 'policy'", "keys must be text, not a mapping"])
    }

    func testDuplicateKeysInPacksAndConfiguration() throws {
        XCTAssertThrowsError(try RulePackLoader.load(text: "pack: p\npack: q\nrules: []\n", file: "p.yaml")) { error in
            XCTAssertEqual((error as? InputError)?.rendered, "p.yaml:2:1: error: duplicate key 'pack' (first defined at 1:1)")
        }
        XCTAssertThrowsError(try ConfigLoader.load(bytes: Array("fail-on: error\nlimits: {max-depth: 5, max-depth: 6}\n".utf8), file: "c.yml", directory: dir.path)) { error in
            XCTAssertEqual((error as? InputError)?.rendered, "c.yml:2:24: error: duplicate key 'max-depth' (first defined at 2:10)")
        }
    }

    func testCRLFAndLoneCRLineEndsGiveTheSamePositions() throws {
        let lf = "policy:\n  name: Ends\nterms:\n  - text: >\n      First line,\n      the blue lantern.\n"
        try write("lf.yaml", lf)
        try write("crlf.yaml", lf.replacingOccurrences(of: "\n", with: "\r\n"))
        try write("cr.yaml", lf.replacingOccurrences(of: "\n", with: "\r"))
        try write("mixed.yaml", "policy:\r\n  name: Ends\rterms:\n  - text: >\r\n      First line,\r      the blue lantern.\n")
        let r = try lint(["lf.yaml", "crlf.yaml", "cr.yaml", "mixed.yaml"])
        XCTAssertEqual(r.code, 1, r.stderr)
        let positions = Dictionary(grouping: r.findings, by: { $0["file"] as? String ?? "" }).mapValues { fs in
            fs.map { [$0["line"], $0["column"], $0["endLine"], $0["endColumn"]].map { $0 as? Int ?? 0 } }
        }
        XCTAssertEqual(positions.count, 4)
        for (file, p) in positions { XCTAssertEqual(p, [[6, 11, 6, 23]], file) }
        // The text report shows each line without its line break.
        let text = try run(["lint", "--no-config", "--no-builtin", "--rules", "pack.yaml", "--color", "never", "crlf.yaml", "cr.yaml"])
        XCTAssertFalse(text.stdout.contains("\r"))
        XCTAssertEqual(text.stdout.components(separatedBy: "      the blue lantern.\n").count, 3, text.stdout)
    }

    func testTabsWhereYAMLForbidsThem() throws {
        // Tabs in indentation are errors with a position; tabs YAML allows (in text, after a
        // value indicator) give the result a tab-free file would.
        let forbidden: [(String, String)] = [
            ("policy:\n\tname: x\n", "2:1: found character that cannot start any token (while scanning for the next token at 2:1)"),
            ("policy:\n  name: x\nterms:\n\t- text: a\n", "4:1: found character that cannot start any token (while scanning for the next token at 4:1)"),
            ("policy:\n  name: x\nterms:\n  - text: |\n\t  a tab-indented block\n", "5:1: found a tab character where an indentation space is expected (while scanning a block scalar at 4:11)"),
        ]
        for (yaml, expected) in forbidden {
            XCTAssertEqual(lintError(Array(yaml.utf8)), expected, yaml)
        }
        let allowed = "policy:\n  name:\tTabbed\nterms:\n  - text: \"the\tblue lantern\"\n  - text:\tthe blue lantern\n"
        let r = Self.lanternLinter.lint(bytes: Array(allowed.utf8), file: "tabs.yaml")
        XCTAssertNil(r.error)
        XCTAssertEqual(r.findings.map { [$0.line, $0.column] }, [[4, 16], [5, 15]])
    }

    func testNULBytesAndInvalidEncodingsEverywhere() throws {
        let cases: [(String, [UInt8], String)] = [
            ("NUL first (read as UTF-16BE, as YAML's encoding detection says)", [0] + Array("policy: x\n".utf8), "1:6: invalid UTF-16BE: odd number of bytes"),
            ("NUL, NUL", [0, 0] + Array("policy: x\n".utf8), "1:1: binary data: NUL byte (not a text file)"),
            ("NUL in a quoted scalar", Array("policy:\n  name: \"a".utf8) + [0] + Array("b\"\n".utf8), "2:11: binary data: NUL byte (not a text file)"),
            ("overlong NUL", Array("policy: ".utf8) + [0xC0, 0x80], "1:9: invalid UTF-8 sequence starting with 0xC0"),
            ("UTF-8 surrogate", Array("policy: ".utf8) + [0xED, 0xA0, 0x80], "1:9: invalid UTF-8 sequence starting with 0xED"),
            ("over U+10FFFF", Array("policy: ".utf8) + [0xF4, 0x90, 0x80, 0x80], "1:9: invalid UTF-8 sequence starting with 0xF4"),
            ("lone continuation byte", Array("policy: ".utf8) + [0x80], "1:9: invalid UTF-8 byte 0x80"),
            ("C1 control", Array("policy: ".utf8) + [0xC2, 0x81], "1:9: character U+0081 is not allowed in YAML"),
            ("UTF-16LE odd length", [0xFF, 0xFE] + Array("p".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0x41], "1:2: invalid UTF-16LE: odd number of bytes"),
            ("UTF-16LE NUL character", [0xFF, 0xFE, 0x70, 0, 0, 0, 0x0A, 0], "1:2: binary data: NUL byte (not a text file)"),
            ("UTF-32BE over U+10FFFF", [0, 0, 0xFE, 0xFF, 0, 0x11, 0, 0], "1:1: invalid UTF-32BE: U+110000 is not a character"),
            ("UTF-32LE truncated", [0xFF, 0xFE, 0, 0, 0x70, 0, 0], "1:1: invalid UTF-32LE: length is not a multiple of 4 bytes"),
        ]
        for (what, bytes, expected) in cases {
            XCTAssertEqual(lintError(bytes), expected, what)
        }
    }

    func testUTF32BigEndianAndWithoutBOMLintLikeUTF8() throws {
        let utf8 = Self.lanternLinter.lint(bytes: Array(Self.good.utf8), file: "a.yaml").findings.map { [$0.line, $0.column, $0.endColumn] }
        XCTAssertEqual(utf8, [[4, 23, 35]])
        let be32 = Self.good.unicodeScalars.flatMap { u in (0..<4).reversed().map { UInt8((u.value >> (8 * $0)) & 0xFF) } }
        let le32 = Self.good.unicodeScalars.flatMap { u in (0..<4).map { UInt8((u.value >> (8 * $0)) & 0xFF) } }
        for (what, bytes) in [("UTF-32BE with BOM", [0, 0, 0xFE, 0xFF] + be32), ("UTF-32BE", be32), ("UTF-32LE", le32)] {
            let r = Self.lanternLinter.lint(bytes: bytes, file: "a.yaml")
            XCTAssertNil(r.error, what)
            XCTAssertEqual(r.findings.map { [$0.line, $0.column, $0.endColumn] }, utf8, what)
        }
    }

    // MARK: - The file system

    func testAFolderNamedLikeAPolicy() throws {
        try write("policies/x.yaml/inner.yaml", Self.good)
        let r = try lint(["policies", "policies/x.yaml", "good.yaml"])
        XCTAssertEqual(r.code, 1, r.stderr)
        XCTAssertEqual(r.findings.compactMap { $0["file"] as? String },
                       ["policies/x.yaml/inner.yaml", "policies/x.yaml/inner.yaml", "good.yaml"])
        XCTAssertThrowsError(try Self.lanternLinter.readFile(path("policies/x.yaml"))) { error in
            XCTAssertEqual((error as? InputError)?.message, "is a folder, not a policy file")
        }
    }

    func testSymbolicLinkLoopsInALintedFolder() throws {
        try write("tree/a/real.yaml", Self.good)
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: path("tree/a/loop"), withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: path("tree/a/up"), withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: path("tree/self.yaml"), withDestinationPath: "self.yaml")
        try fm.createSymbolicLink(atPath: path("tree/ping.yaml"), withDestinationPath: "pong.yaml")
        try fm.createSymbolicLink(atPath: path("tree/pong.yaml"), withDestinationPath: "ping.yaml")
        try fm.createSymbolicLink(atPath: path("tree/dangling.yaml"), withDestinationPath: "/nonexistent/policy.yaml")
        try fm.createSymbolicLink(atPath: path("tree/alias.yaml"), withDestinationPath: "a/real.yaml")
        // The folder: every real file once (the link to a file too), loops passed over.
        let r = try lint(["tree"], timeout: 20)
        XCTAssertEqual(r.code, 1, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.findings.compactMap { $0["file"] as? String }, ["tree/a/real.yaml", "tree/alias.yaml"])
        // Named directly, a loop is a clear error and the rest of the run goes on.
        let named = try lint(["tree/self.yaml", "tree/ping.yaml", "good.yaml"])
        XCTAssertEqual(named.code, 2)
        XCTAssertEqual(named.stderrLines, [
            "tree/self.yaml:1:1: error: broken symbolic link (it links to itself, in a loop, or to nothing)",
            "tree/ping.yaml:1:1: error: broken symbolic link (it links to itself, in a loop, or to nothing)",
        ])
        assertGoodFileLinted(named)
    }

    func testFIFOsAndDevicesNeverHangTheRun() throws {
        try write("policies/a.yaml", Self.good)
        XCTAssertEqual(mkfifo(path("policies/fifo.yaml"), 0o644), 0)
        XCTAssertEqual(mkfifo(path("policies/z.yaml"), 0o644), 0)
        let r = try lint(["policies", "good.yaml"], timeout: 20)
        XCTAssertEqual(r.code, 1, r.stderr)
        XCTAssertEqual(r.findings.compactMap { $0["file"] as? String }, ["policies/a.yaml", "good.yaml"])
        // A device: read up to the size limit, then a clear error.
        let zero = try lint(["/dev/zero", "good.yaml"], timeout: 20)
        XCTAssertEqual(zero.code, 2)
        XCTAssertEqual(zero.stderrLines, ["/dev/zero:1:1: error: file is over the 10 MB limit (--max-file-size)"])
        assertGoodFileLinted(zero)
    }

    func testUnreadableFiles() throws {
        #if os(Linux)
        // Root reads any file, so chmod 000 (BadInputTests) proves nothing here: /proc/self/mem
        // opens but fails on read, for root too.
        try FileManager.default.createSymbolicLink(atPath: path("mem.yaml"), withDestinationPath: "/proc/self/mem")
        let r = try lint(["mem.yaml", "good.yaml"])
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stderrLines, ["mem.yaml:1:1: error: cannot read file (Input/output error)"])
        assertGoodFileLinted(r)
        // In a folder it cannot be sniffed for 'policy:', so it is passed over.
        try write("policies/a.yaml", Self.good)
        try FileManager.default.createSymbolicLink(atPath: path("policies/mem.yaml"), withDestinationPath: "/proc/self/mem")
        XCTAssertEqual(FileDiscovery.discover([path("policies")]).files.map { URL(fileURLWithPath: $0).lastPathComponent }, ["a.yaml"])
        #else
        throw XCTSkip("/proc/self/mem is Linux only")
        #endif
    }

    func testFilesDeletedDuringTheRun() throws {
        // Deterministic: discovered, then deleted before linting.
        for i in 0..<5 { try write("policies/p\(i).yaml", Self.good) }
        let found = FileDiscovery.discover([path("policies")]).files
        XCTAssertEqual(found.count, 5)
        try FileManager.default.removeItem(atPath: found[1])
        try FileManager.default.removeItem(atPath: found[3])
        let results = Self.lanternLinter.lint(files: found, jobs: 2)
        XCTAssertEqual(results.map { $0.error?.message ?? "\($0.findings.count) finding" },
                       ["1 finding", "no such file", "1 finding", "no such file", "1 finding"])
        // Racing: a thread deletes files while the binary lints them. Whatever it sees, every
        // file is either linted or reported, and nothing crashes.
        let count = 300
        for i in 0..<count { try write("race/p\(String(format: "%03d", i)).yaml", Self.good) }
        let raceDir = path("race")
        let deleter = Thread {
            usleep(20_000)
            for i in stride(from: 0, to: count, by: 2) { try? FileManager.default.removeItem(atPath: raceDir + "/p\(String(format: "%03d", i)).yaml") }
        }
        deleter.start()
        let r = try lint(["race", "good.yaml"], timeout: 30)
        XCTAssertTrue([1, 2].contains(r.code), r.stderr)
        let files = (r.json?["files"] as? [[String: Any]]) ?? []
        XCTAssertTrue(files.contains { $0["file"] as? String == "good.yaml" && $0["status"] as? String == "linted" })
        for line in r.stderrLines {
            XCTAssertTrue(line.hasPrefix("race/") && line.hasSuffix(": error: no such file"), line)
        }
        XCTAssertEqual(r.findings.count + r.stderrLines.count, files.count)
    }

    // MARK: - Untrusted rule packs

    /// Phrases over every prefix of one word: each word of the text keeps thousands of partial
    /// matches alive (4,680 trie nodes, 8 symbols a word). Before the step budget, linting
    /// 3,000 such words did not end within 10 minutes.
    static func explosivePack(prefixes k: Int = 8, length d: Int = 4) -> String {
        var phrases: [String] = [""]
        let symbols = (1...k).map { String(repeating: "a", count: $0) + "*" }
        for _ in 0..<d { phrases = phrases.flatMap { p in symbols.map { p.isEmpty ? $0 : p + " " + $0 } } }
        return "pack: explosive\nrules:\n  - id: explosive\n    title: Explosive\n    severity: info\n    category: x\n    why: x\n    fix: x\n    phrases:\n"
            + phrases.map { "      - \"\($0)\"\n" }.joined()
    }

    func testNoPackCanMakeMatchingSuperLinear() throws {
        let rules = try RulePackLoader.load(text: Self.explosivePack(), file: "explosive.yaml").rules
        let linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
        let text = "policy:\n  name: x\nterms:\n  - text: " + Array(repeating: "aaaaaaaa", count: 3000).joined(separator: " ") + "\n"
        let (r, took) = timed("the explosive pack", under: 10) { linter.lint(bytes: Array(text.utf8), file: "p.yaml") }
        XCTAssertEqual(r.findings, [])
        XCTAssertEqual(r.error?.line, 4)
        XCTAssertEqual(r.error?.column, 11)
        XCTAssertTrue(r.error?.message.hasPrefix("rule matching stopped at word ") == true, r.error?.message ?? "no error")
        XCTAssertTrue(r.error?.message.hasSuffix("in terms[0].text after 3121144 steps: the rule packs' phrases keep too many partial matches alive (budget: 1000 steps a word); simplify the pack's phrases (docs/reliability.md)") == true,
                      r.error?.message ?? "")
        // `policylint test-rules` reports it as a failing example, not a hang.
        let outcome = RuleTester(ruleSet: RuleSet(rules: rules)).run()
        XCTAssertEqual(outcome.rulesTested, 1)
        print("adversarial: explosive pack stopped in \(String(format: "%.2f", took)) s")
    }

    func testBuiltinPacksUseAFractionOfTheMatchBudget() throws {
        // Every prose string of the examples and of a long terms-of-service text scans within a
        // twentieth of the budget, so the budget never stops an honest pack.
        let matcher = Self.builtinLinter.engine.ruleSet.matcher
        var texts: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: repoRoot.appendingPathComponent("examples").path) where name.hasSuffix(".yaml") {
            let bytes = try [UInt8](Data(contentsOf: repoRoot.appendingPathComponent("examples/" + name)))
            let stream = try YAMLParser().parse(bytes: bytes)
            for d in stream.documents { texts += PolicyDocument(root: d.root, source: stream.source).prose.map(\.text) }
        }
        texts.append(ExampleBasePolicy.yaml)
        texts.append(String(repeating: "We are not responsible for any delay, loss or damage caused by our suppliers, carriers or partners, and all sales are final. ", count: 200))
        for t in texts {
            let tokens = Tokenizer.tokenize(t)
            let slim = PhraseMatcher.baseSteps / 20 + PhraseMatcher.stepsPerToken / 20 * tokens.tokens.count
            XCTAssertNoThrow(try matcher.scan(tokens, budget: slim), String(t.prefix(80)))
        }
    }

    func testNearPairingAgreesWithTryingEveryPair() {
        // Engine.nearPartner against the scan it replaced, on random matches: both its ways of
        // finding the window in x's sentence, counting (short `within`) and binary search.
        var rng = SystemRandomNumberGenerator()
        let windows = Array(0...6) + [Engine.countedWindow - 1, Engine.countedWindow, Engine.countedWindow + 1, 100]
        for _ in 0..<600 {
            let count = Int.random(in: 1...120, using: &rng)
            var sentence = 0
            let breaks = Int.random(in: 3...60, using: &rng) // sentences of a few words to longer than a window
            let tokens: [Token] = (0..<count).map { i in
                if i > 0, Int.random(in: 0..<breaks, using: &rng) == 0 { sentence += 1 }
                return Token(start: i, end: i + 1, normalized: 0..<0, sentence: sentence)
            }
            func randomMatches() -> [PhraseMatcher.Match] {
                var out: [PhraseMatcher.Match] = []
                for last in 0..<count where Int.random(in: 0..<3, using: &rng) == 0 {
                    for _ in 0..<Int.random(in: 1...2, using: &rng) {
                        var first = max(0, last - Int.random(in: 0...3, using: &rng))
                        while tokens[first].sentence != tokens[last].sentence { first += 1 }
                        out.append(PhraseMatcher.Match(pattern: 0, first: first, last: last))
                    }
                }
                return out
            }
            let a = randomMatches(), b = randomMatches()
            let within = windows.randomElement(using: &rng)!
            let maxLength = b.map { $0.last - $0.first }.max() ?? 0
            for x in a {
                let brute = b.first { y in
                    guard tokens[y.first].sentence == tokens[x.first].sentence else { return false }
                    let gap = x.last < y.first ? y.first - x.last - 1 : (y.last < x.first ? x.first - y.last - 1 : -1)
                    return gap >= 0 && gap <= within
                }
                XCTAssertEqual(Engine.nearPartner(of: x, in: b, within: within, maxLength: maxLength, tokens: tokens), brute)
            }
        }
    }

    func testNearPairingWindowEdges() {
        // A b-match just inside `within` words of x pairs, one word further does not, on either
        // side, through both ways of finding the window (counted and binary search), and never
        // across a sentence's end.
        let tokens = (0..<400).map { Token(start: $0, end: $0 + 1, normalized: 0..<0, sentence: $0 < 350 ? 0 : 1) }
        let x = PhraseMatcher.Match(pattern: 0, first: 150, last: 151)
        func match(_ first: Int, _ last: Int) -> PhraseMatcher.Match { PhraseMatcher.Match(pattern: 1, first: first, last: last) }
        for within in [0, 3, Engine.countedWindow, Engine.countedWindow + 1, 100, 190] {
            let after = x.last + 1 + within, before = x.first - 1 - within
            var cases = [([match(after, after + 1)], after < 350), ([match(after + 1, after + 1)], false)]
            if before >= 1 { cases += [([match(before - 1, before)], true), ([match(before - 1, before - 1)], false)] }
            for (b, pairs) in cases {
                let expected = pairs ? b.first : nil
                XCTAssertEqual(Engine.nearPartner(of: x, in: b, within: within, maxLength: 1, tokens: tokens), expected,
                               "within \(within), b \(b)")
            }
        }
    }

    func testNearOverOneHugeSentenceIsFast() throws {
        // 20,000 "not responsible" then 20,000 "supplier" in one sentence: every pair was tried.
        let text = "policy:\n  name: x\nterms:\n  - id: t\n    title: T\n    text: \""
            + String(repeating: "not responsible ", count: 20_000) + String(repeating: "filler ", count: 20)
            + String(repeating: "supplier ", count: 20_000) + "\"\n"
        let (r, took) = timed("near over one sentence", under: 15) { Self.builtinLinter.lint(bytes: Array(text.utf8), file: "near.yaml") }
        XCTAssertNil(r.error)
        print("adversarial: near over 40,000 matches in one sentence in \(String(format: "%.2f", took)) s")
    }

    func testRulePackFoldersReadNothingOutside() throws {
        try write("outside/secret.yaml", "pack: secret\nrules: []\n# not for third parties\n")
        try write("packs/a.yaml", Self.pack)
        try FileManager.default.createSymbolicLink(atPath: path("packs/b.yaml"), withDestinationPath: path("outside/secret.yaml"))
        XCTAssertThrowsError(try RulePackLoader.load(path: path("packs"))) { error in
            XCTAssertEqual((error as? InputError)?.message, "is a link to \(RulePackLoader.realPath(path("outside/secret.yaml")) ?? ""), outside the rule pack folder; name it directly to load it")
        }
        // A link that stays inside the folder is fine; a FIFO is an error, never opened.
        try FileManager.default.removeItem(atPath: path("packs/b.yaml"))
        try FileManager.default.createSymbolicLink(atPath: path("packs/b.yaml"), withDestinationPath: "a.yaml")
        XCTAssertEqual(try RulePackLoader.load(path: path("packs")).map(\.id), ["lantern", "lantern"])
        try FileManager.default.removeItem(atPath: path("packs/b.yaml"))
        XCTAssertEqual(mkfifo(path("packs/c.yaml"), 0o644), 0)
        let (thrown, _) = timed("a FIFO in a pack folder", under: 5) { packError { () throws(InputError) in _ = try RulePackLoader.load(path: path("packs")) } }
        XCTAssertEqual(thrown?.message, "is not a regular file (a FIFO, socket or device)")
        // Size limit, and a folder named like a pack.
        try FileManager.default.removeItem(atPath: path("packs/c.yaml"))
        try write("packs/d.yaml", Self.pack + "\n# " + String(repeating: "x", count: 11 * 1024 * 1024) + "\n")
        XCTAssertThrowsError(try RulePackLoader.load(path: path("packs/d.yaml"))) { error in
            XCTAssertEqual((error as? InputError)?.message, "rule pack file is over the 10 MB limit")
        }
        try FileManager.default.createDirectory(atPath: path("packs/e.yaml"), withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: path("packs/d.yaml"))
        XCTAssertThrowsError(try RulePackLoader.load(path: path("packs"))) { error in
            XCTAssertEqual((error as? InputError)?.message, "is a folder, not a rule pack file")
        }
    }

    func testEveryMalformedPackIsAClearError() throws {
        let rule = "  - id: r\n    title: T\n    severity: info\n    category: c\n    why: w\n    fix: f\n"
        let packs: [(String, String)] = [
            ("", "1:1: error: empty rule pack"),
            ("- a\n- b\n", "1:1: error: a rule pack must be a mapping with 'pack' and 'rules'"),
            ("pack: p\n---\npack: q\n", "1:1: error: a rule pack is one YAML document"),
            ("pack: p\nrules: {a: 1}\n", "2:8: error: 'rules' must be a list"),
            ("pack: P Q\nrules: []\n", "1:7: error: pack id 'P Q' must be lowercase letters, digits and dashes"),
            ("pack: p\nrules:\n  - 42\n", "3:5: error: a rule must be a mapping"),
            ("pack: p\nrules:\n" + rule + "    phrases: []\n", "9:14: error: 'phrases' is an empty list"),
            ("pack: p\nrules:\n" + rule + "    phrases: [\"(a\"]\n", "9:15: error: phrase '(a' has unbalanced parentheses"),
            ("pack: p\nrules:\n" + rule + "    phrases: [\"(a) (b) (c) (d) (e) (f) (g) x\"]\n", "9:15: error: phrase '(a) (b) (c) (d) (e) (f) (g) x' has too many optional groups (at most 6)"),
            ("pack: p\nrules:\n" + rule + "    phrases: [\"a*b\"]\n", "9:15: error: phrase 'a*b' has a '*' that is not at the end of a word"),
            ("pack: p\nrules:\n" + rule + "    phrases: [\"...\"]\n", "9:15: error: phrase '...' has no words"),
            ("pack: p\nrules:\n" + rule + "    phrases: [[a]]\n", "9:15: error: a phrase must be text"),
            ("pack: p\nrules:\n" + rule + "    near: [[a], [b]]\n    within: 99999999999999999999999\n", "10:13: error: 'within' must be a whole number from 0 to 10000"),
            ("pack: p\nrules:\n" + rule + "    near: [[a], [b]]\n    within: -1 words\n", "10:13: error: 'within' must be a whole number from 0 to 10000"),
            ("pack: p\nrules:\n" + rule + "    max: soon\n    for: support.first_response\n", "9:10: error: 'soon' is not a duration (e.g. '24 hours') or a number"),
            ("pack: p\nrules:\n" + rule + "    require: {a: 1}\n    for: promises[*]\n", "9:14: error: 'require' must be a field name or a list of them"),
            ("pack: p\nrules:\n" + rule + "    phrases: {\"\": [a]}\n", "9:15: error: phrase lists are keyed by language codes (en, de, ...)"),
            ("pack: p\nrules:\n" + rule + "    phrases: [a]\n    examples: {bad: [[a]]}\n", "10:22: error: an example is a sentence or a mapping of policy sections"),
            ("pack: p\nrules: &r\n  - *r\n", "3:5: error: unknown alias *r"),
            ("pack: p\nrules:\n  - &a\n    <<: *a\n", "4:9: error: unknown alias *a"),
            ("pack: \"\\uD800\"\nrules: []\n", "1:10: error: found invalid Unicode character escape code (while parsing a quoted scalar at 1:7)"),
        ]
        for (yaml, expected) in packs {
            let (error, _) = timed("pack \(yaml.prefix(30))", under: 2) { packError { () throws(InputError) in _ = try RulePackLoader.load(bytes: Array(yaml.utf8), file: "p.yaml") } }
            XCTAssertEqual(error?.rendered, "p.yaml:" + expected, yaml)
        }
        // Binary and alias-bomb packs: the YAML layer's errors, with positions.
        XCTAssertThrowsError(try RulePackLoader.load(bytes: [0x89, 0x50, 0x4E, 0x47, 0, 0], file: "p.yaml"))
        var bomb = ["pack: p", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for (k, name) in ["b", "c", "d", "e", "f", "g"].enumerated() {
            let prev = k == 0 ? "a" : ["b", "c", "d", "e", "f", "g"][k - 1]
            bomb.append("\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ", ") + "]")
        }
        XCTAssertThrowsError(try RulePackLoader.load(bytes: Array(bomb.joined(separator: "\n").utf8), file: "p.yaml")) { error in
            XCTAssertTrue((error as? InputError)?.message.hasPrefix("aliases expand to more than 100000 nodes") ?? false, "\(error)")
        }
    }

    // MARK: - Limits from the configuration and flags

    func testLimitsFromTheConfigurationAndFlags() throws {
        try write("deep.yaml", "policy:\n  name: x\nterms:\n  - text: the blue lantern\n    x: [[[[1]]]]\n")
        try write("many.yaml", "policy:\n  name: x\nterms:\n" + String(repeating: "  - text: the blue lantern\n", count: 5))
        try write(".policylint.yml", "limits:\n  max-depth: 4\n  max-findings: 3\n  max-aliases: 10\n  max-file-size: 1 KB\n")
        try write("big.yaml", "policy:\n  name: x\n# " + String(repeating: "x", count: 2100) + "\n")
        try write("aliases.yaml", "policy:\n  name: x\na: &a [1, 2, 3, 4, 5, 6]\nb: [*a, *a]\n")
        let r = try run(["lint", "--no-builtin", "--rules", "pack.yaml", "--format", "json", "deep.yaml", "many.yaml", "big.yaml", "aliases.yaml", "good.yaml"])
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stderrLines, [
            "deep.yaml:5:9: error: nesting deeper than 4 levels",
            "many.yaml:1:1: error: more than 3 findings, the limit per file (limits.max-findings, --max-findings); is this a policy file?",
            "big.yaml:1:1: error: file is 2 KB, over the 1 KB limit (--max-file-size)",
            "aliases.yaml:4:9: error: aliases expand to more than 10 nodes (an alias bomb?)",
        ])
        assertGoodFileLinted(r)
        // Flags win over the file.
        let flags = try run(["lint", "--no-builtin", "--rules", "pack.yaml", "--format", "json", "--max-depth", "10", "--max-findings", "10",
                             "--max-aliases", "100", "--max-file-size", "1", "deep.yaml", "many.yaml", "big.yaml", "aliases.yaml"])
        XCTAssertEqual(flags.code, 1, flags.stderr)
        XCTAssertEqual(flags.stderr, "")
        // Six lantern findings, three schema findings (the unknown keys x, a and b).
        XCTAssertEqual(flags.findings.count, 9)
        // The effective limits, and clear errors for bad values.
        let printed = try run(["config", "--print", "--max-depth", "7"])
        XCTAssertTrue(printed.stdout.contains("limits: {max-file-size: 1 KB, max-depth: 7, max-aliases: 10, max-findings: 3}\n"), printed.stdout)
        for (yaml, message) in [
            ("limits:\n  max-depth: 0\n", "2:14: error: 'max-depth' must be a whole number from 1 to 1000, not '0'"),
            ("limits:\n  max-file-size: lots\n", "2:18: error: 'max-file-size' must be a size from 1 KB to 1 GB, such as 10 MB or 512 KB (a bare number is MB), not 'lots'"),
            ("limits:\n  max-findings: 99999999999999999999999\n", "2:17: error: 'max-findings' must be a whole number from 1 to 10000000, not '99999999999999999999999'"),
            ("limits:\n  max-nodes: 5\n", "2:3: error: unknown key 'max-nodes' in 'limits' (known: max-file-size, max-depth, max-aliases, max-findings)"),
        ] {
            try write(".policylint.yml", yaml)
            let bad = try run(["lint", "good.yaml"])
            XCTAssertEqual(bad.code, 2)
            XCTAssertEqual(bad.stderrLines, [path(".policylint.yml") + ":" + message])
        }
        XCTAssertEqual(LimitSettings.parseSize("10"), 10 * 1024 * 1024)
        XCTAssertEqual(LimitSettings.parseSize("512 KB"), 512 * 1024)
        XCTAssertNil(LimitSettings.parseSize("99999999999999 GB"))
    }

    // MARK: - Output safety

    func testAClosedPipeEndsTheRunQuietly() throws {
        // Enough findings that the output outgrows a pipe's buffer before `head` closes it.
        try write("loud.yaml", "policy:\n  name: x\nterms:\n" + String(repeating: "  - text: the blue lantern\n", count: 900))
        guard let binary = BadInputTests.binary?.path else { throw XCTSkip("no binary") }
        for format in ["text", "json"] {
            let script = "'\(binary)' lint --no-config --no-builtin --rules pack.yaml --max-findings 5000 --format \(format) loud.yaml | head -1 >/dev/null; echo \"status=${PIPESTATUS[0]}\" >&2"
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", script]
            p.currentDirectoryURL = dir
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            // Exit code 0 (the reader went away), no "Broken pipe", no crash report.
            XCTAssertEqual(e, "status=0\n", format)
        }
    }

    func testEndlessStandardInputIsReadOnlyToTheLimit() throws {
        // `cat /dev/zero | policylint lint -` read everything before: 3 GB took 42 s and 5.9 GB.
        guard let binary = BadInputTests.binary?.path else { throw XCTSkip("no binary") }
        let script = "(printf 'policy:\\n  name: x\\n'; cat /dev/zero) | '\(binary)' lint --no-config --format json - 2>&1 >/dev/null; echo \"status=${PIPESTATUS[1]}\""
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        let start = Date()
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(text, "<stdin>:1:1: error: standard input is over the 10 MB limit (--max-file-size)\nstatus=2\n")
        XCTAssertLessThan(Date().timeIntervalSince(start), 10 * Self.timeScale)
        BadInputTests.assertChildrenStayUnder1GB("reading endless standard input used over 1 GB", file: #filePath, line: #line)
    }

    func testInputsAreNeverWritten() throws {
        try write("in.yaml", Self.good)
        try write("conf/.policylint.yml", "fail-on: never\n")
        try FileManager.default.createSymbolicLink(atPath: path("link.json"), withDestinationPath: "in.yaml")
        XCTAssertEqual(link(path("in.yaml"), path("hard.json")), 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("in.yaml"))
        let packBefore = try Data(contentsOf: dir.appendingPathComponent("pack.yaml"))
        let attempts: [([String], String)] = [
            (["lint", "--no-config", "--rules", "pack.yaml", "in.yaml", "--format", "json", "--output", "in.yaml"],
             "in.yaml:1:1: error: --output names the policy file this run reads; policylint never writes to its inputs"),
            (["lint", "--no-config", "--rules", "pack.yaml", "in.yaml", "--write-baseline", "in.yaml"],
             "in.yaml:1:1: error: --write-baseline names the policy file this run reads; policylint never writes to its inputs"),
            (["lint", "--no-config", "--rules", "pack.yaml", "in.yaml", "--format", "sarif", "--output", "link.json"],
             "link.json:1:1: error: --output names the policy file (in.yaml) this run reads; policylint never writes to its inputs"),
            (["lint", "--no-config", "--rules", "pack.yaml", "in.yaml", "--format", "json", "--output", "hard.json"],
             "hard.json:1:1: error: --output names the policy file (in.yaml) this run reads; policylint never writes to its inputs"),
            (["lint", "--no-config", "--no-builtin", "--rules", "pack.yaml", "in.yaml", "--format", "json", "--output", "pack.yaml"],
             "pack.yaml:1:1: error: --output names the rule pack this run reads; policylint never writes to its inputs"),
            (["lint", "--config", "conf/.policylint.yml", "in.yaml", "--format", "json", "--output", "conf/.policylint.yml"],
             "conf/.policylint.yml:1:1: error: --output names the configuration file (\(path("conf/.policylint.yml"))) this run reads; policylint never writes to its inputs"),
            (["report", "--no-config", "in.yaml", "--html", "in.yaml"],
             "in.yaml:1:1: error: --html names the policy file this run reads; policylint never writes to its inputs"),
            (["report", "--no-config", ".", "--markdown", "in.yaml"],
             "in.yaml:1:1: error: --markdown names the policy file (./in.yaml) this run reads; policylint never writes to its inputs"),
        ]
        for (arguments, message) in attempts {
            let r = try run(arguments)
            XCTAssertEqual(r.code, 2, arguments.joined(separator: " "))
            XCTAssertEqual(r.stderrLines, [message], arguments.joined(separator: " "))
        }
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("in.yaml")), before)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("pack.yaml")), packBefore)
        // Updating the baseline it reads is what --write-baseline is for.
        let update = try run(["lint", "--no-config", "--rules", "pack.yaml", "in.yaml", "--baseline", "b.json", "--write-baseline", "b.json"])
        XCTAssertEqual(update.code, 0, update.stderr)
    }

    // MARK: - Fuzzing regressions

    /// Every input scripts/fuzz.sh saved (a crash, timeout or leak, since fixed) runs through
    /// its target's harness again: the targets are built with `swift build` and replay files.
    func testFuzzRegressionsReplay() throws {
        let root = repoRoot.appendingPathComponent("Tests/Fixtures/fuzz-regressions")
        for target in ["FuzzPolicy", "FuzzRulePack"] {
            let folder = root.appendingPathComponent(target)
            var inputs = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map { folder.appendingPathComponent($0).path }
            // Always at least one input, so the harness itself is exercised.
            inputs.append(repoRoot.appendingPathComponent(target == "FuzzPolicy" ? "examples/optician.yaml" : "rules/refunds.yaml").path)
            let r = try run(inputs, executable: target, timeout: 60)
            XCTAssertEqual(r.code, 0, "\(target): \(r.stderr.prefix(3000))")
            XCTAssertEqual(r.stdout.split(separator: "\n").count, inputs.count, r.stdout)
        }
    }
}

/// The error a pack load throws, or nil.
func packError(_ body: () throws(InputError) -> Void) -> InputError? {
    do { try body() } catch { return error }
    return nil
}
