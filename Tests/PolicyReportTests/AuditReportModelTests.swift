import PolicyLint
import PolicyYAML
@testable import PolicyReport
import XCTest

/// The report's data model on the bundled examples: grades, counts, grouping, excerpts.
final class AuditReportModelTests: XCTestCase {
    func testExamplesAreGraded() throws {
        let run = try AuditFixture.examplesRun()
        XCTAssertEqual(run.inputErrors.map(\.rendered), [])
        let report = AuditReport(run: run, generated: AuditFixture.date)
        let grades = Dictionary(uniqueKeysWithValues: report.policies.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0.grade) })
        XCTAssertEqual(grades["model-policy.yaml"], .a)
        XCTAssertEqual(grades["online-shop.yaml"], .d)   // 2 errors, 2 warnings: 26 points
        XCTAssertEqual(grades["optician.yaml"], .d)      // 2 errors, 3 warnings: 29 points
        XCTAssertEqual(grades["restaurant.yaml"], .c)    // 5 warnings: 15 points
        XCTAssertEqual(grades["support-desk.yaml"], .c)  // 3 warnings: 9 points
        XCTAssertEqual(report.grade, .c)
        // Every grade follows from the documented scale.
        for (p, r) in zip(report.policies, report.policies.map { p in run.results.first { $0.file == p.file }! }) {
            XCTAssertEqual(p.points, GradingScale.standard.points(r.findings), p.file)
            XCTAssertEqual(p.grade, GradingScale.standard.grade(r.findings), p.file)
        }
    }

    func testCountsMatchTheRun() throws {
        let run = try AuditFixture.examplesRun()
        let report = AuditReport(run: run, generated: AuditFixture.date)
        XCTAssertEqual(report.findings.count, run.findings.count)
        for s in Severity.allCases { XCTAssertEqual(report.count(s), run.totals.count(s)) }
        XCTAssertEqual(report.severityCounts.map(\.severity), [.error, .warning, .info])
        XCTAssertEqual(report.categoryCounts.reduce(0) { $0 + $1.count }, run.findings.count)
        XCTAssertEqual(report.categoryCounts.map(\.count), report.categoryCounts.map(\.count).sorted(by: >))
        XCTAssertEqual(report.gradeCounts.map(\.count), [1, 0, 2, 2, 0])
        XCTAssertEqual(report.ruleCount, run.rules.count)
    }

    /// Names, owners and versions come from the lint's parse; parsing the source again (what
    /// reports did before, and still do for imported prose) gives the same, with odd headers too.
    func testPolicyHeaderFromTheLintEqualsParsingAgain() throws {
        var results = try AuditFixture.examplesRun().results
        let odd = ["policy:\n  name: '  Spaced name \u{A0}'\n  owner: \"\"\n  version: 3\n",
                   "policy: [not, a, mapping]\n", "- a list\n", "---\n---\npolicy: {name: second}\n", "policy:\n  name: [x]\n"]
        let linter = Linter(engine: Engine(ruleSet: RuleSet(rules: [])))
        results += odd.enumerated().map { linter.lint(bytes: Array($1.utf8), file: "odd-\($0).yaml") }
        XCTAssertEqual(AuditReport.metadata(results[results.count - 5]).name, "Spaced name")
        for r in results {
            XCTAssertNotNil(r.header, r.file)
            var reparsed = r
            reparsed.header = nil
            let a = AuditReport.metadata(r), b = AuditReport.metadata(reparsed)
            XCTAssertEqual([a.name, a.owner, a.version], [b.name, b.owner, b.version], r.file)
        }
    }

    func testPoliciesAreWorstFirstWithNamesFromTheFile() throws {
        let report = AuditReport(run: try AuditFixture.examplesRun(), generated: AuditFixture.date)
        let ranks = report.policies.map { $0.grade!.rawValue }
        XCTAssertEqual(ranks, ranks.sorted(by: >))
        let shop = try XCTUnwrap(report.policies.first { $0.file.hasSuffix("online-shop.yaml") })
        XCTAssertEqual(shop.name, "Northwind Home shopping promise")
        XCTAssertEqual(shop.owner, "help@northwind-home.example")
        XCTAssertEqual(shop.version, "2025.11")
        XCTAssertEqual(Set(report.policies.map(\.anchor)).count, report.policies.count)
    }

    func testFindingsAreGroupedByLessonInOrder() throws {
        let report = AuditReport(run: try AuditFixture.examplesRun(), generated: AuditFixture.date)
        let shop = try XCTUnwrap(report.policies.first { $0.file.hasSuffix("online-shop.yaml") })
        XCTAssertEqual(shop.groups.map(\.lesson), ["L3", "L4"])
        XCTAssertEqual(shop.groups[0].title, "Say what you do, do what you say")
        XCTAssertEqual(shop.groups[0].categories, ["contradiction"])
        XCTAssertEqual(shop.groups.flatMap(\.findings).count, shop.findings.count)
        for p in report.policies {
            let lessons = p.groups.map { Lessons.order($0.lesson) }
            XCTAssertEqual(lessons, lessons.sorted(), p.file)
        }
    }

    func testThousandsOfFindingsAreGroupedInLinearTime() throws {
        // A group taken out of a dictionary, appended to and put back copied its findings each
        // time: 5,000 findings of one lesson took 3 s in a release build, 40,000 over 100 s.
        let n = 10_000
        let yaml = "policy:\n  name: x\nterms:\n" + String(repeating: "  - text: The company shall not be liable.\n", count: n)
        let rules = try AuditFixture.rules()
        var linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
        linter.maxFindingsPerFile = 10 * n
        let run = LintRun(results: [linter.lint(bytes: Array(yaml.utf8), file: "many.yaml")], rules: rules, toolVersion: "9.9.9")
        let start = Date()
        let report = AuditReport(run: run, generated: AuditFixture.date)
        let took = Date().timeIntervalSince(start)
        let policy = try XCTUnwrap(report.policies.first)
        XCTAssertEqual(policy.groups.flatMap(\.findings).count, policy.findings.count)
        XCTAssertGreaterThanOrEqual(policy.findings.count, 2 * n) // two rules a line at least
        // Every group holds the findings of its lesson, worst first, then by position.
        for g in policy.groups {
            XCTAssertEqual(g.findings.count, policy.findings.filter { ($0.lesson ?? "") == (g.lesson ?? "") }.count)
            XCTAssertEqual(g.findings.map(\.finding.line), g.findings.map(\.finding.line).sorted())
        }
        XCTAssertLessThan(took, 5, "grouping took \(took) s")
    }

    func testConflictsCarryBothSides() throws {
        let report = AuditReport(run: try AuditFixture.examplesRun(), generated: AuditFixture.date)
        let shop = try XCTUnwrap(report.policies.first { $0.file.hasSuffix("online-shop.yaml") })
        let conflicts = shop.findings.filter(\.isConflict)
        XCTAssertEqual(Set(conflicts.map(\.finding.rule)), ["guarantee-contradicted", "mixed-signal"])
        let g = try XCTUnwrap(conflicts.first { $0.finding.rule == "guarantee-contradicted" })
        XCTAssertEqual(g.excerpt?.highlightedText, "All sales are final")
        XCTAssertEqual(g.related.first?.excerpt?.highlightedText, "Satisfaction guaranteed")
        XCTAssertEqual(g.related.first?.location.path, "refunds.guarantee")
        XCTAssertNotNil(g.why)
        XCTAssertNotNil(g.fix)
    }

    func testUnreadableFileIsListedButNotGraded() throws {
        var run = try AuditFixture.examplesRun()
        let broken = try AuditFixture.run("policy:\n  name: [unclosed\n", file: "broken.yaml").results[0]
        XCTAssertNotNil(broken.error)
        run.results.append(broken)
        run.errors.append(InputError(file: "missing/", message: "no such file"))
        let report = AuditReport(run: run, generated: AuditFixture.date)
        XCTAssertEqual(report.policies.last?.file, "broken.yaml")
        XCTAssertNil(report.policies.last?.grade)
        XCTAssertEqual(report.grade, .c, "unreadable files do not change the grade")
        XCTAssertEqual(report.inputErrors.count, 2)
        XCTAssertTrue(report.summarySentence.contains("2 inputs could not be read"), report.summarySentence)
    }

    func testNothingToGrade() {
        let report = AuditReport(run: LintRun(results: [], rules: [], toolVersion: "1"), generated: AuditFixture.date)
        XCTAssertNil(report.grade)
        XCTAssertTrue(HTMLReport().render(report).contains("No policy could be graded."))
        XCTAssertTrue(MarkdownReport().render(report).contains("not graded"))
    }
}

