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

    /// A named pipe is written into, not replaced by a regular file (a rename would do that).
    func testANamedPipeIsWrittenInPlace() throws {
        let fifo = path("pipe")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let received = LockedBytes()
        let reader = Thread {
            // Read to end of file with POSIX calls (Foundation sizes a read by the file's size, 0 here).
            var data = Data()
            let fd = open(fifo, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while fd >= 0 {
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { break }
                data.append(contentsOf: buffer[..<n])
            }
            if fd >= 0 { close(fd) }
            received.set(data)
        }
        reader.start()
        try StagedFiles.write("{\"findings\": []}\n", to: fifo)
        XCTAssertTrue(received.wait(seconds: 10), "the reader got end of file")
        XCTAssertEqual(String(decoding: received.value, as: UTF8.self), "{\"findings\": []}\n")
        XCTAssertEqual(fileType(fifo), S_IFIFO, "still a pipe")
        XCTAssertEqual(ReportFixture.listing(folder), ["pipe"], "no temporary file beside it")
    }

    /// `-o /dev/null`: a character device stays one (as root a rename would replace it).
    func testADeviceIsWrittenInPlace() throws {
        defer { PolicyTestDevices.restoreDevNullIfReplaced() }
        try StagedFiles.write("{}\n", to: "/dev/null")
        let staged = StagedFiles()
        let file = try staged.open(for: "/dev/null")
        try file.write(Array("{}\n".utf8))
        try file.close()
        XCTAssertEqual(staged.temporaryFiles, [], "nothing staged to rename")
        try staged.commit()
        XCTAssertEqual(fileType("/dev/null"), S_IFCHR)
    }

    /// A report path that is a symbolic link stays a link; the file it points to is replaced,
    /// staged beside that file.
    func testASymbolicLinkStaysALink() throws {
        try FileManager.default.createDirectory(atPath: path("real"), withIntermediateDirectories: true)
        try "old\n".write(toFile: path("real/r.json"), atomically: true, encoding: .utf8)
        XCTAssertEqual(symlink("real/r.json", path("r.json")), 0)
        let staged = StagedFiles(unnamedFiles: false)
        try staged.stage("new\n", for: path("r.json"))
        XCTAssertEqual(ReportFixture.listing(folder.appendingPathComponent("real")).count, 2, "staged beside the real file")
        try staged.commit()
        XCTAssertEqual(fileType(path("r.json"), follow: false), S_IFLNK)
        XCTAssertEqual(try String(contentsOfFile: path("real/r.json"), encoding: .utf8), "new\n")
        XCTAssertEqual(ReportFixture.listing(folder), ["r.json", "real"])
        XCTAssertEqual(ReportFixture.listing(folder.appendingPathComponent("real")), ["r.json"])
    }

    func fileType(_ path: String, follow: Bool = true) -> mode_t? {
        var st = stat()
        guard (follow ? stat(path, &st) : lstat(path, &st)) == 0 else { return nil }
        return st.st_mode & S_IFMT
    }

    func currentUmask() -> mode_t {
        let m = umask(0)
        umask(m)
        return m
    }
}

/// Bytes handed from a reader thread, with a wait for them.
final class LockedBytes: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: Data?

    func set(_ data: Data) {
        condition.lock(); bytes = data; condition.broadcast(); condition.unlock()
    }

    func wait(seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock(); defer { condition.unlock() }
        while bytes == nil { if !condition.wait(until: deadline) { return false } }
        return true
    }

    var value: Data { condition.lock(); defer { condition.unlock() }; return bytes ?? Data() }
}

/// Tests write to `/dev/null` and `/dev/stdout`; if a regression replaced either with a regular
/// file (possible as root), put it back so the rest of the machine keeps working, and let the
/// test fail.
enum PolicyTestDevices {
    static func restoreDevNullIfReplaced() {
        guard geteuid() == 0 else { return }
        var st = stat()
        if stat("/dev/null", &st) == 0, st.st_mode & S_IFMT != S_IFCHR {
            unlink("/dev/null")
            mknod("/dev/null", S_IFCHR | 0o666, dev_t(1 << 8 | 3))  // makedev(1, 3)
            chmod("/dev/null", 0o666)
        }
        if lstat("/dev/stdout", &st) == 0, st.st_mode & S_IFMT == S_IFREG {
            unlink("/dev/stdout")
            symlink("/proc/self/fd/1", "/dev/stdout")
        }
    }
}
