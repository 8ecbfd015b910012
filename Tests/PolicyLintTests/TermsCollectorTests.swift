@testable import PolicyLint
import PolicyYAML
import XCTest

/// The terms' prose taken from the parser's events (`TermsCollector`) must give exactly what
/// the tree and its schema walk give: the same prose strings, findings and errors, for the shapes
/// it accepts, and a parse into the whole tree for every other shape.
final class TermsCollectorTests: XCTestCase {
    static let builtin = (try? RulePackLoader.builtin().flatMap(\.rules)) ?? []

    static let head = """
        policy:
          name: Test shop
          language: en
        refunds:
          guarantee: Full refund within 30 days, no questions asked.

        """

    /// Terms the collector takes (true), gives up on (false), or is not shown because the value
    /// is not a plain list (nil).
    static let cases: [(String, Bool?)] = [
        ("terms:\n  - id: t1\n    title: Changes\n    text: We may change these terms at any time without notice.\n  - id: t2\n    text: >\n      Our liability is limited to the amount you paid.\n      We are not responsible for delays caused by our partners.\n", true),
        ("terms:\n  - title: ~\n    text: We may terminate your account at our sole discretion.\n  - title:\n    text: b\n", true),
        ("terms:\n  - \"text\": 'You agree to binding arbitration.'\n    'id': \"x\"\n", true),
        ("terms: [{id: a, text: \"These terms are governed by the laws of Ireland.\"}, {text: z, title: 'T'}]\n", true),
        ("terms: []\n", true),
        ("terms:\n  - text: |\n      Line one of a literal.\n      We are not liable for any damages.\n  - text: \"Escapes: \\u00e9 \\\"quoted\\\" \\x41\"\n  - text: plain text\n      that folds over lines\n", true),
        ("terms:\n  - text: Pas de remboursement après 7 jours. 日本語の文。\n", true),
        ("terms:\n  - id: 1\n    text: a\n  - id: '1 '\n    text: b\n", true),
        ("terms:\n- id: NULL\n  text: a\n", false),
        ("terms:\n  - text: a\n    body: b\n", false),
        ("terms:\n  - text: a\n  - title: only a title\n", false),
        ("terms:\n  - text: ~\n", false),
        ("terms:\n  - text: null\n", false),
        ("terms:\n  - id: x\n    text: a\n  - id: x\n    text: b\n", false),
        ("terms:\n  - text: a\n    text: b\n", false),
        // Anchors and aliases: an alias is its anchor's node, marks and all, as in the tree.
        ("terms:\n  - &t {text: a}\n  - *t\n", true),
        ("terms:\n  - text: &w We may change these terms at any time.\n  - title: Again\n    text: *w\n", true),
        ("terms:\n  - &t\n    title: Liability\n    text: We are not liable for delays.\n  - text: c\n  - *t\n", true),
        ("terms:\n  - text: &w Refunds take 30 days.\nsupport:\n  hours: *w\n", true),
        ("defaults: &d {text: Shared words.}\nterms:\n  - *d\n", true),
        ("terms:\n  - &t {id: a, text: x}\n  - *t\n", false),
        ("terms:\n  - text: *nowhere\n", false),
        ("terms:\n  - &t {text: [a]}\n", false),
        ("terms:\n  - text: !!str tagged\n", false),
        ("terms:\n  - text: [a, b]\n", false),
        ("terms:\n  - text: {a: b}\n", false),
        ("terms:\n  - just text\n", false),
        ("terms:\n  -\n  - text: a\n", false),
        ("terms:\n  - [text, a]\n", false),
        ("base: &b {title: shared}\nterms:\n  - <<: *b\n    text: a\n", false),
        ("terms:\n  - {}\n", false),
        ("terms: ~\n", nil),
        ("terms:\n", nil),
        ("terms: We may change anything.\n", nil),
        ("terms: {a: b}\n", nil),
        ("terms: &all\n  - text: a\n", nil),
        ("terms: !!seq\n  - text: a\n", nil),
    ]

    /// Whether a parse with a collector took the terms of `text` (see `cases`).
    func engages(_ text: String, limits: YAMLLimits = .default) throws -> Bool? {
        switch try YAMLParser(limits: limits).parse(bytes: Array(text.utf8), intercepting: "terms", sink: TermsCollector()) {
        case .parsed(let stream): return stream.documents.contains(where: \.interceptedValue) ? true : nil
        case .gaveUp: return false
        }
    }

    /// The built-in rules' engine, compiled once for all the cases.
    static let builtinEngine = Engine(ruleSet: RuleSet(rules: builtin))