final class AuditExcerptTests: XCTestCase {
    func location(_ line: Int, _ col: Int, _ endLine: Int, _ endCol: Int) -> Location {
        Location(file: "f.yaml", start: Mark(line: line, column: col, offset: 0), end: Mark(line: endLine, column: endCol, offset: 0), path: "p")
    }

    func testHighlightsTheSpanOnOneLine() throws {
        let source = SourceText("a: 1\nterms: All sales are final.\n")
        let x = try XCTUnwrap(Excerpt(source, location(2, 8, 2, 27)))
        XCTAssertEqual(x.lines.count, 1)
        XCTAssertEqual(x.lines[0].number, 2)
        XCTAssertEqual(x.lines[0].pieces.map(\.text), ["terms: ", "All sales are final", "."])
        XCTAssertEqual(x.lines[0].pieces.map(\.highlighted), [false, true, false])
    }

    func testColumnsCountCodePoints() throws {
        let source = SourceText("text: Café “offre” — no refunds here\n")
        let x = try XCTUnwrap(Excerpt(source, location(1, 22, 1, 32)))
        XCTAssertEqual(x.highlightedText, "no refunds")
    }

    func testMultiLineSpansAndLongSpansAreCut() throws {
        let lines = (1...10).map { "      line \($0) of a long block" }.joined(separator: "\n")
        let source = SourceText("text: >\n" + lines + "\n")
        let x = try XCTUnwrap(Excerpt(source, location(2, 12, 11, 15)))
        XCTAssertEqual(x.lines.count, Excerpt.maxLines)
        XCTAssertEqual(x.omittedLines, 10 - Excerpt.maxLines)
        XCTAssertEqual(x.lines[1].pieces.first { $0.highlighted }?.text, "line 2 of a long block")
        let d = x.dedented()
        XCTAssertEqual(d.lines[0].text, "line 1 of a long block")
        XCTAssertEqual(d.lines[0].highlightedText, "1 of a long block")
    }

