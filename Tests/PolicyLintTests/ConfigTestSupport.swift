import Foundation
import PolicyLint
import XCTest

/// A scratch folder with files, removed when the test ends.
final class ConfigScratch {
    let root: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        root = Paths.absolute(base.path)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `text` at `relative` (folders made as needed); returns the absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: Paths.parent(path), withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func path(_ relative: String) -> String { root + "/" + relative }
}

/// Loads a configuration from text, as if it were `<dir>/.policylint.yml`.
func configuration(_ text: String, directory: String = "/project") throws -> Configuration {
    try ConfigLoader.load(bytes: Array(text.utf8), file: ".policylint.yml", directory: directory)
}

/// Settings from configuration text and flags, with the built-in packs.
func settings(_ text: String, _ commandLine: CommandLineSettings = CommandLineSettings(), directory: String = "/project") throws -> LintSettings {
    try LintSettings.load(configuration: try configuration(text, directory: directory), commandLine: commandLine)
}

/// Asserts that `body` throws an InputError at `line:column` whose message contains `contains`.
func assertConfigError(_ body: @autoclosure () throws -> Any, line: Int, column: Int, contains: String,
                       file: StaticString = #filePath, testLine: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error containing '\(contains)'", file: file, line: testLine)
    } catch let e as InputError {
        XCTAssertEqual([e.line, e.column], [line, column], "position of: \(e.rendered)", file: file, line: testLine)
        XCTAssertTrue(e.message.contains(contains), "message: \(e.message)", file: file, line: testLine)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: testLine)
    }
}

/// A policy whose first response is `hours` hours and whose terms say `terms`.
func supportPolicy(hours: Int = 48, terms: String = "We answer every message.", language: String? = nil) -> String {
    """
    policy:
      name: Test
    \(language.map { "  language: \($0)\n" } ?? "")support:
      channels: [email]
      first_response: \(hours) hours
    terms:
      - id: t
        text: \(terms)
    """
}
