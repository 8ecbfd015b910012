import Foundation
import PolicyLint
@testable import PolicyReport
import XCTest

/// `policylint report` writes its report from a row per file and each file's details read back
/// from a spool (`AuditWriter`): the result must be the report rendered from the whole run.
final class AuditWriterTests: XCTestCase {
    /// The examples, a file that does not parse, a policy twice (two files of equal grade and
    /// points: input order decides) and a policy with no finding, in an order the report changes.
    func fixtureRun() throws -> LintRun {
        var run = try AuditFixture.examplesRun()
        let extra = try AuditFixture.run("policy: [broken\n", file: "broken.yaml").results
            + AuditFixture.run("policy:\n  name: Twin\n", file: "twin-a.yaml").results
            + AuditFixture.run("policy:\n  name: Twin\n", file: "twin-b.yaml").results
        run.results = extra + run.results
        run.errors = [InputError(file: "missing/", message: "no such file or folder")]
        return run
    }

    /// Streams `run` through a writer keeping at most `memoryLimit` bytes of details in memory.
    func streamed(_ run: LintRun, memoryLimit: Int, formats: Set<AuditWriter.Format> = [.html, .markdown])
        -> (html: String, markdown: String, summary: AuditSummary) {
        let writer = AuditWriter(memoryLimit: memoryLimit)
        for (i, r) in run.results.enumerated() {
            writer.add(AuditWriter.part(r, index: i, rule: run.rule, scale: .standard, formats: formats))
        }
        let summary = writer.summary(title: "Audit", generated: AuditFixture.date, toolVersion: run.toolVersion,
                                     ruleCount: run.rules.count, errors: run.errors)
        func text(_ format: AuditWriter.Format) -> String {
            var bytes: [UInt8] = []
            XCTAssertTrue(writer.write(format, summary) { bytes += $0 })
            return String(decoding: bytes, as: UTF8.self)
        }
        return (text(.html), text(.markdown), summary)
    }

    func testStreamedReportIsTheReportOfTheWholeRun() throws {
        let run = try fixtureRun()
        let whole = AuditReport(run: run, title: "Audit", generated: AuditFixture.date)
        let html = HTMLReport().render(whole), markdown = MarkdownReport().render(whole)
        // 64 bytes: nearly every policy's details go through the spool's file; 8 MB: none do.
        for limit in [64, 8 << 20] {
            let s = streamed(run, memoryLimit: limit)
            XCTAssertEqual(s.html, html, "HTML, memory limit \(limit)")
            XCTAssertEqual(s.markdown, markdown, "Markdown, memory limit \(limit)")
        }
        // The twins keep their input order, and the broken file comes last.
        let files = streamed(run, memoryLimit: 64).summary.rows.map(\.file)
        XCTAssertLessThan(try XCTUnwrap(files.firstIndex(of: "twin-a.yaml")), try XCTUnwrap(files.firstIndex(of: "twin-b.yaml")))
        XCTAssertEqual(files.last, "broken.yaml")
        XCTAssertEqual(files, whole.policies.map(\.file))
    }

    func testSummaryCountsWhatTheWholeReportCounts() throws {
        let run = try fixtureRun()
        let whole = AuditReport(run: run, title: "Audit", generated: AuditFixture.date)
        let s = streamed(run, memoryLimit: 1 << 20).summary
        XCTAssertEqual(s.grade, whole.grade)
        XCTAssertEqual(s.summarySentence, whole.summarySentence)
        XCTAssertEqual(s.inputErrors.map(\.rendered), whole.inputErrors.map(\.rendered))
        for severity in [Severity.error, .warning, .info] { XCTAssertEqual(s.count(severity), whole.count(severity)) }
        XCTAssertEqual(s.categoryCounts.map(\.category), whole.categoryCounts.map(\.category))
        XCTAssertEqual(s.categoryCounts.map(\.count), whole.categoryCounts.map(\.count))
        XCTAssertGreaterThan(s.count(.error), 0)
    }

    func testOnlyTheFormatsAskedForAreRendered() throws {
        let run = try AuditFixture.examplesRun()
        let part = AuditWriter.part(run.results[1], index: 1, rule: run.rule, scale: .standard, formats: [.html])
        XCTAssertTrue(String(decoding: part.html, as: UTF8.self).hasPrefix("<article class=\"policy\" id=\"policy-2\""))
        XCTAssertTrue(part.markdown.isEmpty)
    }

    func testAnEmptyRun() throws {
        let run = LintRun(results: [], rules: [], toolVersion: "1")
        let whole = AuditReport(run: run, title: "Audit", generated: AuditFixture.date)
        let s = streamed(run, memoryLimit: 64)
        XCTAssertEqual(s.html, HTMLReport().render(whole))
        XCTAssertEqual(s.markdown, MarkdownReport().render(whole))
        XCTAssertTrue(s.html.contains("No policy could be graded."))
    }
}
