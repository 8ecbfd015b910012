import Foundation
@testable import PolicyLint
import PolicyYAML
import XCTest

/// A long prose string is tokenised, scanned and checked window by window
/// (`Tokenizer.fill(_:from:window:into:sink:)`, `Engine.proseWindow`), so that memory holds one
/// window's tokens. Windows end with sentences: the findings must be those of one pass over the
/// whole string, and a window's buffers must not grow with the string.
final class ProseWindowTests: XCTestCase {
    /// Tokens of `text` window by window, put back together as one string's: each window's
    /// `normalized` ranges and sentence numbers shifted by the windows before it.
    static func tokenizeInWindows(_ text: String, window: Int) -> (text: TokenizedText, ends: [Int]) {
        var workspace = Tokenizer.Workspace()
        var none = Tokenizer.NoSink()
        var whole = TokenizedText(tokens: [], normalized: [], sentences: [], sentenceWordCounts: [])
        var ends: [Int] = []
        var start = 0
        repeat {
            start = Tokenizer.fill(text, from: start, window: window, into: &workspace, sink: &none)
            ends.append(start)
            let part = workspace.text()
            let normalizedBefore = whole.normalized.count, sentencesBefore = whole.sentences.count
            whole.tokens += part.tokens.map {
                Token(start: $0.start, end: $0.end, normalized: ($0.normalized.lowerBound + normalizedBefore)..<($0.normalized.upperBound + normalizedBefore),
                      sentence: $0.sentence + sentencesBefore)
            }
            whole.normalized += part.normalized
            whole.sentences += part.sentences
            whole.sentenceWordCounts += part.sentenceWordCounts
        } while start < text.utf8.count
        return (whole, ends)
    }

    func testWindowsTokeniseAsTheWholeString() {
        var rng = SplitMix(seed: 11)
        let pieces = TokenizerEquivalenceTests.pieces
        for round in 0..<600 {
            var text = ""
            for _ in 0..<(round % 10 == 0 ? 300 : Int(rng.next() % 40)) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let whole = Tokenizer.tokenize(text)
            for window in [1, 2, 7, 40, 300] {
                let (windowed, ends) = Self.tokenizeInWindows(text, window: window)
                let what = "window \(window) of \(text.debugDescription)"
                XCTAssertEqual(windowed.tokens, whole.tokens, what)
                XCTAssertEqual(windowed.normalized, whole.normalized, what)
                XCTAssertEqual(windowed.sentences, whole.sentences, what)
                XCTAssertEqual(windowed.sentenceWordCounts, whole.sentenceWordCounts, what)
                // Every window but the last is at least `window` bytes and ends a sentence.
                var start = 0
                for end in ends.dropLast() {
                    XCTAssertGreaterThanOrEqual(end - start, window, what)
                    XCTAssertTrue(whole.sentences.contains { $0.upperBound <= end && end - $0.upperBound <= 4 }, "\(what): window ends at \(end)")
                    start = end
                }
                XCTAssertEqual(ends.last, text.utf8.count, what)
            }
        }
    }

    func testWindowBuffersDoNotGrowWithTheString() {
        // 2 MB of sentences, and a 100 KB word: a window reserves room for about its own bytes.
        let sentence = "We are not responsible for any delay caused by our couriers, and all sales are final. "
        let text = String(repeating: sentence, count: 2_000_000 / sentence.utf8.count)
            + String(repeating: "x", count: 100_000) + ". " + sentence
        var workspace = Tokenizer.Workspace()
        var none = Tokenizer.NoSink()
        var start = 0, windows = 0, words = 0
        repeat {
            start = Tokenizer.fill(text, from: start, window: 1 << 16, into: &workspace, sink: &none)
            windows += 1
            words += workspace.tokens.count
        } while start < text.utf8.count
        XCTAssertEqual(words, Tokenizer.tokenize(text).tokens.count)
        XCTAssertGreaterThan(windows, 30)
        // The long word's window holds 100 KB of it; the sentences' windows 64 KB each.
        XCTAssertLessThan(workspace.normalized.capacity, 300_000)
        XCTAssertLessThan(workspace.tokens.capacity, 40_000)
    }

