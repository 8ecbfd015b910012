import PolicyReport
import XCTest

/// `--format`/`--output` pairs.
final class ReportTargetsTests: XCTestCase {
    func pair(_ args: [String]) throws -> [ReportTarget] {
        var formats: [ReportFormat] = [], outputs: [String] = []
        var i = 0
        while i < args.count {
            if args[i] == "--format" || args[i] == "-f" { formats.append(ReportFormat(rawValue: args[i + 1])!); i += 1 }
            else if args[i] == "--output" || args[i] == "-o" { outputs.append(args[i + 1]); i += 1 }
            else if args[i].hasPrefix("--format=") { formats.append(ReportFormat(rawValue: String(args[i].dropFirst(9)))!) }
            else if args[i].hasPrefix("--output=") { outputs.append(String(args[i].dropFirst(9))) }
            i += 1
        }
        return try ReportTargets.pair(formats: formats, outputs: outputs, arguments: ["policylint", "lint", "x/"] + args)
    }

    func testPairs() throws {
        XCTAssertEqual(try pair([]), [ReportTarget(.text)])
        XCTAssertEqual(try pair(["-o", "r.txt"]), [ReportTarget(.text, "r.txt")])
        XCTAssertEqual(try pair(["--format", "json"]), [ReportTarget(.json)])
        XCTAssertEqual(try pair(["-o", "r.json", "-f", "json"]), [ReportTarget(.json, "r.json")], "one pair in either order")
        XCTAssertEqual(try pair(["--format", "sarif", "--output", "r.sarif", "--format", "junit", "--output", "r.xml", "--format", "github"]),
                       [ReportTarget(.sarif, "r.sarif"), ReportTarget(.junit, "r.xml"), ReportTarget(.github)])
        XCTAssertEqual(try pair(["--format", "text", "--format", "sarif", "--output", "r.sarif"]),
                       [ReportTarget(.text), ReportTarget(.sarif, "r.sarif")], "the output belongs to the format before it")
        XCTAssertEqual(try pair(["--format=json", "--output=r.json", "--format", "markdown", "--output", "-"]),
                       [ReportTarget(.json, "r.json"), ReportTarget(.markdown)])
    }

    func testMistakes() {
        XCTAssertThrowsError(try pair(["--format", "json", "--format", "sarif"]), "two reports to standard output")
        XCTAssertThrowsError(try pair(["-o", "a", "-o", "b"]))
        XCTAssertThrowsError(try pair(["--format", "json", "--output", "a", "--output", "b", "--format", "sarif"]))
        XCTAssertThrowsError(try pair(["--format", "json", "--output", "a", "--format", "sarif", "--output", "a"]), "same file twice")
    }

    func testPositionalWithoutCommandLine() throws {
        XCTAssertEqual(try ReportTargets.pair(formats: [.json, .sarif], outputs: ["a.json"], arguments: []),
                       [ReportTarget(.json, "a.json"), ReportTarget(.sarif)])
    }
}
