import Foundation
import PolicyLint
import PolicyYAML
import XCTest

/// Findings point at the exact words: a phrase inside every scalar style, with non-ASCII text
/// before it on the line (columns count Unicode code points), reported at its line and column,
/// start and end (end exclusive), through `ScalarSourceMap` directly and through the engine.
final class PositionTests: XCTestCase {
    /// Where a phrase is, 1-based, end exclusive.
    struct Span: Equatable, CustomStringConvertible {
        var line: Int, column: Int, endLine: Int, endColumn: Int
        init(_ line: Int, _ column: Int, _ endLine: Int, _ endColumn: Int) {
            self.line = line; self.column = column; self.endLine = endLine; self.endColumn = endColumn
        }
        var description: String { "\(line):\(column)-\(endLine):\(endColumn)" }
    }

    /// A policy with one term per scalar style; every term contains "blue lantern".
    /// Line numbers are in the comments; each line starts with non-ASCII text.
    static let policy = """
        policy:
          name: Positions
        terms:
          - title: Plain
            text: Ünïcödé — plain words, the blue lantern here.
          - title: Single
            text: 'Café’s ''quoted'' text — the blue lantern is ''lit'''
          - title: Double
            text: "Ärger \\"quoted\\" — caf\\u00e9 and the blue \\
              lantern. Then gr\\u00fcn light\\tand \\x41BC."
          - title: Literal
            text: |
              First line — ☕ coffee.
                Indented: 😀 the blue lantern
              stays lit.
          - title: Folded
            text: >
              Ñandú — text for
              the blue
              lantern here.
          - title: Plain multi-line
            text: plain ✓ first
              then the blue
              lantern
          - title: With properties
            text: &shared !!str "Ölkanne — the blue lantern"
          - title: Via alias
            text: *shared

        """
    //  1 policy:
    //  2   name: Positions
    //  3 terms:
    //  4   - title: Plain
    //  5     text: Ünïcödé — plain words, the blue lantern here.
    //  6   - title: Single
    //  7     text: 'Café’s ''quoted'' text — the blue lantern is ''lit'''
    //  8   - title: Double
    //  9     text: "Ärger \"quoted\" — caf\u00e9 and the blue \
    // 10       lantern. Then gr\u00fcn light\tand \x41BC."
    // 11   - title: Literal
    // 12     text: |
    // 13       First line — ☕ coffee.
    // 14         Indented: 😀 the blue lantern
    // 15       stays lit.
    // 16   - title: Folded
    // 17     text: >
    // 18       Ñandú — text for
    // 19       the blue
    // 20       lantern here.
    // 21   - title: Plain multi-line
    // 22     text: plain ✓ first
    // 23       then the blue
    // 24       lantern
    // 25   - title: With properties
    // 26     text: &shared !!str "Ölkanne — the blue lantern"
    // 27   - title: Via alias
    // 28     text: *shared

    /// Expected positions of "blue lantern" in terms[0...7].text, by hand: columns count code
    /// points, so "Ü", "—", "’", "☕" and "😀" are one column each.
    static let blueLantern: [Span] = [
        Span(5, 38, 5, 50),   // plain: "    text: Ünïcödé — plain words, the " is 37 code points
        Span(7, 41, 7, 53),   // single-quoted: "''quoted''" counts 10 columns in the source
        Span(9, 49, 10, 14),  // double-quoted, across the escaped line break
        Span(14, 25, 14, 37), // literal, on a more-indented line after an emoji
        Span(19, 11, 20, 14), // folded, across the folded line break
        Span(23, 16, 24, 14), // plain multi-line
        Span(26, 40, 26, 52), // after an anchor and a tag
        Span(26, 40, 26, 52), // an alias: the words are where the anchor wrote them
    ]

    // MARK: - Helpers

    func document() throws -> (YAMLStream, YAMLNode) {
        let stream = try YAMLParser().parse(string: Self.policy)
        return (stream, try XCTUnwrap(stream.documents.first?.root))
    }

    func term(_ i: Int) throws -> YAMLNode {
        try XCTUnwrap(try document().1["terms"]?.items?[i]["text"])
    }