    func lint(_ text: String, collecting: Bool, engine: Engine = builtinEngine, limits: YAMLLimits = .default) -> FileResult {
        var linter = Linter(engine: engine, limits: limits)
        linter.collectsTerms = collecting
        return linter.lint(bytes: Array(text.utf8), file: "p.yaml")
    }

    func assertSameResults(_ text: String, engine: Engine = builtinEngine, limits: YAMLLimits = .default,
                           file: StaticString = #filePath, line: UInt = #line) {
        let tree = lint(text, collecting: false, engine: engine, limits: limits)
        let events = lint(text, collecting: true, engine: engine, limits: limits)
        XCTAssertEqual(events.findings, tree.findings, text, file: file, line: line)
        XCTAssertEqual(events.error, tree.error, text, file: file, line: line)
        XCTAssertEqual(events.documents, tree.documents, text, file: file, line: line)
        XCTAssertEqual(events.header, tree.header, text, file: file, line: line)
    }

    func testEachShapeIsTakenOrLeftToTheTreeAsExpected() throws {
        for (terms, expected) in Self.cases {
            let text = Self.head + terms
            XCTAssertEqual(try engages(text), expected, text)
            // Terms first, before the other sections: the same verdict.
            XCTAssertEqual(try engages(terms + Self.head), expected, terms)
        }
    }

    func testFindingsAndErrorsAreThoseOfTheTree() {
        for (terms, _) in Self.cases {
            assertSameResults(Self.head + terms)
            assertSameResults(terms + Self.head)
        }
        // Several documents, each with its own terms (ids may repeat across documents).
        let two = Self.head + Self.cases[0].0 + "---\n" + Self.head + Self.cases[1].0 + "---\n" + Self.head + Self.cases[0].0
        XCTAssertEqual(try engages(two), true)
        assertSameResults(two)
        // A later document whose terms the collector gives up on: the whole stream goes to the tree.
        assertSameResults(two + "---\n" + Self.head + "terms:\n  - text: a\n    body: b\n")
        // A malformed file after good terms: libyaml's error, where the tree reports it.
        assertSameResults(Self.head + Self.cases[0].0 + "support: [unclosed\n")
    }

    func testTheProseIsTheSchemaWalksProse() throws {
        for (terms, expected) in Self.cases where expected == true {
            try assertSameProse(Self.head + terms + "complaints:\n  escalation: Ask for a manager.\n")
        }
    }

    /// Terms over several of the prose list's segments (`ProseList.segmentCapacity`), between
    /// prose before them and after them: the same strings in the same order as the walk's, and
    /// the same findings.
    func testTermsOverManySegmentsAreTheWalks() throws {
        let n = 2 * ProseList.segmentCapacity + 5
        var terms = "terms:\n"
        for i in 0..<n {
            if i % 3 == 0 { terms += "  - title: Changes \(i)\n    text: We may change these terms at any time without notice.\n" }
            else { terms += "  - text: \"Term \(i) is fine.\"\n" }
        }
        let text = Self.head + terms + "complaints:\n  escalation: Ask for a manager.\n"
        XCTAssertEqual(try engages(text), true)
        try assertSameProse(text)
        assertSameResults(text)
    }

    /// The collector's prose and the schema walk's are the same strings, in the same order.
    func assertSameProse(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let label = String(text.prefix(300))
        let collector = TermsCollector()
        guard case .parsed(let stream) = try YAMLParser().parse(bytes: Array(text.utf8), intercepting: "terms", sink: collector)
        else { return XCTFail(label, file: file, line: line) }
        let doc = stream.documents[0]
        XCTAssertTrue(doc.interceptedValue, label, file: file, line: line)
        let fast = PolicyDocument(root: doc.root, source: stream.source, defaultLanguage: "en", mayHaveMergeKeys: true,
                                  terms: collector.documents[0] ?? ProseList())
        let whole = try YAMLParser().parse(bytes: Array(text.utf8))
        let slow = PolicyDocument(root: whole.documents[0].root, source: whole.source)
        XCTAssertEqual(fast.prose.count, slow.prose.count, label, file: file, line: line)
        XCTAssertEqual(fast.prose.map(\.path), slow.prose.map(\.path), label, file: file, line: line)
        XCTAssertEqual(fast.prose.map(\.text), slow.prose.map(\.text), label, file: file, line: line)
        XCTAssertEqual(fast.prose.map(\.node.style), slow.prose.map(\.node.style), label, file: file, line: line)
        XCTAssertEqual(fast.prose.map(\.node.start), slow.prose.map(\.node.start), label, file: file, line: line)
        XCTAssertEqual(fast.prose.map(\.node.end), slow.prose.map(\.node.end), label, file: file, line: line)
        XCTAssertEqual(fast.schemaIssues.map(\.message), slow.schemaIssues.map(\.message), label, file: file, line: line)
        // The prose before the terms stays before them, the prose after them after.
        XCTAssertEqual(fast.prose.first?.path, slow.prose.first?.path, label, file: file, line: line)
        XCTAssertEqual(fast.prose.last?.path, "complaints.escalation", label, file: file, line: line)
    }

