import Foundation
import PolicyLint
@testable import PolicyReport
import XCTest

/// The HTML report: well-formed (parsed as XML), self-contained, complete, and escaped.
final class AuditHTMLTests: XCTestCase {
    func examples() throws -> (LintRun, AuditReport, String) {
        let run = try AuditFixture.examplesRun()
        let report = AuditReport(run: run, generated: AuditFixture.date)
        return (run, report, HTMLReport().render(report))
    }

    func testIsWellFormedWithSemanticStructure() throws {
        let (run, report, html) = try examples()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\""))
        let outline = try XCTUnwrap(XMLOutline.parse(html))
        XCTAssertEqual(outline.all("h1").count, 1)
        XCTAssertEqual(outline.all("main").count, 1)
        XCTAssertEqual(outline.all("header", class: "masthead").count, 1)
        XCTAssertEqual(outline.all("h3").filter { $0.attributes["id"]?.hasPrefix("policy-") == true }.count, report.policies.count,
                       "one heading per policy")
        XCTAssertEqual(outline.all("article", class: "policy").map { $0.attributes["id"]! }, report.policies.map(\.anchor))
        XCTAssertEqual(outline.all("article", class: "finding").count, run.findings.count, "one card per finding")
        let conflicts = run.findings.filter { !$0.related.isEmpty }.count
        XCTAssertEqual(conflicts, 2)
        XCTAssertEqual(outline.all("div", class: "conflict").count, conflicts)
        XCTAssertEqual(outline.all("div", class: "claim").count, conflicts)
        XCTAssertEqual(outline.all("div", class: "denial").count, conflicts)
        // Every table header cell has a scope; links point at policy sections that exist.
        XCTAssertTrue(outline.all("th").allSatisfy { $0.attributes["scope"] == "col" })
        let anchors = Set(report.policies.map { "#" + $0.anchor })
        let links = outline.all("a").compactMap { $0.attributes["href"] }
        XCTAssertEqual(Set(links), anchors)
        for h in ["Summary", "At a glance", "Policies", "Findings by policy", "How grades are computed"] {
            XCTAssertTrue(outline.text.contains(h), h)
        }
    }

    func testHeaderGradeAndCounts() throws {
        let (_, report, html) = try examples()
        XCTAssertTrue(html.contains("<title>Customer policy audit · grade C</title>"))
        XCTAssertTrue(html.contains("<time datetime=\"2026-03-01T09:30:00Z\">1 March 2026, 09:30 UTC</time>"))
        XCTAssertTrue(html.contains("<dt>Policies</dt><dd>5</dd>"))
        XCTAssertTrue(html.contains("<dt>Tool</dt><dd>policylint 9.9.9</dd>"))
        XCTAssertTrue(html.contains("class=\"badge xl grade-C\" role=\"img\" aria-label=\"Grade C\""))
        XCTAssertTrue(html.contains("<p class=\"verdict\">\(Grade.c.verdict)</p>"))
        XCTAssertTrue(html.contains("<dt>Errors</dt><dd>\(report.count(.error))</dd>"))
        XCTAssertTrue(html.contains("<dt>Warnings</dt><dd>\(report.count(.warning))</dd>"))
        XCTAssertTrue(html.contains("<dt>Notes</dt><dd>0</dd>"))
        // The policy table lists every file, worst first, each with its grade badge.
        let outline = try XCTUnwrap(XMLOutline.parse(html))
        let rows = outline.all("td", class: "grade").count
        XCTAssertEqual(rows, report.policies.count)
        var position = html.startIndex
        for p in report.policies {
            let row = "aria-label=\"Grade \(p.grade!)\" title=\"Grade \(p.grade!)\">\(p.grade!)</span></td><td class=\"name\"><a href=\"#\(p.anchor)\">"
            let found = try XCTUnwrap(html.range(of: row, range: position..<html.endIndex), "\(p.file) row in order")
            position = found.upperBound
        }
    }

    func testChartsAreInlineSVGWithTextLabels() throws {
        let (_, report, html) = try examples()
        let outline = try XCTUnwrap(XMLOutline.parse(html))
        let charts = outline.all("svg")
        XCTAssertEqual(charts.count, 3)
        XCTAssertTrue(charts.allSatisfy { $0.attributes["role"] == "img" && $0.attributes["aria-label"] != nil })
        XCTAssertTrue(html.contains("aria-label=\"Findings by severity: Errors: 4, Warnings: 13, Notes: 0\""))
        XCTAssertTrue(html.contains("aria-label=\"Policies by grade: Grade A: 1, Grade B: 0, Grade C: 2, Grade D: 2, Grade E: 0\""))
        // One bar per category with a count, and each label is written as text.
        XCTAssertEqual(outline.all("rect", class: "cat").count, report.categoryCounts.count)
        for (category, n) in report.categoryCounts {
            XCTAssertTrue(html.contains(">\(Lessons.humanize(category))</text>"), category)
            XCTAssertTrue(html.contains("\(category): \(n)"), category)
        }
    }

    func testEveryFindingIsShownWithItsExplanation() throws {
        let (run, report, html) = try examples()
        let outline = try XCTUnwrap(XMLOutline.parse(html))
        for f in report.findings {
            let at = "\(f.finding.file):\(f.finding.line):\(f.finding.column)"
            XCTAssertTrue(outline.text.contains(at), at)
            XCTAssertTrue(outline.text.contains(f.ruleTitle), f.ruleTitle)
            XCTAssertTrue(html.contains("<code class=\"rule\">\(f.finding.rule)</code>"), f.finding.rule)
            if f.finding.message != f.ruleTitle { XCTAssertTrue(outline.text.contains(f.finding.message), f.finding.message) }
            let why = try XCTUnwrap(f.why), fix = try XCTUnwrap(f.fix)
            XCTAssertTrue(outline.text.contains(why.replacingOccurrences(of: "`", with: "")), why)
            XCTAssertTrue(outline.text.contains(fix.replacingOccurrences(of: "`", with: "")), fix)
            if let words = f.excerpt?.highlightedText, !words.isEmpty {
                XCTAssertTrue(html.contains("<mark>\(Escape.html(words))</mark>"), words)
            }
            for r in f.related { XCTAssertTrue(outline.text.contains("\(r.location.file):\(r.location.line):\(r.location.column)")) }
        }
        XCTAssertEqual(report.findings.count, run.findings.count)
        XCTAssertTrue(html.contains("<mark>All sales are final</mark>"))
        XCTAssertTrue(html.contains("<mark>Satisfaction guaranteed</mark>"))
        XCTAssertTrue(html.contains("No findings: every rule passed."))
        // An explanation shared by findings of one rule is printed once per lesson, then referred to.
        let repeats = report.policies.flatMap(\.groups).reduce(0) { $0 + $1.findings.count - Set($1.findings.map(\.adviceKey)).count }
        XCTAssertEqual(repeats, 2, "optician.yaml blames the lab twice; restaurant.yaml offers a free meal twice")
        XCTAssertEqual(html.components(separatedBy: "<p class=\"see-above\">").count - 1, repeats)
        // Something the policy never says has no words to quote.
        let absent = report.findings.filter(\.isAbsence)
        XCTAssertEqual(Set(absent.map(\.finding.rule)), ["missing-delay-notice", "missing-refund-guarantee", "missing-complaint-process"])
        XCTAssertTrue(absent.allSatisfy { $0.excerpt == nil })
        XCTAssertEqual(html.components(separatedBy: "<p class=\"absent\">Not stated anywhere in this policy.</p>").count - 1, absent.count)
    }

    func testSelfContainedAndPrintable() throws {
        let (_, _, html) = try examples()
        for forbidden in ["<script", "<link", "<img", "<iframe", " src=", "@import", "@font-face", "url(", "https://", "//fonts."] {
            XCTAssertFalse(html.contains(forbidden), forbidden)
        }
        // The only URLs are XML namespace names, which nothing fetches.
        let urls = html.components(separatedBy: "http://").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(Set(urls), ["www.w3.org/1999/xhtml", "www.w3.org/2000/svg"])
        XCTAssertTrue(HTMLStyle.css.contains("@media print"))
        XCTAssertTrue(HTMLStyle.css.contains("print-color-adjust: exact"))
        XCTAssertTrue(HTMLStyle.css.contains("break-inside: avoid"))
    }

    func testUntrustedTextIsEscaped() throws {
        let run = try AuditFixture.run(AuditHostile.policy, file: AuditHostile.file)
        XCTAssertTrue(run.findings.contains { !$0.related.isEmpty }, "the hostile policy has a conflict, so both sides are rendered")
        let html = HTMLReport().render(AuditReport(run: run, title: "Audit <b>&</b> \"co\"", generated: AuditFixture.date))
        let outline = try XCTUnwrap(XMLOutline.parse(html))
        let names = Set(outline.elements.map(\.name))
        for tag in ["script", "img", "b", "iframe"] { XCTAssertFalse(names.contains(tag), tag) }
        XCTAssertEqual(outline.all("style").count, 1)
        XCTAssertEqual(html.components(separatedBy: "</style>").count, 2, "only the report's own style element closes")
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<!-- x"))
        // The hostile strings are there, as text.
        for text in ["<script>alert('name')</script> & Sons", "</style><script>steal()</script>", "<img src=x onerror=alert(1)>",
                     "Audit <b>&</b> \"co\"", AuditHostile.file, "1 ]]> <!-- x", "ops@evil.example </style><style>body{display:none}</style>"] {
            XCTAssertTrue(outline.text.contains(text), text)
        }
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; &amp; Sons"))
    }

    func testEscapeHTML() {
        XCTAssertEqual(Escape.html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        XCTAssertEqual(Escape.html("tab\tok\u{1}\u{7F}\u{9F}\u{85}\u{FFFE}é"), "tab\tok\u{FFFD}\u{FFFD}\u{FFFD}\u{85}\u{FFFD}é")
        XCTAssertEqual(HTMLReport().prose("Add `if_missed:` & <b>"), "Add <code>if_missed:</code> &amp; &lt;b&gt;")
        XCTAssertEqual(HTMLReport().prose("odd ` tick"), "odd ` tick")
    }
}

/// A policy written to break out of the report: markup in names, prose, file name and metadata.
enum AuditHostile {
    static let file = "evil<img src=x>&\"q\".yaml"
    static let policy = """
    policy:
      name: "<script>alert('name')</script> & Sons"
      owner: "ops@evil.example </style><style>body{display:none}</style>"
      version: "1 ]]> <!-- x"
    refunds:
      guarantee: "Satisfaction guaranteed <b>bold</b> | `tick` *star* [link](javascript:alert(1)) $5"
      window: 30 days
      processing: 5 days
    terms:
      - id: sale
        text: "</style><script>steal()</script> All sales are final. <img src=x onerror=alert(1)>"

    """
}