    /// `leadingSpaces` counts by bytes where that is the Character count: a space followed by a
    /// combining mark is one Character that is no space, so the count stops before it.
    func testLeadingSpacesCountCharactersThatAreSpaces() {
        let samples = ["", " ", "   ", "a", "  a", "  \u{301}a", " \u{301}", "\u{301}", "  é", "  e\u{301}", "\t x",
                       "   \u{200D}x", "  日本", " \u{FE0F}", "  😀", "    - text: x"]
        for s in samples {
            XCTAssertEqual(Excerpt.leadingSpaces(s), s.prefix { $0 == " " }.count, s.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        }
        XCTAssertEqual(Excerpt.leadingSpaces("  \u{301}a"), 1) // the second space carries the mark
    }

    /// A space with a combining mark is no space: the common indent stops before it and the
    /// space stays with its mark.
    func testDedentWithACombiningMarkAfterTheIndent() throws {
        let source = SourceText("a:\n    b: x\n   \u{301}c: y\n")
        let x = try XCTUnwrap(Excerpt(source, location(2, 5, 3, 6)))
        let d = x.dedented()
        XCTAssertEqual(d.lines.map(\.text), ["  b: x", " \u{301}c: y"])
    }

    /// The Markdown block's underline keeps a tab under each tab and one space under every
    /// other scalar before the words (`é` is two bytes, `e` + U+0301 two scalars).
    func testMarkdownUnderlineLinesUpUnderTabsAndScalars() throws {
        let source = SourceText("k: \"\té e\u{301}\tno refunds\"\n")
        let x = try XCTUnwrap(Excerpt(source, location(1, 11, 1, 21)))
        XCTAssertEqual(x.highlightedText, "no refunds")
        let block = MarkdownReport().block(x)
        XCTAssertEqual(block, "```text\n1 | k: \"\té e\u{301}\tno refunds\"\n  |     \t    \t^~~~~~~~~~\n```\n\n")
    }

    func testNoSourceNoExcerpt() {
        XCTAssertNil(Excerpt(nil, location(1, 1, 1, 2)))
        XCTAssertNil(Excerpt(SourceText("a: 1\n"), location(9, 1, 9, 2)))
    }
}