    /// Policies whose prose has many sentences: each example file, and every example's prose in
    /// one literal block, several times over (a string of about 100 KB).
    static func policies() throws -> [(name: String, yaml: String)] {
        var policies: [(String, String)] = []
        var prose: [String] = []
        let folder = repoRoot.appendingPathComponent("examples")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".yaml") {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            policies.append((name, String(decoding: bytes, as: UTF8.self)))
            let stream = try YAMLParser().parse(bytes: bytes)
            for d in stream.documents { prose += PolicyDocument(root: d.root, source: stream.source).prose.map(\.text) }
        }
        XCTAssertGreaterThan(prose.count, 20)
        let block = Array(repeating: prose, count: 8).joined().flatMap { $0.split(separator: "\n") }.map { "      " + $0 }.joined(separator: "\n")
        policies.append(("long.yaml", "policy:\n  name: Long terms\n  owner: legal@example.com\n  version: \"1\"\nterms:\n  - text: |\n" + block + "\n"))
        // The same folded, and with a claim only in its last window (a `conflict` rule's
        // denials in earlier windows must get it).
        policies.append(("folded.yaml", "policy:\n  name: Folded terms\nterms:\n  - text: >\n" + block + "\n      We guarantee delivery within 3 days.\n"))
        return policies
    }

    func testEngineFindsInWindowsWhatItFindsInOnePass() throws {
        let rules = try RulePackLoader.builtin().flatMap(\.rules)
        var whole = Engine(ruleSet: RuleSet(rules: rules))
        whole.proseWindow = .max
        var total = 0, rulesFound = Set<String>()
        for (name, yaml) in try Self.policies() {
            let expected = Linter(engine: whole).lint(bytes: Array(yaml.utf8), file: name)
            XCTAssertNil(expected.error, name)
            total += expected.findings.count
            rulesFound.formUnion(expected.findings.map(\.rule))
            print("windows: \(name) \(expected.findings.count) findings")
            for window in [1, 100, 4_096, 1 << 16] {
                var engine = whole
                engine.proseWindow = window
                let got = Linter(engine: engine).lint(bytes: Array(yaml.utf8), file: name)
                XCTAssertNil(got.error, "\(name), window \(window)")
                XCTAssertEqual(got.findings.count, expected.findings.count, "\(name), window \(window)")
                XCTAssertEqual(got.findings, expected.findings, "\(name), window \(window)")
                XCTAssertEqual(got.findings.map(\.fingerprint), expected.findings.map(\.fingerprint), "\(name), window \(window)")
            }
        }
        print("windows: \(total) findings of \(rulesFound.count) rules: \(rulesFound.sorted())")
        XCTAssertGreaterThan(total, 150)
    }

    func testBudgetErrorCountsWordsFromTheStringsStart() throws {
        // Ten sentences of 10 words, then the explosive words: the budget stops the scan in a
        // later window, and the message counts words from the string's start.
        let rules = try RulePackLoader.load(text: AdversarialTests.explosivePack(), file: "explosive.yaml").rules
        let lead = String(repeating: "One two three four five six seven eight nine ten. ", count: 10)
        let text = "policy:\n  name: x\nterms:\n  - text: " + lead + Array(repeating: "aaaaaaaa", count: 3000).joined(separator: " ") + "\n"
        var engine = Engine(ruleSet: RuleSet(rules: rules))
        for window in [Int.max, 100] {
            engine.proseWindow = window
            let r = Linter(engine: engine).lint(bytes: Array(text.utf8), file: "p.yaml")
            let message = try XCTUnwrap(r.error?.message)
            XCTAssertEqual(r.error?.line, 4)
            XCTAssertEqual(r.error?.column, 11)
            XCTAssertTrue(message.hasPrefix("rule matching stopped at word 1"), message)
            let word = Int(message.dropFirst("rule matching stopped at word ".count).prefix { $0.isNumber }) ?? 0
            XCTAssertGreaterThan(word, 100, message) // past the hundred lead words
            // The whole string's count only where the whole string was one window.
            XCTAssertEqual(message.contains(" of 3100 in "), window == .max, message)
        }
    }
}
