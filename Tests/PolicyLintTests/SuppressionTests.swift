import PolicyLint
import PolicyYAML
import XCTest

/// Suppression comments: every form, reasons, unused and invalid comments, and `#` that is not a comment.
final class SuppressionTests: XCTestCase {
    /// The marker search skips bytes (Horspool); it must find the marker at every position,
    /// next to partial markers, and never where it is not.
    func testMarkerSearchAgreesWithANaiveSearch() {
        let marker = CommentScanner.marker
        func naive(_ b: [UInt8]) -> Bool {
            guard b.count >= marker.count else { return false }
            return (0...(b.count - marker.count)).contains { Array(b[$0..<($0 + marker.count)]) == marker }
        }
        let pieces: [[UInt8]] = [Array("policylint".utf8), Array("policylint-".utf8), Array("olicylint-".utf8), Array("p".utf8),
                                 Array("-".utf8), Array("tt".utf8), Array(" # ".utf8), Array("polic".utf8), [0xC3, 0xA9], [0]]
        var rng = SystemRandomNumberGenerator()
        for length in 0..<12 {
            for _ in 0..<300 {
                let bytes = (0..<length).flatMap { _ in pieces.randomElement(using: &rng)! }
                XCTAssertEqual(CommentScanner.containsMarker(bytes), naive(bytes), String(decoding: bytes, as: UTF8.self))
            }
        }
        for pad in 0..<20 {
            let text = Array(String(repeating: "x", count: pad).utf8) + marker + Array(String(repeating: "y", count: 19 - pad).utf8)
            XCTAssertTrue(CommentScanner.containsMarker(text), "at \(pad)")
            XCTAssertFalse(CommentScanner.containsMarker(Array(text.dropLast(20 - pad))), "cut at \(pad)")
        }
    }

    static let pack = """
    pack: test
    rules:
      - id: sales-final
        title: All sales final
        severity: error
        category: test
        why: Because.
        fix: Fix it.
        phrases: [all sales are final]
      - id: no-refunds
        title: No refunds
        severity: warning
        category: test
        why: Because.
        fix: Fix it.
        phrases: [no refunds]
    """

    struct Outcome {
        var kept: [Finding]
        var suppressed: [Finding]
        func rules(_ id: String) -> [Int] { kept.filter { $0.rule == id }.map(\.line) }
    }

    func run(_ yaml: String, requireReason: Bool = false, enabled: Set<String>? = nil) throws -> Outcome {
        let rules = try RulePackLoader.load(text: SuppressionTests.pack, file: "pack.yaml").rules
        let linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
        let result = linter.lint(bytes: Array(yaml.utf8), file: "p.yaml")
        if let e = result.error { throw e }
        let ids = Set(rules.map(\.id)) .union(["schema", "unused-suppression", "invalid-suppression"])
        let filter = SuppressionFilter(knownRules: ids, enabledRules: enabled ?? ids, requireReason: requireReason)
        let o = filter.apply(findings: result.findings, source: result.source, file: "p.yaml")
        return Outcome(kept: o.findings, suppressed: o.suppressed)
    }

    func testNextLine() throws {
        let o = try run("""
        policy: {name: x}
        terms:
          # policylint-disable-next-line sales-final -- clearance items only, agreed with legal
          - text: All sales are final.
          - text: All sales are final.
        """)
        XCTAssertEqual(o.suppressed.map(\.line), [4])
        XCTAssertEqual(o.rules("sales-final"), [5])
        XCTAssertTrue(o.kept.filter { $0.rule == "unused-suppression" }.isEmpty)
    }

    func testNextLineSkipsBlankAndCommentLinesAndCoversABlockScalar() throws {
        let o = try run("""
        policy: {name: x}
        terms:
          - id: a
            # policylint-disable-next-line sales-final, no-refunds

            # (a note)
            text: >
              Sale items: all sales are final.
              And no refunds.
          - id: b
            text: No refunds.
        """)
        XCTAssertEqual(o.suppressed.map(\.rule).sorted(), ["no-refunds", "sales-final"])
        XCTAssertEqual(o.rules("no-refunds"), [11])
    }

    func testRange() throws {
        let o = try run("""
        policy: {name: x}
        terms:
          # policylint-disable sales-final -- legacy terms, rewrite tracked in #123
          - text: All sales are final.
          - text: All sales are final. No refunds.
          # policylint-enable sales-final
          - text: All sales are final.
        """)
        XCTAssertEqual(o.suppressed.map(\.line), [4, 5])
        XCTAssertEqual(o.rules("sales-final"), [7])
        XCTAssertEqual(o.rules("no-refunds"), [5], "other rules are not touched")
    }

    func testRangeWithoutEnableRunsToTheEnd() throws {
        let o = try run("""
        policy: {name: x}
        terms:
          - text: All sales are final.
          # policylint-disable sales-final
          - text: All sales are final.
          - text: All sales are final.
        """)
        XCTAssertEqual(o.suppressed.map(\.line), [5, 6])
        XCTAssertEqual(o.rules("sales-final"), [3])
    }

    func testFileLevel() throws {
        let o = try run("""
        # policylint-disable-file no-refunds -- this shop sells perishables
        policy: {name: x}
        terms:
          - text: No refunds.
          - text: No refunds. All sales are final.
        """)
        XCTAssertEqual(o.suppressed.map(\.line), [4, 5])
        XCTAssertEqual(o.rules("sales-final"), [5])
    }

