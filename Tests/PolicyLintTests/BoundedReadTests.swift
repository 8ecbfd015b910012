import Foundation
@testable import PolicyLint
import PolicyYAML
import XCTest

/// `BoundedRead.read` on a pipe: the first buffer (sized by `expecting`) fills, and the rest
/// comes through the doubling path, up to the end or the limit.
final class BoundedReadTests: XCTestCase {
    /// Writes `data` into a pipe from another thread and reads it back with `read`.
    private func readThroughPipe(_ data: [UInt8], limit: Int, expecting: Int) -> (bytes: [UInt8], failure: Int32?) {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let writer = Thread {
            data.withUnsafeBytes { raw in
                var sent = 0
                while sent < raw.count {
                    let n = write(writeEnd, raw.baseAddress! + sent, raw.count - sent)
                    if n <= 0 { break }
                    sent += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(readEnd) }
        return BoundedRead.read(readEnd, upTo: limit, expecting: expecting)
    }

    private func pattern(_ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

    func testReadsPastTheFirstBufferToTheEnd() {
        for (size, expecting) in [(0, 1), (1, 1), (5, 1), (4096, 16), (100_000, 1), (100_000, 100_001)] {
            let data = pattern(size)
            let (bytes, failure) = readThroughPipe(data, limit: 1 << 20, expecting: expecting)
            XCTAssertNil(failure)
            XCTAssertEqual(bytes, data, "size \(size), expecting \(expecting)")
        }
    }

    func testStopsAtTheLimit() {
        let data = pattern(50_000)
        let (bytes, failure) = readThroughPipe(data, limit: 10_001, expecting: 3)
        XCTAssertNil(failure)
        XCTAssertEqual(bytes, Array(data[..<10_001]))
    }

    func testAReadThatFailsReturnsItsErrno() {
        let (bytes, failure) = BoundedRead.read(-1, upTo: 100, expecting: 10)
        XCTAssertEqual(bytes, [])
        XCTAssertEqual(failure, EBADF)
    }


    /// A policy file read by `Linter.readFile` has zeros after its text in the array's spare
    /// room, so `SourceText` keeps the very same array (no copy of the file) and libyaml reads
    /// it in place (`LibYAMLDirectInput`); so does a text read through a pipe.
    func testAFileReadIsKeptInPlaceWithoutACopy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("boundedread-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Sizes around the allocator's rounding: some leave no spare byte but those asked for.
        for size in [1, 7, 8, 4096 - 32, 4096, 65_536, 200_003] {
            let text = [UInt8](repeating: UInt8(ascii: "a"), count: size - 1) + [0x0A]
            let path = dir.appendingPathComponent("p\(size).yaml").path
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text)))
            let bytes = try Linter(engine: Engine(ruleSet: RuleSet(rules: []))).readFile(path)
            XCTAssertEqual(bytes, text)
            let source = try SourceText(decoding: bytes)
            XCTAssertEqual(source.bytes.withUnsafeBufferPointer { $0.baseAddress }, bytes.withUnsafeBufferPointer { $0.baseAddress },
                           "size \(size): the text was copied")
            XCTAssertTrue(YAMLParser.readsInPlace(source), "size \(size)")
            let piped = readThroughPipe(text, limit: 1 << 20, expecting: 100).bytes
            XCTAssertTrue(YAMLParser.readsInPlace(try SourceText(decoding: piped)), "size \(size), through a pipe")
            // Configuration files, baselines and rule packs (`regularFile`), and standard input.
            let other = try BoundedRead.regularFile(path, noun: "file")
            let otherSource = try SourceText(decoding: other)
            XCTAssertEqual(otherSource.bytes.withUnsafeBufferPointer { $0.baseAddress }, other.withUnsafeBufferPointer { $0.baseAddress },
                           "size \(size): regularFile's text was copied")
            XCTAssertTrue(YAMLParser.readsInPlace(otherSource))
        }
    }
}
