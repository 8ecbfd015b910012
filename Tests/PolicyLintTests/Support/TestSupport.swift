import Foundation
import PolicyLint
import PolicyYAML
import XCTest

/// Repository root, from this file's location.
let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Lints YAML text with the given rules (default: the built-in packs).
func lintText(_ yaml: String, rules: [Rule]? = nil, file: String = "test.yaml") throws -> [Finding] {
    let rules = try rules ?? RulePackLoader.builtin().flatMap(\.rules)
    let linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
    let result = linter.lint(bytes: Array(yaml.utf8), file: file)
    if let error = result.error { throw error }
    return result.findings
}

/// Rules from one pack's text.
func packRules(_ text: String) throws -> [Rule] {
    try RulePackLoader.load(text: text, file: "pack.yaml").rules
}

/// The built policylint binary (tests run after `swift build`).
func policylintBinary() throws -> URL {
    let candidates = [
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("policylint"),
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("policylint"),
        repoRoot.appendingPathComponent(".build/debug/policylint"),
    ]
    for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c }
    throw XCTSkip("policylint binary not built next to the tests")
}

struct CLIResult {
    var code: Int32
    var stdout: String
    var stderr: String
}

/// Runs the binary with arguments, in `cwd`, with optional standard input.
func runCLI(_ args: [String], cwd: URL? = nil, stdin: String? = nil, env: [String: String] = [:]) throws -> CLIResult {
    let p = Process()
    p.executableURL = try policylintBinary()
    p.arguments = args
    if let cwd { p.currentDirectoryURL = cwd }
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read before waiting so a large output cannot fill the pipe and block the child.
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CLIResult(code: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// A fresh temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The fixtures of BadInputTests and AdversarialTests: a one-rule pack, and a good policy it flags
/// once, after non-ASCII text ("blue lantern" is at 4:23-4:35), linted beside each bad input to
/// show that the rest of a run is intact.
enum LanternFixture {
    static let pack = """
        pack: lantern
        title: Blue lantern
        rules:
          - id: lantern
            title: Blue lantern
            severity: error
            category: test
            why: A test rule.
            fix: None.
            phrases: [blue lantern]
        """

    static let good = "policy:\n  name: Ünïcode Good\nterms:\n  - text: Ärger — the blue lantern is lit.\n"
}
