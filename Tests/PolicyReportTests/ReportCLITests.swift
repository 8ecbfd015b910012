import Foundation
import PolicyLint
import PolicyReport
import XCTest

/// The built binary: several reports from one run, the exit policy, configuration errors,
/// baselines, and report files that never appear half-written.
final class ReportCLITests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        _ = try ReportFixture.binary()
        folder = try ReportFixture.scratchWithExamples()
    }

    override func tearDownWithError() throws { if let folder { try? FileManager.default.removeItem(at: folder) } }

    func run(_ args: [String], env: [String: String] = [:]) throws -> ReportFixture.CLI {
        try ReportFixture.run(args, cwd: folder, env: env)
    }

    func read(_ name: String) throws -> String { try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }

    func testSeveralReportsFromOneRun() throws {
        let r = try run(["lint", "examples/", "--format", "sarif", "--output", "out.sarif", "--format", "junit", "--output", "out.xml",
                         "--format", "json", "--output", "out.json", "--format", "github"])
        XCTAssertEqual(r.code, 1, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("::warning file=examples/online-shop.yaml,line=25,col=11,"), r.stdout)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try read("out.json").utf8)) as? [String: Any])
        XCTAssertEqual((json["findings"] as? [Any])?.count, 17)
        let sarif = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try read("out.sarif").utf8)) as? [String: Any])
        XCTAssertEqual(((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [Any])?.count, 17)
        XCTAssertTrue(try read("out.xml").hasPrefix("<?xml"))
        XCTAssertEqual(ReportFixture.listing(folder), ["examples", "out.json", "out.sarif", "out.xml"], "no temporary files")
        // With every report in a file, the summary goes to standard error.
        let quiet = try run(["lint", "examples/", "--format", "checkstyle", "--output", "c.xml"])
        XCTAssertEqual(quiet.stdout, "")
        XCTAssertTrue(quiet.stderr.contains("5 files linted, 4 errors, 13 warnings, 0 notes; wrote c.xml"), quiet.stderr)
        // Usage mistakes are exit 2.
        let twice = try run(["lint", "examples/", "--format", "json", "--format", "sarif"])
        XCTAssertEqual(twice.code, 2)
        XCTAssertTrue(twice.stderr.contains("only one report can go to standard output"))
    }

    /// `-o /dev/null` and `-o /dev/stdout` write into the device or pipe; neither is replaced.
    func testReportsToDevicesAndStandardOutputPaths() throws {
        defer { PolicyTestDevices.restoreDevNullIfReplaced() }
        let null = try run(["lint", "examples/", "--format", "json", "--output", "/dev/null", "--format", "sarif", "--output", "out.sarif"])
        XCTAssertEqual(null.code, 1, null.stderr)
        XCTAssertEqual(null.stdout, "")
        XCTAssertTrue(null.stderr.contains("wrote /dev/null, out.sarif"), null.stderr)
        let audit = try run(["report", "examples/", "--html", "/dev/null", "--markdown", "a.md"])
        XCTAssertEqual(audit.code, 0, audit.stderr)
        var st = stat()
        XCTAssertEqual(stat("/dev/null", &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "/dev/null is still a device")
        // Standard output is a pipe here: the report arrives through it, whole.
        let piped = try run(["lint", "examples/", "--format", "json", "--output", "/dev/stdout", "--format", "github"])
        XCTAssertEqual(piped.code, 1, piped.stderr)
        XCTAssertTrue(piped.stdout.contains("\"findings\""), piped.stdout)
        XCTAssertTrue(piped.stdout.contains("::warning file=examples/online-shop.yaml,line=25,col=11,"), piped.stdout)
        XCTAssertEqual(ReportFixture.listing(folder), ["a.md", "examples", "out.sarif"], "no temporary files")
    }

    func testExitPolicy() throws {
        // support-desk.yaml has warnings only.
        XCTAssertEqual(try run(["lint", "examples/support-desk.yaml"]).code, 0)
        XCTAssertEqual(try run(["lint", "examples/support-desk.yaml", "--fail-on", "warning"]).code, 1)
        XCTAssertEqual(try run(["lint", "examples/support-desk.yaml", "--fail-on", "info"]).code, 1)
        XCTAssertEqual(try run(["lint", "examples/online-shop.yaml"]).code, 1)
        XCTAssertEqual(try run(["lint", "examples/online-shop.yaml", "--fail-on", "never"]).code, 0)
        // The configuration sets it; the flag overrides the configuration.
        try "fail-on: warning\n".write(to: folder.appendingPathComponent(".policylint.yml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(["lint", "examples/support-desk.yaml"]).code, 1)
        XCTAssertEqual(try run(["lint", "examples/support-desk.yaml", "--fail-on", "error"]).code, 0)
        // Input errors are 2 whatever --fail-on says.
        let missing = try run(["lint", "nothing-here.yaml", "--fail-on", "never"])
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.stdout.contains("nothing-here.yaml:1:1: error: no such file or folder"), missing.stdout)
        let usage = try run(["lint", "examples/", "--fail-on", "sometimes"])
        XCTAssertEqual(usage.code, 2)
    }

    func testConfigurationErrorsAndPrint() throws {
        try "rules:\n  legalese: off\n  slow-first-respnse: {max: 48 hours}\n"
            .write(to: folder.appendingPathComponent(".policylint.yml"), atomically: true, encoding: .utf8)
        let bad = try run(["lint", "examples/"])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.stderr.hasSuffix(".policylint.yml:3:3: error: unknown rule 'slow-first-respnse'; did you mean 'slow-first-response'? (`policylint rules` lists them)\n"), bad.stderr)
        try "rules:\n  slow-first-response: {max: 96 hours}\n"
            .write(to: folder.appendingPathComponent(".policylint.yml"), atomically: true, encoding: .utf8)
        let good = try run(["lint", "examples/support-desk.yaml"])
        XCTAssertFalse(good.stdout.contains("slow-first-response"), good.stdout)
        XCTAssertTrue(try run(["lint", "examples/support-desk.yaml", "--no-config"]).stdout.contains("[slow-first-response]"))
        let printed = try run(["config", "--print", "examples/support-desk.yaml", "--disable", "legalese"])
        XCTAssertEqual(printed.code, 0, printed.stderr)
        XCTAssertTrue(printed.stdout.contains("  slow-first-response: {severity: warning, max: 96 hours}   # configured\n"), printed.stdout)
        XCTAssertTrue(printed.stdout.contains("  legalese: off\n"), printed.stdout)
        XCTAssertTrue(printed.stdout.contains("# configuration file: "))
        let explicit = try run(["lint", "examples/", "--config", "nope.yml"])
        XCTAssertEqual(explicit.code, 2)
        XCTAssertTrue(explicit.stderr.contains("nope.yml:1:1: error: no such configuration file"), explicit.stderr)
    }

    func testBaselineRoundTrip() throws {
        let write = try run(["lint", "examples/", "--write-baseline", "baseline.json"])
        XCTAssertEqual(write.code, 0, "every finding is now accepted")
        XCTAssertTrue(write.stderr.contains("wrote baseline baseline.json (17 findings)"), write.stderr)
        XCTAssertTrue(write.stdout.contains("17 in the baseline"), write.stdout)
        // Shift every line of one file: still nothing new.
        let shop = folder.appendingPathComponent("examples/online-shop.yaml")
        let text = try String(contentsOf: shop, encoding: .utf8)
        try ("# edited\n# again\n" + text).write(to: shop, atomically: true, encoding: .utf8)
        let again = try run(["lint", "examples/", "--baseline", "baseline.json", "--format", "json"])
        XCTAssertEqual(again.code, 0, again.stdout)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((json["findings"] as? [Any])?.count, 0)
        XCTAssertEqual((json["summary"] as? [String: Any])?["baselined"] as? Int, 17)
        // New words are reported.
        try (text.replacingOccurrences(of: "All sales are final.", with: "No refunds on sale items.")).write(to: shop, atomically: true, encoding: .utf8)
        let changed = try run(["lint", "examples/", "--baseline", "baseline.json"])
        XCTAssertEqual(changed.code, 1)
        XCTAssertTrue(changed.stdout.contains("[guarantee-contradicted]"), changed.stdout)
        let broken = try run(["lint", "examples/", "--baseline", "missing.json"])
        XCTAssertEqual(broken.code, 2)
    }

    /// A baseline that cannot be written stops the run before it lints anything, with one line,
    /// as a report file that cannot be written does: no report, no summary, nothing left behind.
    func testAnUnwritableBaselineStopsTheRunBeforeLinting() throws {
        let missing = try run(["lint", "examples/", "--write-baseline", "missing/baseline.json"])
        XCTAssertEqual(missing.code, 2)
        XCTAssertEqual(missing.stdout, "", "nothing was linted")
        XCTAssertEqual(missing.stderr, "policylint: error: missing/baseline.json: cannot write: folder \(folder.path)/missing does not exist\n")
        let isFolder = try run(["lint", "examples/", "--format", "json", "--write-baseline", "examples"])
        XCTAssertEqual(isFolder.code, 2)
        XCTAssertEqual(isFolder.stdout, "")
        XCTAssertEqual(isFolder.stderr, "policylint: error: examples: cannot write: is a folder\n")
        XCTAssertEqual(ReportFixture.listing(folder), ["examples"], "no baseline, no temporary file")
    }

    func testSuppressionsAndRequiredReasonsThroughTheCLI() throws {
        let policy = folder.appendingPathComponent("examples/online-shop.yaml")
        var text = try String(contentsOf: policy, encoding: .utf8)
        text = "# policylint-disable-file refund-window-too-short -- a 14-day window is the law here\n"
            + "# policylint-disable-file legalese\n" + text
        try text.write(to: policy, atomically: true, encoding: .utf8)
        let r = try run(["lint", "examples/online-shop.yaml", "--format", "json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rules = (json["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
        XCTAssertFalse(rules.contains("refund-window-too-short"))
        XCTAssertTrue(rules.contains("unused-suppression"), "legalese finds nothing here")
        XCTAssertEqual((json["summary"] as? [String: Any])?["suppressed"] as? Int, 1)
        let strict = try run(["lint", "examples/online-shop.yaml", "--require-suppression-reason"])
        XCTAssertTrue(strict.stdout.contains("needs a reason after ' -- '"), strict.stdout)
    }

    /// A run killed before it finishes leaves the previous report as it was, and no partial file.
    func testKilledRunLeavesNoPartialReport() throws {
        try "previous report\n".write(to: folder.appendingPathComponent("report.json"), atomically: true, encoding: .utf8)
        // Reading standard input that never ends: the run is certainly in progress when killed.
        let (p, out, err, input) = try ReportFixture.process(["lint", "-", "--format", "json", "--output", "report.json",
                                                                "--format", "sarif", "--output", "new.sarif"], cwd: folder)
        input.fileHandleForWriting.write(Data("policy:\n  name: Half\nterms:\n  - text: All sales".utf8))
        Thread.sleep(forTimeInterval: 0.5)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        XCTAssertEqual(try read("report.json"), "previous report\n")
        XCTAssertEqual(ReportFixture.listing(folder), ["examples", "report.json"], "no new.sarif, no temporary file")
        // The same run, not killed, replaces both.
        let done = try ReportFixture.process(["lint", "-", "--format", "json", "--output", "report.json"], cwd: folder)
        done.3.fileHandleForWriting.write(Data("policy:\n  name: Whole\n".utf8))
        try done.3.fileHandleForWriting.close()
        _ = done.1.fileHandleForReading.readDataToEndOfFile()
        _ = done.2.fileHandleForReading.readDataToEndOfFile()
        done.0.waitUntilExit()
        XCTAssertTrue(try read("report.json").hasPrefix("{\n  \"version\": 1,"))
    }

    /// A run that cannot write one report writes none, and leaves nothing behind.
    func testFailingRunLeavesNoReport() throws {
        let r = try run(["lint", "examples/", "--format", "json", "--output", "ok.json", "--format", "sarif", "--output", "no/such/dir/r.sarif"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("cannot write"), r.stderr)
        XCTAssertEqual(ReportFixture.listing(folder), ["examples"])
        // A configuration error stops the run before any report.
        try "fail-on: loud\n".write(to: folder.appendingPathComponent(".policylint.yml"), atomically: true, encoding: .utf8)
        let c = try run(["lint", "examples/", "--format", "json", "--output", "ok.json"])
        XCTAssertEqual(c.code, 2)
        XCTAssertTrue(c.stderr.contains(".policylint.yml:1:10: error: 'fail-on' must be"), c.stderr)
        XCTAssertEqual(ReportFixture.listing(folder), [".policylint.yml", "examples"])
    }

    func testIgnoredPathsAndPoliciesOnly() throws {
        try "name: CI\non: push\n".write(to: folder.appendingPathComponent("workflow.yml"), atomically: true, encoding: .utf8)
        // Named explicitly, a YAML file without `policy:` is linted (and fails the schema)...
        XCTAssertTrue(try run(["lint", "workflow.yml", "examples/model-policy.yaml"]).stdout.contains("workflow.yml:1:1: error:"))
        // ...unless --policies-only, as the pre-commit hook runs it.
        let hook = try run(["lint", "--policies-only", "workflow.yml", "examples/model-policy.yaml"])
        XCTAssertEqual(hook.code, 0, hook.stdout)
        XCTAssertTrue(hook.stdout.hasPrefix("1 file linted"), hook.stdout)
        // `ignore:` applies to folders and named files alike.
        try "ignore: [online-shop.yaml, 'examples/opt*']\n".write(to: folder.appendingPathComponent(".policylint.yml"), atomically: true, encoding: .utf8)
        let ignored = try run(["lint", "examples/", "examples/online-shop.yaml", "--verbose"])
        XCTAssertTrue(ignored.stdout.contains("3 files linted"), ignored.stdout)
        XCTAssertTrue(ignored.stderr.contains("examples/optician.yaml: ignored by the configuration's 'ignore'"), ignored.stderr)
        XCTAssertFalse(ignored.stdout.contains("online-shop"), ignored.stdout)
    }

    func testNoProgressWhenStandardErrorIsNotATerminal() throws {
        for i in 0..<(ProgressDisplay.minimumFiles + 5) {
            try FileManager.default.copyItem(at: folder.appendingPathComponent("examples/optician.yaml"),
                                             to: folder.appendingPathComponent("examples/copy-\(i).yaml"))
        }
        let r = try run(["lint", "examples/"])
        XCTAssertFalse(r.stderr.contains("linting"), r.stderr)
        XCTAssertFalse(r.stdout.contains("\r"), "no progress in the report")
    }
}

extension ReportCLITests {
    /// The audit report sees what lint sees: configuration and suppression comments apply.
    func testReportAppliesConfigurationAndSuppressions() throws {
        let policy = """
        policy:
          name: Audit subject
        support:
          first_response: 72 hours
        terms:
          # policylint-disable-next-line legalese -- quoted from the supplier contract
          - text: The parties hereinafter agree to cooperate.

        """
        try policy.write(to: folder.appendingPathComponent("subject.yaml"), atomically: true, encoding: .utf8)
        let plain = try run(["report", "subject.yaml", "--no-config", "--markdown", "plain.md"])
        XCTAssertEqual(plain.code, 0, plain.stderr)
        let plainText = try read("plain.md")
        XCTAssertTrue(plainText.contains("slow-first-response"))
        XCTAssertFalse(plainText.contains("`legalese`"), "suppressed by the comment")

        try "rules:\n  slow-first-response: off\n".write(to: folder.appendingPathComponent("quiet.yml"), atomically: true, encoding: .utf8)
        let configured = try run(["report", "subject.yaml", "--config", "quiet.yml", "--markdown", "configured.md"])
        XCTAssertEqual(configured.code, 0, configured.stderr)
        XCTAssertFalse(try read("configured.md").contains("slow-first-response"), "disabled by the configuration")

        // A report is not a gate unless asked: --fail-on makes findings fail it.
        XCTAssertEqual(try run(["report", "subject.yaml", "--no-config", "--markdown", "x.md", "--fail-on", "warning"]).code, 1)
    }
}

extension ReportCLITests {
    /// `report` writes from a row per file and the files' spooled details (AuditWriter): the same
    /// report to a file and to standard output, input errors listed, the exit policy from counts.
    func testAuditReportToFilesAndStandardOutput() throws {
        let env = ["SOURCE_DATE_EPOCH": "0"]
        let files = try run(["report", "examples/", "nothing-here.yaml", "--no-config", "--html", "a.html", "--markdown", "a.md"], env: env)
        XCTAssertEqual(files.code, 2, "an input error: \(files.stderr)")
        XCTAssertTrue(files.stderr.contains("nothing-here.yaml:1:1: error: no such file or folder"), files.stderr)
        XCTAssertTrue(files.stdout.hasPrefix("policylint: wrote a.html, a.md: grade "), files.stdout)
        XCTAssertTrue(files.stdout.contains(" across 5 policies (4 errors, 13 warnings, 0 notes)"), files.stdout)
        let html = try read("a.html")
        XCTAssertEqual(html.components(separatedBy: "<article class=\"policy\"").count - 1, 5)
        XCTAssertTrue(html.hasSuffix("</html>\n"))
        // The policy table lists the policies in the order their details follow.
        let tableOrder = html.components(separatedBy: "<td class=\"name\"><a href=\"#").dropFirst().map { $0.prefix { $0 != "\"" } }
        let detailOrder = html.components(separatedBy: "<article class=\"policy\" id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertEqual(tableOrder, detailOrder)
        XCTAssertEqual(Set(detailOrder).count, 5)

        let toOutput = try run(["report", "examples/", "nothing-here.yaml", "--no-config", "--markdown", "-"], env: env)
        XCTAssertEqual(toOutput.code, 2)
        XCTAssertEqual(toOutput.stdout, try read("a.md"), "standard output gets the report a file gets")
        XCTAssertEqual(ReportFixture.listing(folder), ["a.html", "a.md", "examples"], "no temporary files")

        XCTAssertEqual(try run(["report", "examples/", "--no-config", "--markdown", "b.md"]).code, 0)
        XCTAssertEqual(try run(["report", "examples/", "--no-config", "--markdown", "b.md", "--fail-on", "error"]).code, 1)
        XCTAssertEqual(try run(["report", "examples/support-desk.yaml", "--no-config", "--markdown", "b.md", "--fail-on", "error"]).code, 0,
                       "support-desk.yaml has warnings only")
        XCTAssertEqual(try run(["report", "examples/support-desk.yaml", "--no-config", "--markdown", "b.md", "--fail-on", "warning"]).code, 1)
    }
}
