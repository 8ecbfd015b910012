import Foundation
import XCTest

/// What a newcomer meets first: init, an empty folder, usage errors, version.
final class CLIBehaviourTests: XCTestCase {
    func testInitWritesACleanPolicyAndNeverOverwrites() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try runCLI(["init", "promise.yaml"], cwd: dir)
        XCTAssertEqual(first.code, 0, first.stderr)
        let lint = try runCLI(["lint", "promise.yaml", "--no-config"], cwd: dir)
        XCTAssertEqual(lint.code, 0)
        XCTAssertTrue(lint.stdout.hasSuffix("1 file linted, 0 errors, 0 warnings, 0 notes\n"), lint.stdout)
        let before = try String(contentsOf: dir.appendingPathComponent("promise.yaml"), encoding: .utf8)
        try "edited\n".write(to: dir.appendingPathComponent("promise.yaml"), atomically: true, encoding: .utf8)
        let second = try runCLI(["init", "promise.yaml"], cwd: dir)
        XCTAssertEqual(second.code, 2)
        XCTAssertEqual(second.stderr, "promise.yaml:1:1: error: file exists; init never overwrites (choose another name)\n")
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("promise.yaml"), encoding: .utf8), "edited\n")
        XCTAssertFalse(before.isEmpty)
    }

    func testAFolderWithoutPoliciesSaysSo() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "key: value\n".write(to: dir.appendingPathComponent("other.yaml"), atomically: true, encoding: .utf8)
        let r = try runCLI(["lint", "--no-config"], cwd: dir)
        XCTAssertEqual(r.code, 0)
        XCTAssertTrue(r.stderr.contains("policylint: no policy files in the current folder"), r.stderr)
        XCTAssertEqual(r.stdout, "0 files linted, 0 errors, 0 warnings, 0 notes\n")
    }

    func testUsageErrorsExit2WithOneClearLine() throws {
        let r = try runCLI(["lint", "--fail-on", "sometimes", "examples/"], cwd: repoRoot)
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.hasPrefix("policylint: error: The value 'sometimes' is invalid for '--fail-on"), r.stderr)
        let unknown = try runCLI(["lint", "--colour", "never"], cwd: repoRoot)
        XCTAssertEqual(unknown.code, 2)
        XCTAssertTrue(unknown.stderr.contains("Unknown option '--colour'"), unknown.stderr)
    }

    func testVersionAndHelpExit0() throws {
        let v = try runCLI(["--version"])
        XCTAssertEqual(v.code, 0)
        XCTAssertEqual(v.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count, 3)
        let h = try runCLI(["--help"])
        XCTAssertEqual(h.code, 0)
        XCTAssertTrue(h.stdout.contains("Exit codes: 0 no finding at or above --fail-on"))
    }
}