    /// The span of `phrase` (its `occurrence`-th appearance in the value) through the source map.
    func span(of phrase: String, inTerm i: Int, occurrence: Int = 0, file: StaticString = #filePath, line: UInt = #line) throws -> Span {
        let (stream, root) = try document()
        let node = try XCTUnwrap(root["terms"]?.items?[i]["text"], file: file, line: line)
        let value = Array(try XCTUnwrap(node.scalar).utf8)
        let needle = Array(phrase.utf8)
        var found: [Int] = []
        if value.count >= needle.count {
            for k in 0...(value.count - needle.count) where Array(value[k..<k + needle.count]) == needle { found.append(k) }
        }
        XCTAssertGreaterThan(found.count, occurrence, "'\(phrase)' not in \(node.scalar ?? "")", file: file, line: line)
        guard found.count > occurrence else { return Span(0, 0, 0, 0) }
        var map = ScalarSourceMap(node: node, source: stream.source)
        let s = map.span(found[occurrence]..<found[occurrence] + needle.count)
        return Span(s.start.line, s.start.column, s.end.line, s.end.column)
    }

    /// The position of literal source text, found independently of the YAML layer: line and
    /// code-point column of the `occurrence`-th appearance of `text` in the source.
    func sourcePosition(of text: String, occurrence: Int = 0) -> (line: Int, column: Int) {
        var seen = 0
        for (n, line) in Self.policy.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = Substring(line)
            while let r = rest.range(of: text) {
                if seen == occurrence {
                    return (n + 1, line.unicodeScalars.distance(from: line.startIndex, to: r.lowerBound) + 1)
                }
                seen += 1
                rest = rest[r.upperBound...]
            }
        }
        return (0, 0)
    }

    // MARK: - ScalarSourceMap

    func testPhraseInEveryScalarStyle() throws {
        for (i, expected) in Self.blueLantern.enumerated() {
            XCTAssertEqual(try span(of: "blue lantern", inTerm: i), expected, "terms[\(i)]")
        }
    }

    func testHandPositionsAgreeWithTheSourceText() {
        // The hand-written starts above are where "blue" is written in the file.
        for (n, expected) in Self.blueLantern.prefix(7).enumerated() {
            let p = sourcePosition(of: "blue", occurrence: n)
            XCTAssertEqual(p.line, expected.line, "occurrence \(n)")
            XCTAssertEqual(p.column, expected.column, "occurrence \(n)")
        }
        // Same-line ends: "lantern" ends 7 code points after it starts.
        for (n, expected) in Self.blueLantern.prefix(7).enumerated() {
            let p = sourcePosition(of: "lantern", occurrence: n)
            XCTAssertEqual(p.line, expected.endLine, "occurrence \(n)")
            XCTAssertEqual(p.column + 7, expected.endColumn, "occurrence \(n)")
        }
    }

    func testPlainScalar() throws {
        XCTAssertEqual(try span(of: "Ünïcödé", inTerm: 0), Span(5, 11, 5, 18))
        XCTAssertEqual(try span(of: "here.", inTerm: 0), Span(5, 51, 5, 56))
    }

    func testSingleQuotedScalar() throws {
        // A phrase after a doubled quote, and one that ends with a doubled quote: the end is
        // after both quote characters.
        XCTAssertEqual(try span(of: "Café’s", inTerm: 1), Span(7, 12, 7, 18))
        XCTAssertEqual(try span(of: "'quoted'", inTerm: 1), Span(7, 19, 7, 29))
        XCTAssertEqual(try span(of: "'lit'", inTerm: 1), Span(7, 57, 7, 64))
    }

    func testDoubleQuotedScalarWithEscapes() throws {
        // \" is two source characters for one value character.
        XCTAssertEqual(try span(of: "\"quoted\"", inTerm: 2), Span(9, 18, 9, 28))
        // \u00e9 is six source characters for "é": a phrase ending in it ends after the escape.
        XCTAssertEqual(try span(of: "café", inTerm: 2), Span(9, 31, 9, 40))
        // Through \u00fc in the middle of a word, and a \t right after the phrase.
        XCTAssertEqual(try span(of: "grün light", inTerm: 2), Span(10, 21, 10, 36))
        // \x41 then plain characters.
        XCTAssertEqual(try span(of: "ABC", inTerm: 2), Span(10, 42, 10, 48))
        // The value really is what the escapes say.
        XCTAssertEqual(try term(2).scalar, "Ärger \"quoted\" — café and the blue lantern. Then grün light\tand ABC.")
    }

    func testDoubleQuotedEscapesAfterFoldedLineBreaks() throws {
        // One folded break reads as a space, two as a line feed; escapes right after a fold.
        let text = "a: \"one\n  \\u00e9t\\u00e9 blue lantern\n\n  \\tlast words\"\n"
        let stream = try YAMLParser().parse(string: text)
        let node = try XCTUnwrap(stream.documents.first?.root["a"])
        XCTAssertEqual(node.scalar, "one été blue lantern\n\tlast words")
        var map = ScalarSourceMap(node: node, source: stream.source)
        func at(_ phrase: String) -> Span {
            let value = node.scalar ?? ""
            let r = value.range(of: phrase)!
            let lo = value.utf8.distance(from: value.startIndex, to: r.lowerBound)
            let s = map.span(lo..<lo + phrase.utf8.count)
            return Span(s.start.line, s.start.column, s.end.line, s.end.column)
        }
        XCTAssertEqual(at("été blue"), Span(2, 3, 2, 21))
        XCTAssertEqual(at("blue lantern"), Span(2, 17, 2, 29))
        XCTAssertEqual(at("\tlast"), Span(4, 3, 4, 9))
        XCTAssertEqual(at("words"), Span(4, 10, 4, 15))
    }

    func testLiteralScalar() throws {
        XCTAssertEqual(try span(of: "☕ coffee", inTerm: 3), Span(13, 20, 13, 28))
        // The extra indentation of line 14 is part of the value; the phrase is still exact.
        XCTAssertEqual(try span(of: "Indented", inTerm: 3), Span(14, 9, 14, 17))
        // Across the line break.
        XCTAssertEqual(try span(of: "lantern\nstays", inTerm: 3), Span(14, 30, 15, 12))
    }

    func testFoldedScalar() throws {
        XCTAssertEqual(try span(of: "Ñandú", inTerm: 4), Span(18, 7, 18, 12))
        XCTAssertEqual(try span(of: "for the", inTerm: 4), Span(18, 20, 19, 10))
        XCTAssertEqual(try term(4).scalar, "Ñandú — text for the blue lantern here.\n")
    }

    func testScalarsOnAnotherLineThanTheirProperties() throws {
        let text = "a: &x !!str\n  # a comment\n  \"é — the blue lantern\"\nb: &y\n  plain blue lantern\n"
        let stream = try YAMLParser().parse(string: text)
        let root = try XCTUnwrap(stream.documents.first?.root)
        for (key, expected) in [("a", Span(3, 12, 3, 24)), ("b", Span(5, 9, 5, 21))] {
            let node = try XCTUnwrap(root[key])
            let value = try XCTUnwrap(node.scalar)
            let start = try XCTUnwrap(value.utf8.firstIndex(of: UInt8(ascii: "b")))
            let offset = value.utf8.distance(from: value.utf8.startIndex, to: start)
            var map = ScalarSourceMap(node: node, source: stream.source)
            let s = map.span(offset..<offset + 12)
            XCTAssertEqual(Span(s.start.line, s.start.column, s.end.line, s.end.column), expected, key)
        }
    }

    func testUTF16SourceHasTheSamePositions() throws {
        // Decoded from UTF-16 (with and without BOM), marks are the same as from UTF-8.
        for bom in [true, false] {
            var bytes: [UInt8] = bom ? [0xFF, 0xFE] : []
            for u in Self.policy.utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
            let stream = try YAMLParser().parse(bytes: bytes)
            let node = try XCTUnwrap(stream.documents.first?.root["terms"]?.items?[2]["text"])
            let value = try XCTUnwrap(node.scalar)
            let offset = value.utf8.count - "blue lantern. Then grün light\tand ABC.".utf8.count
            var map = ScalarSourceMap(node: node, source: stream.source)
            let s = map.span(offset..<offset + 12)
            XCTAssertEqual(Span(s.start.line, s.start.column, s.end.line, s.end.column), Self.blueLantern[2], "BOM \(bom)")
        }
    }

    func testCRLFAndCRLineBreaksGiveTheSamePositions() throws {
        for lineBreak in ["\r\n", "\r"] {
            let text = Self.policy.replacingOccurrences(of: "\n", with: lineBreak)
            let stream = try YAMLParser().parse(string: text)
            let terms = try XCTUnwrap(stream.documents.first?.root["terms"]?.items)
            for (i, expected) in Self.blueLantern.enumerated() {
                let node = try XCTUnwrap(terms[i]["text"])
                let value = try XCTUnwrap(node.scalar)
                let r = try XCTUnwrap(value.range(of: "blue lantern"))
                let lo = value.utf8.distance(from: value.startIndex, to: r.lowerBound)
                var map = ScalarSourceMap(node: node, source: stream.source)
                let s = map.span(lo..<lo + 12)
                XCTAssertEqual(Span(s.start.line, s.start.column, s.end.line, s.end.column), expected,
                               "terms[\(i)] with \(lineBreak == "\r" ? "CR" : "CRLF")")
            }
        }
    }

    // MARK: - Through the engine

    static let pack = """
        pack: positions
        title: Positions
        rules:
          - id: lantern
            title: Lantern
            severity: error
            category: test
            why: A test rule.
            fix: None.
            phrases: [blue lantern, grün light, ölkanne]
        """

    func findings(_ text: String) throws -> [Finding] {
        let pack = try RulePackLoader.load(text: Self.pack, file: "positions.yaml")
        let engine = Engine(ruleSet: RuleSet(rules: pack.rules))
        let stream = try YAMLParser().parse(string: text)
        let root = try XCTUnwrap(stream.documents.first?.root)
        return engine.lint(PolicyDocument(root: root, source: stream.source), file: "policy.yaml").filter { $0.rule == "lantern" }
    }

    func testEngineReportsExactPositions() throws {
        let found = try findings(Self.policy)
        let spans = found.map { Span($0.line, $0.column, $0.location.endLine, $0.location.endColumn) }
        // A phrases rule reports once per sentence: "Ölkanne — the blue lantern" gives one finding.
        var expected = Self.blueLantern.prefix(6).map { $0 }
        expected.append(Span(10, 21, 10, 36)) // "grün light" in the double-quoted term
        expected.append(Span(26, 26, 26, 33)) // "Ölkanne" (case-folded match; once per sentence)
        // The alias repeats the anchored words: the same place, once per path.
        expected.append(Span(26, 26, 26, 33))
        XCTAssertEqual(spans.sorted { ($0.line, $0.column) < ($1.line, $1.column) },
                       expected.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        XCTAssertEqual(Set(found.map(\.location.path)),
                       Set((0...7).map { "terms[\($0)].text" }))
        XCTAssertTrue(found.allSatisfy { $0.file == "policy.yaml" })
    }

    func testEngineMatchedTextIsAsWritten() throws {
        let found = try findings(Self.policy)
        // Folded and escaped line breaks read as a space; the words are as the customer reads them.
        XCTAssertEqual(Set(found.map(\.matchedText)), ["blue lantern", "grün light", "Ölkanne"])
    }

    /// A long list of prose (`refunds.exceptions`) is kept packed by the parser
    /// (`PackedItems`): a phrase in one of its items, quoted and plain, is reported at its
    /// words, with the item's path, as in a short list.
    func testPhraseInALongPackedListOfProse() throws {
        for (before, after) in [(3, 2), (600, 100)] {
            let items = (0..<before).map { "    - item \($0)\n" }.joined()
                + "    - \"Refunds are given at our sole discretion.\"\n"
                + "    - Ünï, then refunds are given at our sole discretion\n"
                + (0..<after).map { "    - item \($0)\n" }.joined()
            let yaml = "policy:\n  name: X\nrefunds:\n  exceptions:\n" + items
            let list = try YAMLParser().parse(string: yaml).documents.first?.root["refunds"]?["exceptions"]?.items
            XCTAssertEqual(list?.isPacked, before > 500, "\(before) items before")
            let findings = try lintText(yaml).filter { $0.rule == "remedy-not-customer-choice" }
            let line = 5 + before
            XCTAssertEqual(findings.map { "\($0.location.line):\($0.location.column)-\($0.location.endLine):\($0.location.endColumn) \($0.location.path)" },
                           ["\(line):8-\(line):48 refunds.exceptions[\(before)]",
                            "\(line + 1):17-\(line + 1):57 refunds.exceptions[\(before + 1)]"], "\(before) items before")
        }
    }
}
