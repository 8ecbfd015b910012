import Foundation
import PolicyReport
import XCTest

final class ProgressDisplayTests: XCTestCase {
    func testOnlyOnATerminalOutsideCI() {
        let many = ProgressDisplay.minimumFiles
        XCTAssertTrue(ProgressDisplay.shouldShow(fileCount: many, stderrIsTerminal: true, environment: [:]))
        XCTAssertFalse(ProgressDisplay.shouldShow(fileCount: many, stderrIsTerminal: false, environment: [:]), "redirected")
        XCTAssertFalse(ProgressDisplay.shouldShow(fileCount: many, stderrIsTerminal: true, environment: ["CI": "true"]), "CI")
        XCTAssertFalse(ProgressDisplay.shouldShow(fileCount: many, stderrIsTerminal: true, environment: ["CI": "1"]))
        XCTAssertTrue(ProgressDisplay.shouldShow(fileCount: many, stderrIsTerminal: true, environment: ["CI": "false"]))
        XCTAssertFalse(ProgressDisplay.shouldShow(fileCount: many, stderrIsTerminal: true, environment: ["TERM": "dumb"]))
        XCTAssertFalse(ProgressDisplay.shouldShow(fileCount: many - 1, stderrIsTerminal: true, environment: [:]), "few files")
        XCTAssertFalse(ProgressDisplay.shouldShow(fileCount: many, stderrIsTerminal: true, environment: [:], disabled: true), "--no-progress")
    }

    func testRedrawsAndClears() {
        final class Sink: @unchecked Sendable {
            var text = ""
            let lock = NSLock()
            func add(_ s: String) { lock.lock(); text += s; lock.unlock() }
        }
        let sink = Sink()
        let p = ProgressDisplay(total: 40, interval: 3600) { sink.add($0) }
        p.update(1)
        p.update(2) // within the interval: not drawn
        p.update(40) // the last one always is
        p.finish()
        XCTAssertEqual(sink.text, "\r\u{1B}[Klinting 1/40 files (2%)\r\u{1B}[Klinting 40/40 files (100%)\r\u{1B}[K")
    }
}
