import Foundation
import PolicyLint
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bad inputs through the built `policylint` binary: each is rejected with one exact line
/// `path:line:col: error: ...` and exit code 2, while a good file in the same run is still linted
/// and reported. Never a crash, a hang or unbounded memory. Fixtures are generated in a temp dir.
final class BadInputTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(Self.pack.utf8).write(to: dir.appendingPathComponent("pack.yaml"))
        try Data(Self.good.utf8).write(to: dir.appendingPathComponent("good.yaml"))
    }

    override func tearDownWithError() throws {
        if let dir {
            // Make anything a test locked readable again, so that it can be removed.
            if let items = try? FileManager.default.contentsOfDirectory(atPath: dir.path) {
                for item in items { chmod(dir.appendingPathComponent(item).path, 0o644) }
            }
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// One rule, so that findings do not depend on the built-in packs.
    static let pack = LanternFixture.pack
    /// A good policy with non-ASCII text before the phrase: "blue lantern" is at 4:23-4:35.
    static let good = LanternFixture.good

    // MARK: - Running the binary

    /// The built binary: `POLICYLINT_BIN`, else `policylint` beside the test bundle
    /// (`.build/debug/policylint` next to `policylintPackageTests.xctest`).
    static let binary: URL? = {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["POLICYLINT_BIN"], !env.isEmpty { return URL(fileURLWithPath: env) }
        var candidates = [Bundle(for: BadInputTests.self).bundleURL, Bundle.main.bundleURL]
        if let arg = CommandLine.arguments.first { candidates.append(URL(fileURLWithPath: arg)) }
        for start in candidates {
            var d = start
            for _ in 0..<3 {
                let b = d.appendingPathComponent("policylint")
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: b.path, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: b.path) { return b }
                d = d.deletingLastPathComponent()
            }
        }
        return nil
    }()

    struct Run {
        var code: Int32
        var stdout: String
        var stderr: String
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    /// Most a run may take before it counts as a hang.
    static let timeout: TimeInterval = 60

    /// Runs `policylint lint` with the test pack on `paths` (relative to the temp dir, which is
    /// the working directory).
    func lint(_ paths: [String], format: String = "json", file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        guard let binary = Self.binary else {
            XCTFail("policylint binary not found beside the test bundle: run `swift build` first, or set POLICYLINT_BIN", file: file, line: line)
            throw XCTSkip("no binary")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["lint", "--no-builtin", "--rules", "pack.yaml", "--format", format, "--jobs", "2", "--color", "never"] + paths
        process.currentDirectoryURL = dir
        let out = dir.appendingPathComponent(".stdout-\(UUID().uuidString)"), err = dir.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(Self.timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            XCTFail("policylint \(paths) did not finish within \(Int(Self.timeout)) s (hang)", file: file, line: line)
        }
        process.waitUntilExit()
        try? outHandle.close(); try? errHandle.close()
        let run = Run(code: process.terminationStatus,
                      stdout: String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self))
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
        XCTAssertEqual(process.terminationReason, .exit, "policylint crashed (signal \(process.terminationStatus)): \(run.stderr)", file: file, line: line)
        Self.assertChildrenStayUnder1GB("a policylint run used over 1 GB", file: file, line: line)
        return run
    }

    /// Asserts that no child process so far used 1 GB or more. On Linux a child started through
    /// `posix_spawn` (a vfork) takes the test process's own peak as its peak when it executes
    /// (the kernel records the peak of the address space it leaves), so `RUSAGE_CHILDREN` only
    /// tells a child's use apart when it is above the test process's own peak. Under
    /// AddressSanitizer the test process itself passes 1 GB (the 100 MB scalar test), and every
    /// later child then seemed to: those figures are passed over, a larger one still fails.
    static func assertChildrenStayUnder1GB(_ message: String, file: StaticString, line: UInt) {
        let children = peakChildMemoryMB(), own = AdversarialTests.peakMemoryMB()
        if own >= 1024, children <= own { return }
        XCTAssertLessThan(children, 1024, message, file: file, line: line)
    }

    /// Largest resident size of any child process so far, in MB.
    static func peakChildMemoryMB() -> Int {
        var usage = rusage()
        #if canImport(Darwin)
        getrusage(RUSAGE_CHILDREN, &usage)
        return Int(usage.ru_maxrss) / (1024 * 1024)
        #else
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024
        #endif
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: dir.appendingPathComponent(name))
    }

    func write(_ name: String, _ text: String) throws {
        try write(name, Array(text.utf8))
    }

    /// The good file's one finding, as the JSON report shows it.
    func assertGoodFileLinted(_ run: Run, file: StaticString = #filePath, line: UInt = #line) {
        guard let json = run.json else {
            XCTFail("no JSON report on stdout: \(run.stdout.prefix(500))", file: file, line: line)
            return
        }
        let findings = (json["findings"] as? [[String: Any]]) ?? []
        let good = findings.filter { $0["file"] as? String == "good.yaml" }
        XCTAssertEqual(good.count, 1, "the good file is linted and reported: \(findings)", file: file, line: line)
        if let f = good.first {
            XCTAssertEqual(f["rule"] as? String, "lantern", file: file, line: line)
            XCTAssertEqual([f["line"], f["column"], f["endLine"], f["endColumn"]].map { $0 as? Int }, [4, 23, 4, 35], file: file, line: line)
        }
        let files = (json["files"] as? [[String: Any]]) ?? []
        XCTAssertTrue(files.contains { $0["file"] as? String == "good.yaml" && $0["status"] as? String == "linted" },
                      "good.yaml is listed as linted: \(files)", file: file, line: line)
    }

    /// `name` (already written) is rejected with exactly `message`; `good.yaml` beside it is linted.
    func assertRejected(_ name: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = "\(name):\(message)"
        // JSON: the report on stdout, the one input error on stderr.
        let run = try lint([name, "good.yaml"], file: file, line: line)
        XCTAssertEqual(run.code, 2, "exit code: \(run.stderr)", file: file, line: line)
        XCTAssertEqual(run.stderrLines, [expected], file: file, line: line)
        assertGoodFileLinted(run, file: file, line: line)
        if let errors = run.json?["errors"] as? [[String: Any]] {
            XCTAssertEqual(errors.count, 1, file: file, line: line)
            XCTAssertEqual(errors.first?["file"] as? String, name, file: file, line: line)
        }
        // Text: the same line in the report, and the good file's finding.
        let text = try lint([name, "good.yaml"], format: "text", file: file, line: line)
        XCTAssertEqual(text.code, 2, file: file, line: line)
        let lines = (text.stdout + "\n" + text.stderr).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { $0.hasPrefix(name + ":") }, [expected], file: file, line: line)
        XCTAssertTrue(lines.contains { $0.hasPrefix("good.yaml:4:23: error: ") }, text.stdout, file: file, line: line)
    }

    // MARK: - The cases

    func testBinaryIsFound() throws {
        XCTAssertNotNil(Self.binary, "policylint binary not found beside the test bundle: run `swift build` first, or set POLICYLINT_BIN")
    }

    func testMalformedYAML() throws {
        try write("malformed.yaml", "policy:\n  name: [unclosed\n")
        try assertRejected("malformed.yaml", "3:1: error: did not find expected ',' or ']' (while parsing a flow sequence at 2:9)")
        try write("tabs.yaml", "policy:\n\tname: x\n")
        try assertRejected("tabs.yaml", "2:1: error: found character that cannot start any token (while scanning for the next token at 2:1)")
    }

    func testEmptyFiles() throws {
        try write("empty.yaml", "")
        try assertRejected("empty.yaml", "1:1: error: empty file: a policy needs at least a 'policy:' section")
        try write("blank.yaml", "\n  \n\t\n")
        try assertRejected("blank.yaml", "1:1: error: empty file: a policy needs at least a 'policy:' section")
        try write("comments.yaml", "# nothing here\n---\n...\n")
        try assertRejected("comments.yaml", "1:1: error: no YAML document: a policy needs at least a 'policy:' section")
    }

    func testRootThatIsNotAMapping() throws {
        try write("list.yaml", "- policy: x\n- b\n")
        try assertRejected("list.yaml", "1:1: error: the document is a list, but a policy is a mapping with a 'policy:' section")
        try write("scalar.yaml", "\n\njust some text\n")
        try assertRejected("scalar.yaml", "3:1: error: the document is text, but a policy is a mapping with a 'policy:' section")
    }

    func testBinaryFile() throws {
        // Random bytes with NULs (a fixed seed, so the first bad byte is known).
        var state: UInt64 = 0x9E3779B97F4A7C15
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] // a PNG signature
        for i in 0..<4096 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes.append(i % 97 == 0 ? 0 : UInt8(truncatingIfNeeded: state >> 56))
        }
        try write("image.yaml", bytes)
        try assertRejected("image.yaml", "1:1: error: binary data: not a text file (invalid UTF-8 byte 0x89)")
        // Text, then a NUL byte.
        try write("nul.yaml", Array("policy:\n  name: x".utf8) + [0, 1, 2, 3])
        try assertRejected("nul.yaml", "2:10: error: binary data: NUL byte (not a text file)")
    }

    func testFileOverTheSizeLimitIsRejectedFast() throws {
        // 50 MB of valid YAML: rejected by size before it is parsed.
        let url = dir.appendingPathComponent("big.yaml")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data("policy:\n  name: Big\nterms:\n".utf8))
        let chunk = Data(String(repeating: "  - text: The blue lantern is lit and this line is long enough.\n", count: 16_384).utf8)
        while try handle.offset() < 50 * 1024 * 1024 { try handle.write(contentsOf: chunk) }
        try handle.close()
        let start = Date()
        try assertRejected("big.yaml", "1:1: error: file is 50 MB, over the 10 MB limit (--max-file-size)")
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "two runs on a 50 MB file should take well under a second each")
    }

    func testDeepNesting() throws {
        try write("deep.yaml", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n")
        try assertRejected("deep.yaml", "1:257: error: nesting deeper than 256 levels")
        // Block style, inside a policy.
        let blocks = "policy:\n" + (1...300).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n"
        try write("deep-block.yaml", blocks)
        try assertRejected("deep-block.yaml", "257:513: error: nesting deeper than 256 levels")
        // Deep through aliases: each anchor nests the previous one 200 levels deeper.
        let a = String(repeating: "[", count: 200) + "x" + String(repeating: "]", count: 200)
        let b = String(repeating: "[", count: 200) + "*a" + String(repeating: "]", count: 200)
        try write("deep-alias.yaml", "policy: {name: x}\na: &a \(a)\nb: &b \(b)\n")
        try assertRejected("deep-alias.yaml", "3:207: error: nesting deeper than 256 levels (through alias *a)")
    }

    func testAliasBomb() throws {
        var lines = ["policy:", "  name: Billion laughs", "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for k in 1..<names.count {
            lines.append("\(names[k]): &\(names[k]) [" + Array(repeating: "*\(names[k - 1])", count: 9).joined(separator: ",") + "]")
        }
        try write("bomb.yaml", lines.joined(separator: "\n") + "\n")
        // a..e expand to 74,718 nodes; the first *e of f passes 100,000.
        try assertRejected("bomb.yaml", "8:8: error: aliases expand to more than 100000 nodes (an alias bomb?)")
    }

    func testInvalidUTF8() throws {
        try write("latin1.yaml", Array("policy:\n  name: Caf".utf8) + [0xE9] + Array(" Ünïcode\n".utf8))
        try assertRejected("latin1.yaml", "2:12: error: invalid UTF-8 byte 0xE9")
        try write("bad-byte.yaml", Array("policy:\n  name: café ✓ ".utf8) + [0xFF] + Array(" x\n".utf8))
        try assertRejected("bad-byte.yaml", "2:16: error: invalid UTF-8 byte 0xFF")
        try write("truncated.yaml", Array("policy:\n  name: caf".utf8) + [0xC3])
        try assertRejected("truncated.yaml", "2:12: error: invalid UTF-8: truncated sequence")
    }

    func testUTF16AndUTF32AreLintedWithCorrectPositions() throws {
        let text = Self.good
        let le = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let le32 = text.unicodeScalars.flatMap { u in (0..<4).map { UInt8((u.value >> (8 * $0)) & 0xFF) } }
        let files: [(String, [UInt8])] = [
            ("utf16le-bom.yaml", [0xFF, 0xFE] + le),
            ("utf16be-bom.yaml", [0xFE, 0xFF] + be),
            ("utf16le.yaml", le),
            ("utf16be.yaml", be),
            ("utf32le-bom.yaml", [0xFF, 0xFE, 0, 0] + le32),
            ("utf8-bom.yaml", [0xEF, 0xBB, 0xBF] + Array(text.utf8)),
        ]
        for (name, bytes) in files { try write(name, bytes) }
        let run = try lint(files.map(\.0))
        XCTAssertEqual(run.code, 1, "findings but no input error: \(run.stderr)")
        XCTAssertEqual(run.stderr, "")
        let findings = (run.json?["findings"] as? [[String: Any]]) ?? []
        for (name, _) in files {
            let mine = findings.filter { $0["file"] as? String == name }
            XCTAssertEqual(mine.count, 1, name)
            XCTAssertEqual(mine.first.map { [$0["line"], $0["column"], $0["endLine"], $0["endColumn"]].map { $0 as? Int } },
                           [4, 23, 4, 35], name)
        }
        // Text output shows the same positions and the decoded line.
        let textRun = try lint(files.map(\.0), format: "text")
        for (name, _) in files {
            XCTAssertTrue(textRun.stdout.contains("\(name):4:23: error: "), name)
        }
        XCTAssertTrue(textRun.stdout.contains("  - text: Ärger — the blue lantern is lit."))
    }

    func testUTF16PoliciesAreFoundInFolders() throws {
        let sub = dir.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let le = Self.good.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = Self.good.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        try Data([0xFF, 0xFE] + le).write(to: sub.appendingPathComponent("a-utf16le-bom.yaml"))
        try Data(be).write(to: sub.appendingPathComponent("b-utf16be.yaml"))
        try Data([0xEF, 0xBB, 0xBF] + Array(Self.good.utf8)).write(to: sub.appendingPathComponent("c-utf8-bom.yaml"))
        try Data("other: not a policy\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: sub.appendingPathComponent("d-other.yaml"))
        XCTAssertEqual(FileDiscovery.discover([sub.path]).files.map { URL(fileURLWithPath: $0).lastPathComponent },
                       ["a-utf16le-bom.yaml", "b-utf16be.yaml", "c-utf8-bom.yaml"])
        let run = try lint(["policies"])
        XCTAssertEqual(run.code, 1, run.stderr)
        let findings = (run.json?["findings"] as? [[String: Any]]) ?? []
        XCTAssertEqual(findings.compactMap { $0["file"] as? String }.sorted(),
                       ["policies/a-utf16le-bom.yaml", "policies/b-utf16be.yaml", "policies/c-utf8-bom.yaml"])
    }

    func testInvalidUTF16() throws {
        // "policy:" then an unpaired surrogate, in UTF-16LE with a BOM.
        try write("bad-utf16.yaml", [0xFF, 0xFE] + "policy:\n  x".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0x00, 0xDC])
        try assertRejected("bad-utf16.yaml", "2:4: error: invalid UTF-16LE: unpaired surrogate")
    }

    func testUnreadableFile() throws {
        try write("locked.yaml", Self.good)
        chmod(dir.appendingPathComponent("locked.yaml").path, 0)
        if getuid() == 0 || FileManager.default.isReadableFile(atPath: dir.appendingPathComponent("locked.yaml").path) {
            throw XCTSkip("running as root: chmod 000 does not stop root from reading the file")
        }
        try assertRejected("locked.yaml", "1:1: error: cannot read file (permission denied?)")
    }

    func testMissingPath() throws {
        try assertRejected("missing.yaml", "1:1: error: no such file or folder")
        try assertRejected("no/such/folder", "1:1: error: no such file or folder")
    }

    func testDuplicateKey() throws {
        try write("dup.yaml", "policy:\n  name: A\n  owner: x\n  name: B\n")
        try assertRejected("dup.yaml", "4:3: error: duplicate key 'name' (first defined at 2:3)")
        try write("dup-top.yaml", "policy:\n  name: A\nterms: []\n\"policy\": {}\n")
        try assertRejected("dup-top.yaml", "4:1: error: duplicate key 'policy' (first defined at 1:1)")
    }

    func testManyBadFilesAtOnce() throws {
        // Every kind together, with the good file in the middle: each reported once, in order.
        try write("1-malformed.yaml", "policy: [\n")
        try write("2-empty.yaml", "")
        try write("4-list.yaml", "- a\n")
        try write("5-dup.yaml", "a: 1\na: 2\n")
        let run = try lint(["1-malformed.yaml", "2-empty.yaml", "good.yaml", "4-list.yaml", "5-dup.yaml", "6-missing.yaml"])
        XCTAssertEqual(run.code, 2)
        XCTAssertEqual(run.stderrLines.map { String($0.prefix { $0 != ":" }) }.sorted(),
                       ["1-malformed.yaml", "2-empty.yaml", "4-list.yaml", "5-dup.yaml", "6-missing.yaml"])
        assertGoodFileLinted(run)
    }
}
