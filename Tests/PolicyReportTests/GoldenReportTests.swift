import Foundation
import PolicyLint
import PolicyReport
import XCTest

/// Every format on the examples, compared with `Golden/examples.*`.
///
/// When a change to rules, examples or a reporter is intended, regenerate the goldens and review
/// the diff: `POLICYLINT_UPDATE_GOLDEN=1 swift test --filter PolicyReportTests.GoldenReportTests`.
final class GoldenReportTests: XCTestCase {
    func golden(_ format: ReportFormat) throws {
        let run = try ReportFixture.examplesRun()
        try ReportFixture.assertGolden(format.render(run), "examples." + format.fileExtension)
    }

    func testText() throws { try golden(.text) }
    func testJSON() throws { try golden(.json) }
    func testSARIF() throws { try golden(.sarif) }
    func testJUnit() throws { try golden(.junit) }
    func testGitHub() throws { try golden(.github) }
    func testCheckstyle() throws { try golden(.checkstyle) }
    func testMarkdown() throws { try golden(.markdown) }

    /// Colour codes only where asked for.
    func testTextColour() throws {
        let run = try ReportFixture.examplesRun()
        XCTAssertFalse(ReportFormat.text.render(run).contains("\u{1B}["))
        XCTAssertTrue(ReportFormat.text.render(run, color: true).contains("\u{1B}[1;31merror"))
    }
}
