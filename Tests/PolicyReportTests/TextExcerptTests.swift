import PolicyLint
import PolicyReport
import PolicyYAML
import XCTest

/// Text output stays proportional to the findings: long lines are cut around the span.
final class TextExcerptTests: XCTestCase {
    func testLongLineIsCutToAWindowWithTheCaretOnTheWords() throws {
        let yaml = "policy: {name: x}\nterms:\n  - text: \"" + String(repeating: "word ", count: 2000)
            + "not responsible" + String(repeating: " tail", count: 2000) + "\"\n"
        let pack = """
        pack: t
        rules:
          - id: r
            title: T
            severity: error
            category: c
            why: W
            fix: F
            phrases: [not responsible]
        """
        let rules = try RulePackLoader.load(text: pack, file: "p.yaml").rules
        let result = Linter(engine: Engine(ruleSet: RuleSet(rules: rules))).lint(bytes: Array(yaml.utf8), file: "long.yaml")
        let run = LintRun(results: [result], rules: rules, toolVersion: "test")
        let lines = TextReporter(color: false).render(run).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let i = lines.firstIndex(where: { $0.hasSuffix("[r]") }) else { return XCTFail("no finding") }
        let source = lines[i + 1], caret = lines[i + 2]
        XCTAssertLessThanOrEqual(source.unicodeScalars.count, 2 + 2 + TextReporterLimits.maxLineShown)
        XCTAssertTrue(source.hasPrefix("  …") && source.hasSuffix("…"), source)
        // The caret sits exactly under the words.
        let start = caret.firstIndex(of: "^")!
        let offset = caret.distance(from: caret.startIndex, to: start)
        let under = String(source.unicodeScalars.dropFirst(offset).prefix("not responsible".count))
        XCTAssertEqual(under, "not responsible")
        XCTAssertEqual(caret.trimmingCharacters(in: .whitespaces).count, "not responsible".count)
    }
}

enum TextReporterLimits {
    static let maxLineShown = 160
}
