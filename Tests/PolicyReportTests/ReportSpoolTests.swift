import Foundation
@testable import PolicyLint
@testable import PolicyReport
import XCTest

/// JUnit holds its test suites back until their totals are known (the totals come first). The
/// spool keeps them out of memory past a limit; these check that every byte comes back, in
/// order, and that a report spilled to the file is the report kept in memory.
final class ReportSpoolTests: XCTestCase {
    func testBytesComeBackInOrderInBoundedPieces() {
        let spool = ReportSpool(memoryLimit: 1_000)
        var expected: [UInt8] = []
        var generator = SystemRandomNumberGenerator()
        var mostInMemory = 0
        // 3.5 MB in pieces of 0 to 20,000 bytes: past the limit many times, and past the size of
        // a drained piece.
        while expected.count < 3_500_000 {
            let chunk = (0..<Int.random(in: 0...20_000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            spool.append(chunk)
            expected += chunk
            mostInMemory = max(mostInMemory, spool.inMemory)
        }
        XCTAssertLessThan(mostInMemory, 1_000 + 20_000) // the rest went to the file
        XCTAssertEqual(spool.count, expected.count)
        var back: [UInt8] = []
        var largest = 0
        XCTAssertTrue(spool.drain { back += $0; largest = max(largest, $0.count) })
        XCTAssertEqual(back, expected)
        XCTAssertLessThanOrEqual(largest, ReportSpool.pieceSize)
        XCTAssertEqual(spool.count, 0)
        // Drained, it is empty and can be used again.
        spool.append([1, 2, 3])
        var again: [UInt8] = []
        spool.drain { again += $0 }
        XCTAssertEqual(again, [1, 2, 3])
    }

    /// An audit report reads its policies' blocks back in report order, not the order they came:
    /// blocks in the file, in memory and across the two, any number of times.
    func testBlocksReadBackInAnyOrder() {
        let spool = ReportSpool(memoryLimit: 5_000)
        var generator = SystemRandomNumberGenerator()
        var blocks: [(range: Range<Int>, bytes: [UInt8])] = []
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...3_000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            blocks.append((spool.appendBlock(bytes), bytes))
        }
        // A block of the limit's size sends what memory holds to the file, so a last block below
        // the limit then stays in memory. (The random blocks alone may leave memory within 100
        // bytes of the limit: a last small block appended right after them spilled too, about one
        // run in fifty.)
        let full = (0..<5_000).map { UInt8(truncatingIfNeeded: $0) }
        blocks.append((spool.appendBlock(full), full))
        XCTAssertEqual(spool.inMemory, 0, "a block of the limit's size goes to the file")
        blocks.append((spool.appendBlock(Array(repeating: 9, count: 100)), Array(repeating: 9, count: 100)))
        XCTAssertGreaterThan(spool.count - spool.inMemory, 0, "some blocks are in the file")
        XCTAssertEqual(spool.inMemory, 100, "and the last in memory")
        for k in blocks.indices.shuffled(using: &generator) + blocks.indices.reversed() {
            var back: [UInt8] = []
            XCTAssertTrue(spool.read(blocks[k].range) { back += $0 })
            XCTAssertEqual(back, blocks[k].bytes, "block \(k)")
        }
        // Appending after reading puts the bytes at the end, and they read back too.
        let last = spool.appendBlock(Array(repeating: 7, count: 9_000))
        var back: [UInt8] = []
        XCTAssertTrue(spool.read(last) { back += $0 })
        XCTAssertEqual(back, Array(repeating: 7, count: 9_000))
        var first: [UInt8] = []
        XCTAssertTrue(spool.read(blocks[0].range) { first += $0 })
        XCTAssertEqual(first, blocks[0].bytes)
    }

    func testBelowTheLimitNothingLeavesMemory() {
        let spool = ReportSpool(memoryLimit: 1 << 20)
        spool.append(Array("<testsuite/>".utf8))
        XCTAssertEqual(spool.inMemory, 12)
        var back = ""
        spool.drain { back += String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(back, "<testsuite/>")
    }

    /// The run of the examples with a file that could not be read and a path that was missing
    /// (`ReportFixture.mixedRun`): its suites spilled after 64 bytes, written in pieces as
    /// `policylint lint` writes them, equal the report made whole.
    func testJUnitSpilledToItsFileIsTheSameReport() throws {
        let run = try ReportFixture.mixedRun()
        let whole = JUnitReporter().render(run)
        var stream = JUnitReporter(spoolMemory: 64)
        let context = run.context
        var bytes = stream.begin(context)
        var largestSuite = 0, mostInMemory = 0
        for (i, r) in run.results.enumerated() {
            let suite = stream.chunk(r, rules: run.ruleIDs(forResult: i), context: context)
            largestSuite = max(largestSuite, suite.text.bytes.count)
            bytes += stream.add(suite)
            mostInMemory = max(mostInMemory, stream.suiteBytesInMemory)
        }
        XCTAssertLessThan(mostInMemory, 64 + largestSuite) // the rest went to the file
        let problem = stream.end(run.totals, context: context) { bytes += $0 }
        XCTAssertNil(problem)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), whole)
        XCTAssertGreaterThan(whole.utf8.count, 10_000) // so the spool did spill
    }

    /// Every format's `end` in pieces is its `end` in one array.
    func testEndInPiecesIsEndWhole() throws {
        let run = try ReportFixture.examplesRun()
        let context = run.context
        for format in ReportFormat.allCases {
            var outputs: [[UInt8]] = []
            for pieces in [false, true] {
                let stream = format.stream()
                var bytes = stream.begin(context)
                for (i, r) in run.results.enumerated() { bytes += stream.add(stream.chunk(r, rules: run.ruleIDs(forResult: i), context: context)) }
                if pieces {
                    XCTAssertNil(stream.end(run.totals, context: context) { bytes += $0 })
                } else {
                    bytes += stream.end(run.totals, context: context)
                }
                outputs.append(bytes)
            }
            XCTAssertEqual(outputs[0], outputs[1], format.rawValue)
        }
    }
}
