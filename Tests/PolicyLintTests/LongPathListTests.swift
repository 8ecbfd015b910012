import Foundation
import XCTest

/// `policylint lint $(git ls-files)`: thousands of paths as arguments (PathRuns.swift). The
/// argument parser's cost grows with the square of a list's length, so long runs of paths reach
/// it as placeholders; these tests check that every path still arrives, in order, whatever
/// options stand between them.
final class LongPathListTests: XCTestCase {
    /// A folder of `count` small policies, `p0.yaml` ... (a warning each from the built-in rules).
    private func policies(_ count: Int) throws -> (dir: URL, names: [String]) {
        let dir = try temporaryFolder()
        let names = (0..<count).map { "p\($0).yaml" }
        for name in names {
            try "policy: {name: \(name), owner: o, version: '1'}\n".write(to: dir.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        return (dir, names)
    }

    /// The files of a JSON report, in order.
    private func reportedFiles(_ json: String) throws -> [String] {
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try XCTUnwrap(report["files"] as? [[String: Any]]).compactMap { $0["file"] as? String }
    }

    func testEveryPathArrivesInOrderAroundOptions() throws {
        let (dir, names) = try policies(60)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = Array(names[0..<25]), b = Array(names[25..<60])
        // Options before, between and after two long runs; `--output`'s value opens a run.
        let r = try runCLI(["lint", "--no-config"] + a + ["--format", "json", "--fail-on", "never"] + b + ["--jobs", "2"], cwd: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertEqual(try reportedFiles(r.stdout), names)
        let out = dir.appendingPathComponent("report.json").path
        let written = try runCLI(["lint", "--no-config", "-f", "json", "--output", out] + names, cwd: dir)
        XCTAssertEqual(written.code, 0, written.stderr) // warnings do not fail by default
        XCTAssertEqual(written.stdout, "")
        XCTAssertEqual(try reportedFiles(String(contentsOfFile: out, encoding: .utf8)), names)
        XCTAssertFalse(try reportedFiles(String(contentsOfFile: out, encoding: .utf8)).contains(out))
    }

    func testStandardInputMissingFilesAndTheTerminatorKeepTheirPlace() throws {
        let (dir, names) = try policies(40)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A file whose name starts with a dash can only be named after `--`.
        try "policy: {name: dash, owner: o, version: '1'}\n".write(to: dir.appendingPathComponent("-dash.yaml"), atomically: false, encoding: .utf8)
        let list = Array(names[0..<20]) + ["-", "missing.yaml"] + Array(names[20...])
        let r = try runCLI(["lint", "--no-config", "--format", "json", "--fail-on", "never", "--"] + list + ["-dash.yaml"], cwd: dir,
                           stdin: "policy: {name: piped, owner: o, version: '1'}\n")
        XCTAssertEqual(r.code, 2, r.stderr) // the missing file
        XCTAssertEqual(try reportedFiles(r.stdout), Array(names[0..<20]) + ["<stdin>"] + Array(names[20...]) + ["-dash.yaml"])
        XCTAssertEqual(r.stderr, "missing.yaml:1:1: error: no such file or folder\n")
    }

    func testTheDefaultCommandAndParseTakeLongListsToo() throws {
        let (dir, names) = try policies(30)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lint = try runCLI(["--no-config", "--format", "json", "--fail-on", "never"] + names, cwd: dir)
        XCTAssertEqual(lint.code, 0, lint.stderr)
        XCTAssertEqual(try reportedFiles(lint.stdout), names)
        let parse = try runCLI(["parse"] + names, cwd: dir)
        XCTAssertEqual(parse.code, 0, parse.stderr)
        // Each document's `name`, in the order the files were named.
        let shown = parse.stdout.components(separatedBy: "\"name\": \"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(shown, names)
    }

    func testOtherCommandsSeeTheArgumentsAsWritten() throws {
        // `rules` takes no paths: the parser's own error names the first extra argument.
        let r = try runCLI(["rules"] + (0..<40).map { "extra\($0)" })
        XCTAssertEqual(r.code, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("extra0"), r.stderr)
        XCTAssertFalse(r.stderr.contains("policylint-paths"), r.stderr)
    }

    /// 8,000 paths (two files named 4,000 times each: every name is linted, as written). In a
    /// debug build: 0.9 s, and 23.2 s with every path handed to the parser (measured with
    /// `PathRuns.minimumRun` set past any list's length).
    func testEightThousandPathsAreParsedInLinearTime() throws {
        let (dir, names) = try policies(2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = Array(repeating: names, count: 4_000).flatMap { $0 }
        let start = Date()
        let r = try runCLI(["lint", "--no-config", "--no-builtin", "--format", "json", "--fail-on", "never"] + list, cwd: dir)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertEqual(try reportedFiles(r.stdout), list)
        XCTAssertLessThan(seconds, 12 * AdversarialTests.timeScale, "8,000 paths took \(seconds) s")
    }
}
