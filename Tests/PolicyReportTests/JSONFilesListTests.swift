@testable import PolicyLint
@testable import PolicyReport
import PolicyYAML
import XCTest

/// The JSON report's `files` list, written straight to bytes, against the tree of values it
/// replaced, laid out as the report's root lays it out (two spaces an indent, first level).
final class JSONFilesListTests: XCTestCase {
    /// The `files` list as the tree of values the report used to build.
    static func filesValue(_ files: [FileSummary]) -> JSONValue {
        .array(files.map { s in
            .object([("file", .string(s.file)), ("findings", .int(s.findings)), ("status", .string(s.error == nil ? "linted" : "error"))])
        })
    }

    func testFilesListMatchesTheValueTree() {
        var rng = SystemRandomNumberGenerator()
        let names = EscapeEquivalenceTests.samples(random: 200)
        for n in [0, 1, 2, 3, 17] {
            for round in 0..<20 {
                let files: [FileSummary] = (0..<n).map { k in
                    var r = FileResult(file: names[(round * 31 + k * 7) % names.count] + ".yaml")
                    if Bool.random(using: &rng) { r.error = InputError(file: r.file, message: "no such file") }
                    var s = FileSummary(r)
                    (s.errors, s.warnings, s.infos) = (Int.random(in: 0...3, using: &rng), Int.random(in: 0...1_000, using: &rng), 0)
                    return s
                }
                var fast: [UInt8] = []
                JSONReporter.writeFiles(files, to: &fast)
                var reference: [UInt8] = []
                Self.filesValue(files).write(to: &reference, indent: 2, level: 1)
                XCTAssertEqual(String(decoding: fast, as: UTF8.self), String(decoding: reference, as: UTF8.self), "\(n) files, round \(round)")
            }
        }
    }
}
