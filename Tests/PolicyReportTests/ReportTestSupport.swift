import Foundation
@testable import PolicyLint
import PolicyReport
import XCTest

/// Shared helpers for the report format tests.
enum ReportFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let goldenFolder = root.appendingPathComponent("Tests/PolicyReportTests/Golden")
    /// A fixed version, so goldens do not change with releases.
    static let version = "0.0.0-golden"
    static let examples = ["model-policy", "online-shop", "optician", "restaurant", "support-desk"].map { "examples/\($0).yaml" }

    /// Lints the examples as `policylint lint examples/*.yaml` does with no configuration file,
    /// with paths relative to the repository (the working folder is set to it).
    /// The run of the examples plus a file that could not be linted and a discovery error, so
    /// that every part of every format is exercised.
    static func mixedRun() throws -> LintRun {
        var run = try examplesRun()
        run.results.insert(FileResult(file: "broken.yaml", error: InputError(file: "broken.yaml", line: 3, column: 7, message: "bad")), at: 2)
        let firstRules = run.rulesRun?.first ?? []
        run.rulesRun?.insert(firstRules, at: 2)
        run.errors = [InputError(file: "missing.yaml", message: "no such file or folder")]
        run.suppressed = 2
        run.baselined = 1
        return run
    }

    static func examplesRun(failOn: FailOn = .error) throws -> LintRun {
        _ = FileManager.default.changeCurrentDirectoryPath(root.path)
        let settings = try LintSettings.load(configuration: .defaults(directory: root.path))
        let outcome = ConfiguredLinter(settings: settings).lint(files: examples, jobs: 2)
        var run = LintRun(results: outcome.results, rules: settings.allRules, toolVersion: version)
        run.failOn = failOn
        run.rulesRun = outcome.rulesRun
        run.suppressed = outcome.suppressed
        run.baselined = outcome.baselined
        return run
    }

    /// Compares `actual` with `Golden/<name>`; with POLICYLINT_UPDATE_GOLDEN=1 rewrites it instead.
    static func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["POLICYLINT_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenFolder, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("no golden file \(name); run with POLICYLINT_UPDATE_GOLDEN=1 to create it", file: file, line: line)
            return
        }
        if expected == actual { return }
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        let n = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        let want = n < e.count ? e[n] : "<end>", got = n < a.count ? a[n] : "<end>"
        XCTFail("\(name) differs at line \(n + 1):\n  golden: \(want)\n  actual: \(got)\n(if the change is intended: POLICYLINT_UPDATE_GOLDEN=1 swift test --filter PolicyReportTests)",
                file: file, line: line)
    }

    /// The built policylint binary (built with the tests), or skip.
    static func binary() throws -> URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("policylint"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("policylint"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("policylint"),
        ]
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c }
        throw XCTSkip("policylint binary not built next to the tests")
    }

    struct CLI {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    static func process(_ args: [String], cwd: URL, env: [String: String] = [:]) throws -> (Process, Pipe, Pipe, Pipe) {
        let p = Process()
        p.executableURL = try binary()
        p.arguments = args
        p.currentDirectoryURL = cwd
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["CI"] = nil
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        return (p, out, err, input)
    }

    /// Runs the binary in `cwd` to completion.
    static func run(_ args: [String], cwd: URL, env: [String: String] = [:]) throws -> CLI {
        let (p, out, err, input) = try process(args, cwd: cwd, env: env)
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI(code: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A fresh folder holding copies of the examples (`examples/*.yaml`).
    static func scratchWithExamples() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("examples"), withIntermediateDirectories: true)
        for e in examples {
            try FileManager.default.copyItem(at: root.appendingPathComponent(e), to: url.appendingPathComponent(e))
        }
        return url
    }

    /// Names in a folder (hidden ones included).
    static func listing(_ url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }
}
