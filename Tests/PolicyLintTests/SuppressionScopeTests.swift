@testable import PolicyLint
import PolicyYAML
import XCTest

/// Which suppression scope hides a finding: the sweep must choose what trying every scope for
/// every finding chose, and a file with thousands of suppressions must stay linear.
final class SuppressionScopeTests: XCTestCase {
    /// The choice as `SuppressionFilter.apply` made it before the sweep: every scope tried.
    static func referenceChoice(_ finding: (rule: String, line: Int), _ scopes: [SuppressionFilter.Scope]) -> Int? {
        var best: Int?
        for (i, s) in scopes.enumerated() where s.rule.id == finding.rule && s.lines.contains(finding.line) {
            if let b = best {
                let current = scopes[b]
                if s.rank > current.rank || (s.rank == current.rank && s.lines.lowerBound > current.lines.lowerBound) { best = i }
            } else {
                best = i
            }
        }
        return best
    }

    func testTheSweepChoosesWhatTryingEveryScopeChose() {
        var rng = SplitMix(seed: 5) // TokenizerEquivalenceTests.swift
        func random(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let rules = ["a", "b", "c"]
        for _ in 0..<400 {
            var scopes: [SuppressionFilter.Scope] = []
            for d in 0..<random(12) {
                let rank = random(4), from = 1 + random(30)
                let lines: ClosedRange<Int>
                switch rank {
                case 0: lines = 1...Int.max
                case 1: lines = from...Int.max
                default: lines = from...(from + random(rank == 3 ? 3 : 15))
                }
                let name = SuppressionDirective.RuleName(id: rules[random(3)], line: from, column: 1, endColumn: 2)
                scopes.append(.init(directive: d, rule: name, lines: lines, rank: rank))
            }
            // Findings in any order, several on one line, some of rules no scope names.
            let findings = (0..<random(25)).map { _ in (rule: (rules + ["d"])[random(4)], line: 1 + random(50)) }
            let expected = findings.map { Self.referenceChoice($0, scopes) }
            XCTAssertEqual(SuppressionFilter.narrowestScopes(for: findings, in: scopes), expected,
                           "scopes \(scopes.map { ($0.rule.id, $0.lines, $0.rank) }), findings \(findings)")
        }
    }

    func testThousandsOfSuppressionsAreAppliedInLinearTime() throws {
        // 20,000 `disable-next-line` comments over as many findings took 4 s in a release build
        // (every scope tried for every finding), and a run of comment lines was walked again for
        // each directive in it.
        let n = 20_000
        var yaml = "policy:\n  name: x\nterms:\n"
        for i in 0..<n { yaml += "  - id: t\(i)\n    # policylint-disable-next-line blue -- quoted\n    text: The blue lantern.\n" }
        yaml += String(repeating: "# policylint-disable-next-line blue -- a run of comments\n", count: n)
        yaml += "extra: The blue lantern.\n"
        let source = SourceText(yaml)
        func blue(line: Int, path: String) -> Finding {
            Finding(rule: "blue", title: "Blue", category: "test", severity: .warning, message: "blue",
                    location: Location(file: "f.yaml", start: Mark(line: line, column: 11, offset: 0),
                                       end: Mark(line: line, column: 15, offset: 0), path: path),
                    related: [], fix: nil, matchedText: "blue", fingerprint: path)
        }
        // Each term's text is on the third line of its three; the last line follows the run.
        let findings = (0..<n).map { blue(line: 6 + 3 * $0, path: "terms[\($0)].text") } + [blue(line: 4 * n + 4, path: "extra")]
        let filter = SuppressionFilter(knownRules: ["blue"], enabledRules: ["blue"], requireReason: true)
        let start = Date()
        let outcome = filter.apply(findings: findings, source: source, file: "f.yaml")
        let took = Date().timeIntervalSince(start)
        XCTAssertEqual(outcome.suppressed.count, n + 1)
        // The run's comments all aim at the last line with the same lines: the first of them
        // hides its finding, the other n - 1 suppress nothing and are reported.
        let unused = outcome.findings.filter { $0.rule == SuppressionRules.unusedID }
        XCTAssertEqual(unused.count, n - 1)
        XCTAssertEqual(unused.first?.line, 3 + 3 * n + 2) // the run's second comment
        XCTAssertEqual(outcome.findings.count, n - 1)
        XCTAssertLessThan(took, 4 * AdversarialTests.timeScale, "took \(took) s")
        print("adversarial: 20,000 suppressions applied in \(String(format: "%.2f", took)) s")
    }
}