    func testUnusedSuppressionsAreReported() throws {
        let o = try run("""
        policy: {name: x}
        terms:
          # policylint-disable-next-line no-refunds
          - text: All sales are final.
          # policylint-disable-next-line sales-finale
          - text: Fine words.
        # policylint-enable sales-final
        """)
        let unused = o.kept.filter { $0.rule == "unused-suppression" }
        XCTAssertEqual(unused.map(\.line), [3, 5, 7])
        XCTAssertEqual(unused.map(\.severity), [.warning, .warning, .warning])
        XCTAssertEqual(unused[0].message, "'policylint-disable-next-line no-refunds' suppresses nothing on line 4")
        XCTAssertEqual([unused[0].column, unused[0].location.endColumn], [34, 44], "points at the rule id")
        XCTAssertTrue(unused[1].message.contains("'sales-finale' is not a rule"), unused[1].message)
        XCTAssertTrue(unused[1].message.contains("did you mean 'sales-final'"), unused[1].message)
        XCTAssertTrue(unused[2].message.contains("has no 'policylint-disable sales-final' before it"), unused[2].message)
        XCTAssertEqual(o.rules("sales-final"), [4])
        // A suppression of a rule that is off for this file is not unused.
        let off = try run("""
        policy: {name: x}
        # policylint-disable-file no-refunds
        """, enabled: ["sales-final", "unused-suppression"])
        XCTAssertTrue(off.kept.isEmpty)
        // One rule of a list can be unused while the other is used.
        let partly = try run("""
        policy: {name: x}
        terms:
          # policylint-disable-next-line sales-final, no-refunds
          - text: All sales are final.
        """)
        XCTAssertEqual(partly.kept.map(\.rule), ["unused-suppression"])
        XCTAssertTrue(partly.kept[0].message.contains("no-refunds"))
    }

    func testRequiredReason() throws {
        let yaml = """
        policy: {name: x}
        terms:
          # policylint-disable-next-line sales-final
          - text: All sales are final.
          # policylint-disable-next-line sales-final -- clearance stock
          - text: All sales are final.
          # policylint-disable-next-line sales-final --
          - text: All sales are final.
        """
        let lax = try run(yaml)
        XCTAssertEqual(lax.suppressed.count, 3)
        let strict = try run(yaml, requireReason: true)
        XCTAssertEqual(strict.suppressed.map(\.line), [6])
        XCTAssertEqual(strict.rules("sales-final"), [4, 8], "a comment without a reason suppresses nothing")
        XCTAssertEqual(strict.rules("invalid-suppression"), [3, 7])
    }

    func testMalformedDirectives() throws {
        let o = try run("""
        policy: {name: x}
        # policylint-disable-nextline sales-final
        # policylint-disable
        terms:
          - text: All sales are final.
        """)
        let invalid = o.kept.filter { $0.rule == "invalid-suppression" }
        XCTAssertEqual(invalid.map(\.line), [2, 3])
        XCTAssertTrue(invalid[0].message.contains("did you mean 'policylint-disable-next-line'"), invalid[0].message)
        XCTAssertTrue(invalid[1].message.contains("names no rule"), invalid[1].message)
        XCTAssertEqual(o.rules("sales-final"), [5])
    }

    func testHashInsideScalarsIsNotAComment() throws {
        let o = try run("""
        policy: {name: x}
        terms:
          - text: "Item #3 # policylint-disable-next-line sales-final"
          - text: All sales are final.
          - text: 'quoted # policylint-disable-file sales-final'
          - text: |
              # policylint-disable-file sales-final
              No refunds.
          - text: plain#policylint-disable-file sales-final
          - text: >
              No refunds. # policylint-disable-next-line sales-final
              All sales are final.
        """)
        XCTAssertTrue(o.suppressed.isEmpty, "no comment above: \(o.suppressed.map(\.line))")
        XCTAssertEqual(o.rules("sales-final"), [4, 12])
        XCTAssertEqual(o.rules("no-refunds"), [8, 11])
        XCTAssertTrue(o.kept.filter { $0.rule.hasSuffix("-suppression") }.isEmpty)
    }

    func testTrailingCommentAfterAValue() throws {
        let o = try run("""
        policy: {name: x}   # policylint-disable-next-line sales-final -- note
        terms:
          - text: "All sales are final." # policylint-disable-next-line no-refunds
          - text: No refunds.
        """)
        XCTAssertEqual(o.suppressed.map(\.rule), ["no-refunds"])
        XCTAssertEqual(o.kept.map(\.rule), ["unused-suppression", "sales-final"])
    }

    func testDirectiveParsing() {
        guard case .success(let d)? = SuppressionDirective.parse(comment: " policylint-disable-next-line a, b c -- because -- really", line: 4, column: 3) else {
            return XCTFail("not parsed")
        }
        XCTAssertEqual(d.kind, .nextLine)
        XCTAssertEqual(d.rules.map(\.id), ["a", "b", "c"])
        XCTAssertEqual(d.rules.map(\.column), [33, 36, 38])
        XCTAssertEqual(d.reason, "because -- really")
        XCTAssertEqual(d.column, 2)
        XCTAssertNil(SuppressionDirective.parse(comment: " just a comment about policylint-disable", line: 1, column: 2))
    }
}
