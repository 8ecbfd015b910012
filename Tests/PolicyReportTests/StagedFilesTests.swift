import Foundation
@testable import PolicyLint
import PolicyReport
import XCTest

/// Reports appear whole or not at all.
final class StagedFilesTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-staged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func testTargetUntouchedUntilCommit() throws {
        try "old report\n".write(toFile: path("r.json"), atomically: true, encoding: .utf8)
        let staged = StagedFiles()
        try staged.stage(for: path("r.json")) { (write: (ArraySlice<UInt8>) throws(StagedFiles.Failure) -> Void) throws(StagedFiles.Failure) in
            try write(ArraySlice(Array("{\"version\": 1,".utf8)))
            // Halfway through: the target still holds the old report, the new one is aside.
            XCTAssertEqual(try? String(contentsOfFile: self.path("r.json"), encoding: .utf8), "old report\n")
            try write(ArraySlice(Array(" \"findings\": []}\n".utf8)))
        }
        XCTAssertEqual(try String(contentsOfFile: path("r.json"), encoding: .utf8), "old report\n")
        XCTAssertEqual(staged.temporaryFiles.count, 1)
        XCTAssertTrue(staged.temporaryFiles[0].hasPrefix(folder.path + "/.r.json.policylint-"))
        try staged.commit()
        XCTAssertEqual(try String(contentsOfFile: path("r.json"), encoding: .utf8), "{\"version\": 1, \"findings\": []}\n")
        XCTAssertEqual(ReportFixture.listing(folder), ["r.json"], "no temporary file left")
    }

    /// `--write-baseline` renders the baseline straight into its temporary file; one over the
    /// size a baseline may be read back with leaves nothing and says how large it would be.
    func testABaselineIsStagedWithinItsLimitOnly() throws {
        let entries = (0..<300).map { i in
            Baseline.Entry(file: "p\(i % 7).yaml", rule: "long-sentence", path: "terms[\(i)].text",
                           fingerprint: String(format: "%016x", i), match: String(repeating: "word \"\(i)\" ", count: i % 50))
        }
        let baseline = Baseline(entries: entries, directory: folder.path)
        let text = baseline.rendered(toolVersion: "test")
        let size = text.utf8.count
        try "old baseline\n".write(toFile: path("b.json"), atomically: true, encoding: .utf8)

        let refused = StagedFiles()
        XCTAssertEqual(try refused.stage(baseline, toolVersion: "test", limit: size - 1, for: path("b.json")), .tooLarge(bytes: size))
        XCTAssertEqual(refused.temporaryFiles, [])
        try refused.commit()
        XCTAssertEqual(try String(contentsOfFile: path("b.json"), encoding: .utf8), "old baseline\n")
        XCTAssertEqual(ReportFixture.listing(folder), ["b.json"], "no temporary file left")

        let staged = StagedFiles()
        XCTAssertEqual(try staged.stage(baseline, toolVersion: "test", limit: size, for: path("b.json")), .staged(bytes: size))
        XCTAssertEqual(try String(contentsOfFile: path("b.json"), encoding: .utf8), "old baseline\n", "not before commit")
        try staged.commit()
        XCTAssertEqual(try String(contentsOfFile: path("b.json"), encoding: .utf8), text)
        XCTAssertEqual(ReportFixture.listing(folder), ["b.json"])
    }

    func testFailingWriterLeavesNothing() {
        let staged = StagedFiles()
        XCTAssertThrowsError(try staged.stage(for: path("r.sarif")) { (write: (ArraySlice<UInt8>) throws(StagedFiles.Failure) -> Void) throws(StagedFiles.Failure) in
            try write(ArraySlice(Array("{\"runs\": [".utf8)))
            throw StagedFiles.Failure(path: "r.sarif", reason: "renderer failed halfway")
        })
        XCTAssertEqual(ReportFixture.listing(folder), [], "neither the report nor its temporary file")
        XCTAssertTrue(staged.temporaryFiles.isEmpty)
    }

    func testAllOrNothingAcrossReports() throws {
        let staged = StagedFiles()
        try staged.stage("{}\n", for: path("a.json"))
        XCTAssertThrowsError(try staged.stage("<x/>\n", for: path("missing/b.xml")))
        staged.discard()
        XCTAssertEqual(ReportFixture.listing(folder), [], "the first report is not written when the second cannot be")
    }

    func testModeIsShareable() throws {
        try StagedFiles.write("x\n", to: path("r.txt"))
        let attrs = try FileManager.default.attributesOfItem(atPath: path("r.txt"))
        let mode = (attrs[.posixPermissions] as? Int) ?? 0
        XCTAssertEqual(mode, 0o666 & ~Int(currentUmask()), "as any new file under the umask, not mkstemp's 0600")
    }

    /// A report written while a run goes on has no name until it is complete, so a run killed
    /// halfway (even by SIGKILL) leaves nothing behind; closing names it, commit renames it.
    func testStreamedFileHasNoNameUntilClosed() throws {
        let staged = StagedFiles()
        let file = try staged.open(for: path("r.json"))
        try file.write(Array("{\"findings\": [".utf8))
        XCTAssertEqual(ReportFixture.listing(folder), [], "nothing visible while it is written")
        try file.write(Array("]}\n".utf8))
        try file.close()
        XCTAssertEqual(staged.temporaryFiles.count, 1)
        try staged.commit()
        XCTAssertEqual(try String(contentsOfFile: path("r.json"), encoding: .utf8), "{\"findings\": []}\n")
        XCTAssertEqual(ReportFixture.listing(folder), ["r.json"])
    }

    /// Where unnamed files are not available: a named temporary file from the start, removed
    /// when abandoned, renamed on commit.
    func testNamedTemporaryFileFallback() throws {
        let staged = StagedFiles(unnamedFiles: false)
        let abandoned = try staged.open(for: path("a.json"))
        XCTAssertEqual(staged.temporaryFiles.count, 1)
        XCTAssertEqual(ReportFixture.listing(folder).count, 1)
        abandoned.abandon()
        XCTAssertEqual(ReportFixture.listing(folder), [])
        XCTAssertTrue(staged.temporaryFiles.isEmpty)
        let file = try staged.open(for: path("b.json"))
        try file.write(Array("{}\n".utf8))
        try file.close()
        try staged.commit()
        XCTAssertEqual(ReportFixture.listing(folder), ["b.json"])
        XCTAssertEqual(try String(contentsOfFile: path("b.json"), encoding: .utf8), "{}\n")
    }

    func currentUmask() -> mode_t {
        let m = umask(0)
        umask(m)
        return m
    }
}