    /// The paths of the strings it (and the walk, for `promises:` and `partners:`) makes with a
    /// compact place are those the walk renders, also for an item index too large for the
    /// compact form (kept as a rendered path).
    func testPathsAreTheWalks() {
        let mark = Mark(line: 1, column: 1, offset: 0)
        for item in [0, 1, 9, 10, 99, 100, 12_345, 999_999_999, Int(UInt32.max), Int(UInt32.max) + 1, Int.max] {
            for field in ProseString.ItemField.allCases {
                let list = field.list, key = field.key
                XCTAssertEqual(ProseString.ItemField(list: list, key: key), field)
                let walk = NodePath(under: NodePath(parent: list, key: nil, index: item), key: key).rendered
                let prose = ProseString(text: "a", style: .doubleQuoted, start: mark, end: mark, item: item, field: field)
                XCTAssertEqual(prose.path, walk)
                XCTAssertEqual(prose.style, .doubleQuoted)
                XCTAssertEqual(prose.node.style, .doubleQuoted)
            }
        }
    }

    /// At the depth limit the collector gives up, and the tree reports the limit.
    func testTheDepthLimitIsTheTrees() throws {
        var limits = YAMLLimits()
        for depth in 1...4 {
            limits.maxDepth = depth
            let text = Self.head + Self.cases[0].0
            assertSameResults(text, limits: limits)
            if depth <= 2 { XCTAssertNotEqual(try? engages(text, limits: limits), true, "depth \(depth)") }
        }
        limits.maxDepth = 3
        XCTAssertEqual(try engages(Self.head + Self.cases[0].0, limits: limits), true)
    }

    /// A rule that reads `terms` in the tree keeps the whole tree; the built-in rules do not.
    func testRulesReadingTermsKeepTheTree() throws {
        XCTAssertFalse(RuleSet(rules: Self.builtin).readsTermsTree)
        let pack = """
            pack: t
            title: T
            rules:
              - id: term-needs-title
                title: A term without a title
                severity: warning
                category: structure
                why: Titles help.
                fix: Add a title.
                for: terms[*]
                require: [title]
            """
        let engine = Engine(ruleSet: RuleSet(rules: try RulePackLoader.load(text: pack, file: "t.yaml").rules))
        XCTAssertTrue(engine.ruleSet.readsTermsTree)
        let text = Self.head + Self.cases[0].0
        let result = lint(text, collecting: true, engine: engine)
        XCTAssertEqual(result.findings.map(\.rule), ["term-needs-title"])
        XCTAssertEqual(result.findings.first?.location.path, "terms[1]")
        assertSameResults(text, engine: engine)
    }

    /// Files of random items, now and then a random line of the cases among them: whatever the
    /// collector does with them, the results are the tree's.
    func testRandomTermsGiveTheTreesResults() {
        var generator = SplitMix(seed: 7)
        let lines = Self.cases.flatMap { $0.0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            + ["  - id: t9", "    text: We may suspend the service.", "  # a comment", "", "terms:", "---", "    title: x"]
        let items = ["  - id: a\n    text: We may change these terms at any time.", "  - text: Our liability is limited.",
                     "  - id: b\n    title: Law\n    text: 'These terms are governed by the laws of Ireland.'",
                     "  - title: ~\n    text: >\n      We are not responsible\n      for our partners.", "  - {text: \"x\", id: c}"]
        var engaged = 0
        for _ in 0..<300 {
            let count = Int(generator.next() % 8) + 1
            var text = Self.head + "terms:\n"
            for _ in 0..<count {
                text += generator.next() % 6 == 0 ? lines[Int(generator.next() % UInt64(lines.count))] + "\n"
                                                  : items[Int(generator.next() % UInt64(items.count))] + "\n"
            }
            assertSameResults(text)
            if (try? engages(text)) == true { engaged += 1 }
        }
        // Some of them take the fast path (else this would test only the fallback).
        XCTAssertGreaterThan(engaged, 50)
    }

    /// The examples and every built-in pack's own examples: the same findings both ways.
    func testExamplesGiveTheSameFindings() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertFalse(files.isEmpty)
        for name in files {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            assertSameResults(text)
        }
    }
}
