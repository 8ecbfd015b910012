import Foundation
@testable import PolicyReport
import XCTest

/// Reports are written atomically: a temporary file in the same folder, renamed over the target.
final class AuditWriteTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-write-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

    func testWritesANewFileReadableByOthers() throws {
        let path = folder.appendingPathComponent("report.html").path
        try StagedFiles.write("<p>é</p>\n", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "<p>é</p>\n")
        XCTAssertEqual(try entries(), ["report.html"], "no temporary file left behind")
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o044, 0o044 & ~Int(currentUmask()), "readable by group and others unless the umask says no")
    }

    func testReplacesAnExistingFileKeepingItsMode() throws {
        let path = folder.appendingPathComponent("report.md").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try StagedFiles.write("new", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, 0o600)
        XCTAssertEqual(try entries(), ["report.md"])
    }

    func testFailsClearlyWithoutTouchingAnything() throws {
        let missing = folder.appendingPathComponent("no/such/folder/report.html").path
        XCTAssertThrowsError(try StagedFiles.write("x", to: missing)) { error in
            XCTAssertTrue(String(describing: error).contains("does not exist"), "\(error)")
        }
        let sub = folder.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
        XCTAssertThrowsError(try StagedFiles.write("x", to: sub.path)) { error in
            XCTAssertTrue(String(describing: error).contains("is a folder"), "\(error)")
        }
        XCTAssertEqual(try entries(), ["sub"])
    }

    func currentUmask() -> mode_t {
        let m = umask(0)
        umask(m)
        return m
    }
}
