import Foundation
import PolicyLint
@testable import PolicyReport
import XCTest

/// The Markdown report: the same content as the HTML one, GitHub-flavoured, escaped.
final class AuditMarkdownTests: XCTestCase {
    func testSameContentAsTheHTMLReport() throws {
        let run = try AuditFixture.examplesRun()
        let report = AuditReport(run: run, generated: AuditFixture.date)
        let md = MarkdownReport().render(report)
        XCTAssertTrue(md.hasPrefix("# Customer policy audit\n\n**Overall grade: C** · \(Grade.c.verdict)"))
        XCTAssertTrue(md.contains("| 1 March 2026, 09:30 UTC | 5 | \(run.rules.count) | policylint 9.9.9 |"))
        XCTAssertTrue(md.contains("| Errors | 4 |"))
        XCTAssertTrue(md.contains("| Warnings | 13 |"))
        for p in report.policies {
            XCTAssertTrue(md.contains("| **\(p.grade!)** | [\(p.name)](#\(p.anchor)) | `\(p.file)` | \(p.count(.error)) | \(p.count(.warning)) | \(p.count(.info)) | \(p.points) |"), p.file)
            XCTAssertTrue(md.contains("<a id=\"\(p.anchor)\"></a>\n\n### \(p.grade!) · \(p.name)"), p.file)
        }
        for (category, n) in report.categoryCounts { XCTAssertTrue(md.contains("| `\(category)` | \(n) |"), category) }
        for f in report.findings {
            let at = "`\(f.finding.file):\(f.finding.line):\(f.finding.column)`"
            XCTAssertTrue(md.contains(f.isAbsence ? "Not stated anywhere in this policy (reported at \(at)" : "At \(at)"), f.finding.rule)
            XCTAssertTrue(md.contains("(`\(f.finding.rule)`)"), f.finding.rule)
            XCTAssertTrue(md.contains("**Why it matters:**"))
        }
        XCTAssertEqual(md.components(separatedBy: "##### ").count - 1, run.findings.count, "one heading per finding")
        XCTAssertEqual(md.components(separatedBy: "| | The claim | The denial |").count - 1, 2, "two conflicts side by side")
        XCTAssertTrue(md.contains("| Words | **Satisfaction guaranteed** | **All sales are final** |"))
        XCTAssertTrue(md.contains("No findings: every rule passed."))
        XCTAssertTrue(md.contains("## How grades are computed"))
        // Long sections are folded, and every fold is closed.
        XCTAssertEqual(md.components(separatedBy: "<details>").count, md.components(separatedBy: "</details>").count)
        XCTAssertGreaterThanOrEqual(md.components(separatedBy: "<details>").count - 1, 5)
        AuditMarkdownTests.assertTablesAreRectangular(md)
    }

    func testSourceBlockUnderlinesTheWords() throws {
        let report = AuditReport(run: try AuditFixture.examplesRun(), generated: AuditFixture.date)
        let md = MarkdownReport().render(report)
        XCTAssertTrue(md.contains("""
        ```text
        25 | window: 14 days
           |         ^~~~~~~
        ```
        """), md)
    }

    func testUntrustedTextIsEscaped() throws {
        let run = try AuditFixture.run(AuditHostile.policy, file: AuditHostile.file)
        let md = MarkdownReport().render(AuditReport(run: run, title: "Audit <b>&</b>", generated: AuditFixture.date))
        let prose = AuditMarkdownTests.withoutCode(md)
        // Outside code, the only HTML is the report's own.
        var rest = prose[...]
        while let lt = rest.firstIndex(of: "<") {
            let tail = rest[lt...]
            let allowed = ["<details>", "</details>", "<summary>", "</summary>", "<a id=\"policy-", "</a>"]
            XCTAssertTrue(allowed.contains { tail.hasPrefix($0) }, "raw HTML: \(tail.prefix(40))")
            rest = rest[rest.index(after: lt)...]
        }
        XCTAssertTrue(md.contains("&lt;script&gt;alert('name')&lt;/script&gt; &amp; Sons"))
        XCTAssertTrue(md.contains("# Audit &lt;b&gt;&amp;&lt;/b&gt;"))
        XCTAssertFalse(prose.contains("[link](javascript"), "no live link from policy text")
        AuditMarkdownTests.assertTablesAreRectangular(md)
    }

