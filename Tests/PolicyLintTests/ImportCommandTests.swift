import Foundation
import PolicyLint
import PolicyYAML
import XCTest

/// `policylint import` and `policylint lint` on prose files, through the built binary.
final class ImportCommandTests: XCTestCase {
    static let terms = """
    # Quayside Cycles

    Bikes are serviced within 5 days. Satisfaction guaranteed.

    ## Sales

    All sales are final.
    """

    func folder() throws -> URL {
        let dir = try temporaryFolder()
        try Self.terms.write(to: dir.appendingPathComponent("terms.md"), atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testImportPrintsAPolicyThatLints() throws {
        let dir = try folder()
        let r = try runCLI(["import", "terms.md"], cwd: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        let root = try XCTUnwrap(YAMLParser().parse(string: r.stdout).documents.first?.root)
        XCTAssertEqual(root["policy"]?["name"]?.scalar, "Quayside Cycles")
        XCTAssertEqual(root["terms"]?.items?.compactMap { $0["id"]?.scalar }, ["quayside-cycles-1", "quayside-cycles-2", "sales-1"])
        XCTAssertEqual(root["terms"]?.items?.compactMap { $0["text"]?.scalar },
                       ["Bikes are serviced within 5 days.", "Satisfaction guaranteed.", "All sales are final."])
        XCTAssertEqual(root["terms"]?.items?.map { $0["title"]?.scalar }, ["Quayside Cycles", nil, "Sales"])
    }

    func testOutputIsNeverOverwrittenWithoutForce() throws {
        let dir = try folder()
        let out = dir.appendingPathComponent("terms.yaml")
        var r = try runCLI(["import", "terms.md", "-o", "terms.yaml", "--name", "Quayside terms"], cwd: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("wrote terms.yaml: 3 terms from terms.md"))
        XCTAssertTrue(try String(contentsOf: out, encoding: .utf8).contains("name: \"Quayside terms\""))

        try "keep me\n".write(to: out, atomically: true, encoding: .utf8)
        r = try runCLI(["import", "terms.md", "-o", "terms.yaml"], cwd: dir)
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stderr, "terms.yaml:1:1: error: file exists; import does not overwrite it without --force\n")
        XCTAssertEqual(try String(contentsOf: out, encoding: .utf8), "keep me\n")

        r = try runCLI(["import", "terms.md", "-o", "terms.yaml", "--force"], cwd: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(try String(contentsOf: out, encoding: .utf8).contains("All sales are final."))

        r = try runCLI(["import", "terms.md", "-o", "./terms.md", "--force"], cwd: dir)
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("is the input file"), r.stderr)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("terms.md"), encoding: .utf8), Self.terms)
        // No temporary files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertEqual(names, ["terms.md", "terms.yaml"])
    }

    func testFormatFromStandardInputAndErrors() throws {
        let dir = try folder()
        var r = try runCLI(["import", "-", "--from", "html"], cwd: dir, stdin: "<p>One. Two.</p>")
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("text: \"Two.\""), r.stdout)
        r = try runCLI(["import", "-"], cwd: dir, stdin: "One.")
        XCTAssertEqual(r.code, 2)
        r = try runCLI(["import", "terms.rtf"], cwd: dir)
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stderr, "terms.rtf:1:1: error: cannot tell the format from the file name; use --from txt|md|html\n")
        try Data([0x4F, 0x6B, 0x2E, 0x0A, 0x41, 0xC3, 0x28]).write(to: dir.appendingPathComponent("bad.txt"))
        r = try runCLI(["import", "bad.txt"], cwd: dir)
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stderr, "bad.txt:2:2: error: invalid UTF-8 byte 0xC3\n")
    }

    func testLintReadsMarkdownDirectly() throws {
        let dir = try folder()
        var r = try runCLI(["lint", "terms.md", "--color", "never"], cwd: dir)
        XCTAssertEqual(r.code, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("terms.md:7:1: error: 'All sales are final' contradicts the guarantee 'Satisfaction guaranteed'. [guarantee-contradicted]\n  All sales are final.\n  ^~~~~~~~~~~~~~~~~~~"), r.stdout)
        XCTAssertTrue(r.stdout.contains("terms.md:3:35: note: the claim"), r.stdout)

        try Data([0x4F, 0x6B, 0x2E, 0x0A, 0x41, 0xFF]).write(to: dir.appendingPathComponent("bad.md"))
        r = try runCLI(["lint", "bad.md"], cwd: dir)
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue((r.stdout + r.stderr).contains("bad.md:2:2: error: invalid UTF-8 byte 0xFF"), r.stdout + r.stderr)
    }
}

extension ImportCommandTests {
    func testFoldersYieldProseOnlyWithImportProse() throws {
        let dir = try folder()
        var r = try runCLI(["lint", ".", "--format", "json", "--no-progress"], cwd: dir)
        XCTAssertFalse(r.stdout.contains("terms.md"), r.stdout)
        r = try runCLI(["lint", ".", "--import-prose", "--format", "json", "--no-progress"], cwd: dir)
        XCTAssertEqual(r.code, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("\"rule\": \"guarantee-contradicted\""), r.stdout)
        XCTAssertTrue(r.stdout.contains("terms.md"), r.stdout)
    }
}
