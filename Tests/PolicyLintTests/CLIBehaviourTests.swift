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

    func testParseShowsEachDocumentAsJSONAndErrorsWithTheirPlace() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "a: 1\nb: [x, \"y\"]\n---\n~\n".write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        try "a: [1\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let plain = try runCLI(["parse", "p.yaml"], cwd: dir)
        XCTAssertEqual(plain.code, 0, plain.stderr)
        XCTAssertEqual(plain.stdout, "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    \"y\"\n  ]\n}\nnull\n")
        let marked = try runCLI(["parse", "--marks", "p.yaml"], cwd: dir)
        XCTAssertEqual(marked.code, 0, marked.stderr)
        let texts = marked.stdout.split(separator: "\n}\n", omittingEmptySubsequences: true)
        XCTAssertEqual(texts.count, 2)
        let first = try XCTUnwrap(JSONSerialization.jsonObject(with: Data((texts[0] + "\n}").utf8)) as? [String: Any])
        XCTAssertEqual(first["kind"] as? String, "mapping")
        let pairs = try XCTUnwrap(first["pairs"] as? [[String: Any]])
        let quoted = try XCTUnwrap((pairs[1]["value"] as? [String: Any])?["items"] as? [[String: Any]])[1]
        XCTAssertEqual(quoted["style"] as? String, "double-quoted")
        XCTAssertEqual(quoted["start"] as? [String: Int], ["line": 2, "column": 8, "offset": 12])
        XCTAssertEqual(quoted["end"] as? [String: Int], ["line": 2, "column": 11, "offset": 15])
        XCTAssertTrue(marked.stdout.hasSuffix("}\n"))
        let bad = try runCLI(["parse", "bad.yaml", "p.yaml"], cwd: dir)
        XCTAssertEqual(bad.code, 2)
        XCTAssertEqual(bad.stderr, "bad.yaml:2:1: error: did not find expected ',' or ']' (while parsing a flow sequence at 1:4)\n")
        XCTAssertEqual(bad.stdout, plain.stdout) // the other file still shown
    }
}