    func testEscapeMarkdown() {
        XCTAssertEqual(Escape.markdown("*a* _b_ [c](d) `e` | <f> & #g \\ ~h~ !i $5\nnext"),
                       "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\| &lt;f&gt; &amp; \\#g \\\\ \\~h\\~ \\!i \\$5 next")
        XCTAssertEqual(Escape.markdownCode("a|b"), "`a\\|b`")
        XCTAssertEqual(Escape.markdownCode("x `y` z"), "``x `y` z``")
        XCTAssertEqual(Escape.markdownCode("`edge"), "`` `edge ``")
        XCTAssertEqual(Escape.markdownFence(for: "no ticks"), "```")
        XCTAssertEqual(Escape.markdownFence(for: "a ```` b"), "`````")
        XCTAssertEqual(Escape.markdownProse("Add `if_missed:` now"), "Add `if_missed:` now")
        XCTAssertEqual(Escape.markdownProse("odd ` *x*"), "odd \\` \\*x\\*")
    }

    func testFencedSourceCannotBeClosedByThePolicy() throws {
        let yaml = "policy:\n  name: Fence\nterms:\n  - id: t\n    text: \"```` We reply as soon as possible. ````\"\n"
        let run = try AuditFixture.run(yaml, file: "fence.yaml")
        XCTAssertTrue(run.findings.contains { $0.rule == "vague-commitment" })
        let md = MarkdownReport().render(AuditReport(run: run, generated: AuditFixture.date))
        // The source block's fence is longer than the policy's run of four backticks.
        XCTAssertTrue(md.contains("`````text\n5 | text: \"```` We reply as soon as possible. ````\"\n"), md)
        XCTAssertFalse(AuditMarkdownTests.withoutCode(md).contains("as soon as possible. ````"))
    }

    /// Drops fenced blocks and code spans, which GFM shows literally.
    static func withoutCode(_ md: String) -> String {
        var out = ""
        var fence: String?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            let ticks = line.prefix { $0 == "`" }
            if let f = fence {
                if ticks.count >= f.count, line.allSatisfy({ $0 == "`" }) { fence = nil }
                continue
            }
            if ticks.count >= 3 { fence = String(ticks); continue }
            out += line + "\n"
        }
        var result = ""
        let chars = Array(out)
        var i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count { result.append(chars[i]); result.append(chars[i + 1]); i += 2; continue }
            if chars[i] == "`" {
                var n = 0
                while i + n < chars.count, chars[i + n] == "`" { n += 1 }
                var j = i + n
                var closed: Int?
                while j < chars.count {
                    if chars[j] == "`" {
                        var m = 0
                        while j + m < chars.count, chars[j + m] == "`" { m += 1 }
                        if m == n { closed = j + m; break }
                        j += m
                    } else { j += 1 }
                }
                if let c = closed { i = c; result += "CODE"; continue }
            }
            result.append(chars[i]); i += 1
        }
        return result
    }

    /// Every row of a table has as many cells as its header (`\|` does not split a cell).
    static func assertTablesAreRectangular(_ md: String, file: StaticString = #filePath, line: UInt = #line) {
        func cells(_ row: Substring) -> Int {
            var n = 0, prev: Character = " "
            for c in row { if c == "|", prev != "\\" { n += 1 }; prev = c }
            return n
        }
        var expected: Int?
        for row in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard row.hasPrefix("|") else { expected = nil; continue }
            if let e = expected { XCTAssertEqual(cells(row), e, String(row), file: file, line: line) } else { expected = cells(row) }
        }
    }
}
