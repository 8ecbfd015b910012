import Foundation
import PolicyLint
import PolicyReport
import XCTest

/// SARIF: the structure GitHub code scanning reads, and validity against the 2.1.0 schema.
final class SARIFReportTests: XCTestCase {
    func sarif() throws -> [String: Any] {
        let text = ReportFormat.sarif.render(try ReportFixture.examplesRun())
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func testWhatCodeScanningReads() throws {
        let doc = try sarif()
        XCTAssertEqual(doc["version"] as? String, "2.1.0")
        XCTAssertNotNil(doc["$schema"])
        let run = try XCTUnwrap((doc["runs"] as? [[String: Any]])?.first)
        XCTAssertEqual(run["columnKind"] as? String, "unicodeCodePoints")
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        XCTAssertEqual(driver["name"] as? String, "policylint")
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        for r in rules {
            let id = try XCTUnwrap(r["id"] as? String)
            XCTAssertNotNil((r["shortDescription"] as? [String: Any])?["text"], id)
            XCTAssertNotNil((r["fullDescription"] as? [String: Any])?["text"], id)
            let help = try XCTUnwrap(r["help"] as? [String: Any], id)
            XCTAssertTrue((help["text"] as? String)?.contains("How to fix it") == true, id)
            XCTAssertNotNil(help["markdown"], id)
            XCTAssertNotNil((r["defaultConfiguration"] as? [String: Any])?["level"], id)
            XCTAssertNotNil((r["properties"] as? [String: Any])?["tags"], id)
        }
        let blame = try XCTUnwrap(rules.first { $0["id"] as? String == "blame-shifted-to-outsourcer" })
        XCTAssertEqual(blame["helpUri"] as? String, RuleHelp.repository + "/blob/main/rules/mixed-signals.yaml")
        let ruleIDs = Set(rules.compactMap { $0["id"] as? String })

        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 17)
        var fingerprints = Set<String>()
        for r in results {
            let index = try XCTUnwrap(r["ruleIndex"] as? Int)
            XCTAssertEqual(rules[index]["id"] as? String, r["ruleId"] as? String, "ruleIndex points at the rule")
            XCTAssertNotNil((r["message"] as? [String: Any])?["text"])
            let location = try XCTUnwrap((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let artifact = try XCTUnwrap(location["artifactLocation"] as? [String: Any])
            XCTAssertTrue((artifact["uri"] as? String)?.hasPrefix("examples/") == true, "relative to the repository root")
            let region = try XCTUnwrap(location["region"] as? [String: Int])
            XCTAssertGreaterThanOrEqual(region["startLine"] ?? 0, 1)
            XCTAssertNotNil(region["endColumn"])
            let fp = try XCTUnwrap((r["partialFingerprints"] as? [String: String])?[SARIFReporter.fingerprintKey])
            fingerprints.insert(fp)
        }
        XCTAssertEqual(fingerprints.count, results.count, "fingerprints are unique")
        // Every rule that ran is described once (known before the first file, so SARIF streams).
        XCTAssertEqual(rules.count, ruleIDs.count, "each rule once")
        XCTAssertEqual(ruleIDs, Set(try ReportFixture.examplesRun().rules.map(\.id)), "the rules that ran")
        XCTAssertTrue(Set(results.compactMap { $0["ruleId"] as? String }).isSubset(of: ruleIDs), "every result's rule is described")
        // The contradiction names its claim.
        let conflict = try XCTUnwrap(results.first { $0["ruleId"] as? String == "guarantee-contradicted" })
        let related = try XCTUnwrap(conflict["relatedLocations"] as? [[String: Any]])
        XCTAssertEqual((related.first?["message"] as? [String: Any])?["text"] as? String, "the claim")
        XCTAssertEqual(((related.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int])?["startLine"], 24)
    }

    func testInputErrorsAreNotifications() throws {
        var run = try ReportFixture.examplesRun()
        run.errors = [InputError(file: "missing.yaml", message: "no such file or folder")]
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ReportFormat.sarif.render(run).utf8)) as? [String: Any])
        let invocation = try XCTUnwrap(((doc["runs"] as? [[String: Any]])?.first?["invocations"] as? [[String: Any]])?.first)
        XCTAssertEqual(invocation["executionSuccessful"] as? Bool, false)
        XCTAssertEqual((invocation["toolExecutionNotifications"] as? [Any])?.count, 1)
    }

    func testURIsAreEncoded() {
        XCTAssertEqual(SARIFReporterProbe.uri("./a b/c#1.yaml"), "a%20b/c%231.yaml")
        XCTAssertEqual(SARIFReporterProbe.uri("/abs/p.yaml"), "file:///abs/p.yaml")
    }

    /// Validates the examples' SARIF against the OASIS 2.1.0 schema with Python's jsonschema
    /// (the same check .ci/validate-sarif.sh runs in CI); skipped where either is missing.
    func testValidAgainstTheSchema() throws {
        let schema = URL(fileURLWithPath: "/work/shared/data/schemas/sarif-schema-2.1.0.json")
        let local = ReportFixture.root.appendingPathComponent(".ci/sarif-schema-2.1.0.json")
        let schemaPath = FileManager.default.fileExists(atPath: schema.path) ? schema.path : local.path
        guard FileManager.default.fileExists(atPath: schemaPath) else { throw XCTSkip("no SARIF schema file") }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import jsonschema"]
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { throw XCTSkip("no python3") }
        check.waitUntilExit()
        guard check.terminationStatus == 0 else { throw XCTSkip("python3 has no jsonschema package") }

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-\(UUID().uuidString).sarif")
        defer { try? FileManager.default.removeItem(at: file) }
        var run = try ReportFixture.examplesRun()
        run.errors = [InputError(file: "missing.yaml", message: "no such file or folder")]
        try ReportFormat.sarif.render(run).write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", ReportFixture.root.appendingPathComponent(".ci/validate_sarif.py").path, "--schema", schemaPath, file.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text)
    }
}

/// Reaches the reporter's URI helper through its output.
enum SARIFReporterProbe {
    static func uri(_ file: String) -> String? {
        var run = LintRun(results: [], rules: [], toolVersion: "0")
        run.errors = [InputError(file: file, message: "x")]
        let text = SARIFReporter().render(run)
        guard let doc = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let runs = doc["runs"] as? [[String: Any]],
              let inv = (runs.first?["invocations"] as? [[String: Any]])?.first,
              let n = (inv["toolExecutionNotifications"] as? [[String: Any]])?.first,
              let l = (n["locations"] as? [[String: Any]])?.first,
              let p = l["physicalLocation"] as? [String: Any],
              let a = p["artifactLocation"] as? [String: Any] else { return nil }
        return a["uri"] as? String
    }
}
