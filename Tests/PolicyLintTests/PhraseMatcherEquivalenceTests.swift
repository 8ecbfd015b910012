import Foundation
@testable import PolicyLint
import XCTest

/// The matcher's faster tables (word trie rows by byte class, root children by symbol,
/// unchecked hash table reads, one sentence check per token instead of one per live match) find exactly what the matcher found
/// before them, in the same order, and stop at the same step of the same budget:
/// `ReferencePhraseMatcher` is that earlier implementation (commit 17a792a), on `Dictionary`.
final class PhraseMatcherEquivalenceTests: XCTestCase {
    /// Every phrase of the built-in packs, with made-up pattern ids (several phrases share one).
    static func builtinPhrases() throws -> [Phrase] {
        var out: [Phrase] = []
        for pack in try RulePackLoader.builtin() {
            for rule in pack.rules {
                switch rule.check {
                case let .phrases(p, u, _): out += phrases(p) + phrases(u)
                case let .near(a, b, _, u, _): out += phrases(a) + phrases(b) + phrases(u)
                case let .conflict(c, d, u): out += phrases(c) + phrases(d) + phrases(u)
                case let .absent(_, p): out += phrases(p)
                default: break
                }
            }
        }
        return out
    }

    static func phrases(_ list: LocalizedPhrases?) -> [Phrase] { list?.all.map(\.1) ?? [] }

    /// Words that make matches likely: the phrases' own words (prefixes with and without an ending).
    static func words(of phrases: [Phrase]) -> [String] {
        var words: [String] = []
        for phrase in phrases {
            for variant in phrase.variants {
                for element in variant {
                    switch element {
                    case .word(let w): words.append(w)
                    case .prefix(let p): words += [p, p + "ed", p.uppercased() + "s"]
                    }
                }
            }
        }
        return words
    }

    static let separators = [" ", " ", " ", ", ", ". ", ". The ", "\n\n", "! ", " e.g. ", "’s ", "'s ", " — ", "\r\n- "]

    func texts(_ words: [String], count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix(seed: seed)
        let extra = TokenizerEquivalenceTests.pieces
        return (0..<count).map { _ in
            var text = ""
            for _ in 0..<Int(rng.next() % 40) {
                text += rng.next() % 5 == 0 ? extra[Int(rng.next() % UInt64(extra.count))] : words[Int(rng.next() % UInt64(words.count))]
                text += Self.separators[Int(rng.next() % UInt64(Self.separators.count))]
            }
            return text
        }
    }

    func build(_ phrases: [Phrase], denseWordNodes: Int = 4_096) -> (PhraseMatcher, ReferencePhraseMatcher) {
        var new = PhraseMatcher(denseWordNodes: denseWordNodes), old = ReferencePhraseMatcher()
        for (i, phrase) in phrases.enumerated() {
            new.add(phrase, as: i / 3)
            old.add(phrase, as: i / 3)
        }
        return (new, old)
    }

    /// Scans every text with both matchers, asserting the same matches; returns how many there were.
    func assertSameMatches(_ new: PhraseMatcher, _ old: ReferencePhraseMatcher, _ texts: [String],
                           file: StaticString = #filePath, line: UInt = #line) -> Int {
        var matched = 0
        for text in texts {
            let t = Tokenizer.tokenize(text)
            let expected = old.scan(t)
            XCTAssertEqual(new.scan(t), expected, text.debugDescription, file: file, line: line)
            matched += expected.count
        }
        return matched
    }

    func testBuiltinPhrasesOnRandomText() throws {
        let phrases = try Self.builtinPhrases()
        XCTAssertGreaterThan(phrases.count, 500)
        let (new, old) = build(phrases)
        let matched = assertSameMatches(new, old, texts(Self.words(of: phrases), count: 3_000, seed: 11))
        XCTAssertGreaterThan(matched, 10_000) // the texts do exercise the matcher
    }

    /// The word trie's hash table (nodes past `denseWordNodes`) and its rows widened for more
    /// byte classes (words in many scripts, added after others) give the same matches.
    func testWordTrieTableAndWideRows() throws {
        var rng = SplitMix(seed: 21)
        let scripts: [ClosedRange<UInt32>] = [0x3B1...0x3C9, 0x430...0x44F, 0x5D0...0x5EA, 0x4E00...0x4E40, 0xC0...0xFF]
        var foreign: [String] = []
        for _ in 0..<300 {
            let script = scripts[Int(rng.next() % UInt64(scripts.count))]
            let length = 1 + Int(rng.next() % 4)
            let scalars = (0..<length).map { _ in Unicode.Scalar(script.lowerBound + UInt32(rng.next() % UInt64(script.count)))! }
            foreign.append(String(String.UnicodeScalarView(scalars)))
        }
        let builtin = try Self.builtinPhrases()
        let extra = try (0..<150).map { k in
            try Phrase(k % 3 == 0 ? "\(foreign[k])*" : "\(foreign[k]) \(foreign[k + 150])")
        }
        let phrases = Array(builtin.prefix(200)) + extra + Array(builtin.dropFirst(200))
        let texts = texts(Self.words(of: phrases) + foreign, count: 1_000, seed: 13)
        for dense in [1, 2, 57, 4_096] {
            let (new, old) = build(phrases, denseWordNodes: dense)
            var matched = 0
            for text in texts {
                let t = Tokenizer.tokenize(text)
                let expected = old.scan(t)
                XCTAssertEqual(new.scan(t), expected, "dense \(dense): \(text.debugDescription)")
                matched += expected.count
            }
            XCTAssertGreaterThan(matched, 2_000)
        }
    }

    /// A pack with tens of thousands of distinct words: edges to nodes past what a `UInt16`
    /// row entry holds (`WordTrie.overflow`, kept in the hash table) find the same matches.
    func testWordTrieOverflowingRowEntries() throws {
        var rng = SplitMix(seed: 41)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let words = (0..<12_000).map { _ in String((0..<(4 + Int(rng.next() % 6))).map { _ in letters[Int(rng.next() % 26)] }) }
        let phrases = try (0..<6_000).map { k in try Phrase(k % 4 == 0 ? "\(words[k])*" : "\(words[k]) \(words[k + 6_000])") }
        let (new, old) = build(phrases)
        XCTAssertGreaterThan(new.wordNodeCount, 40_000) // past UInt16's reach
        let matched = assertSameMatches(new, old, texts(Self.words(of: phrases), count: 400, seed: 43))
        XCTAssertGreaterThan(matched, 1_000)
    }

    /// One workspace used by two matchers in turn (and by a matcher that gains phrases): its
    /// cache of words' symbols never answers for the other phrases.
    func testWorkspaceSharedByTwoMatchers() throws {
        let (first, firstReference) = build(try ["refund*", "no refunds", "a b"].map { try Phrase($0) })
        var (second, secondReference) = build(try ["refunds are final", "b*", "lab"].map { try Phrase($0) })
        var workspace = PhraseMatcher.Workspace()
        let texts = ["No refunds. Refunds are final, a b lab.", "a b b refund refunds lab labs", "refunds are final"]
        for round in 0..<3 {
            for text in texts {
                let t = Tokenizer.tokenize(text)
                XCTAssertEqual(try first.scan(t, budget: .max, reusing: &workspace), firstReference.scan(t), "round \(round): \(text)")
                XCTAssertEqual(try second.scan(t, budget: .max, reusing: &workspace), secondReference.scan(t), "round \(round): \(text)")
            }
            // New phrases change what a cached word means.
            let added = try Phrase(round == 0 ? "refunds" : round == 1 ? "a" : "final*")
            second.add(added, as: 10 + round)
            secondReference.add(added, as: 10 + round)
        }
    }

    /// One matcher (and its reference) copied, each copy then given another phrase of the same
    /// words ("store credit", "credit note").
    func copiesWithDifferentPhrases() throws -> (PhraseMatcher, ReferencePhraseMatcher, PhraseMatcher, ReferencePhraseMatcher) {
        var (first, firstReference) = build(try ["refund*", "no refunds"].map { try Phrase($0) })
        var (second, secondReference) = (first, firstReference)
        let onlyFirst = try Phrase("store credit"), onlySecond = try Phrase("credit note")
        first.add(onlyFirst, as: 5)
        firstReference.add(onlyFirst, as: 5)
        second.add(onlySecond, as: 5)
        secondReference.add(onlySecond, as: 5)
        return (first, firstReference, second, secondReference)
    }

    /// Two copies of one matcher that then gain different phrases are different phrase sets:
    /// a workspace's word cache filled by one must not answer for the other (each `add` takes a
    /// version no matcher of the process has had, copies included).
    func testCopiesThatGainDifferentPhrasesShareNoCache() throws {
        let (first, firstReference, second, secondReference) = try copiesWithDifferentPhrases()
        var workspace = PhraseMatcher.Workspace()
        for text in ["a store credit note", "credit note, store credit", "no refunds, store credit"] {
            let t = Tokenizer.tokenize(text)
            for _ in 0..<2 {
                XCTAssertEqual(try first.scan(t, budget: .max, reusing: &workspace), firstReference.scan(t), text)
                XCTAssertEqual(try second.scan(t, budget: .max, reusing: &workspace), secondReference.scan(t), text)
            }
        }
        XCTAssertNotEqual(try first.scan(Tokenizer.tokenize("credit note"), budget: .max, reusing: &workspace),
                          try second.scan(Tokenizer.tokenize("credit note"), budget: .max, reusing: &workspace))
    }

    /// A scanner's word cache goes back to a pool when the scanner ends, and the next scanner
    /// takes it, whatever its matcher: a cache filled for other phrases must not answer for it.
    func testPooledWordCachesServeOneMatcherAtATime() throws {
        let (first, firstReference, second, secondReference) = try copiesWithDifferentPhrases()
        func fused(_ matcher: PhraseMatcher, _ text: String) -> [PhraseMatcher.Match]? {
            matcher.withScanner { scanner in
                var tokenizer = Tokenizer.Workspace()
                return scanner.scanInPlace(text, tokenizer: &tokenizer) ? Array(scanner.matches.contents) : nil
            }
        }
        for text in ["a store credit note", "credit note, store credit", "no refunds, store credit", "credit note"] {
            for _ in 0..<2 {
                XCTAssertEqual(fused(first, text), firstReference.scan(Tokenizer.tokenize(text)), text)
                XCTAssertEqual(fused(second, text), secondReference.scan(Tokenizer.tokenize(text)), text)
            }
        }
    }

    /// Words of 9 to 16 bytes have cache entries of their own, keyed by all their bytes: words
    /// that share their first eight bytes ("responsible", "responsibility") or differ only in
    /// length must each keep their own symbols, scan after scan with one warm scanner.
    func testLongWordsSharingTheirFirstEightBytes() throws {
        let (matcher, reference) = build(try ["not responsible", "indemnify you", "aaaaaaaaaa", "responsib* party"].map { try Phrase($0) })
        let words = ["not", "responsible", "responsibility", "responsibilities", "indemnify", "indemnification", "you",
                     "aaaaaaaaa", "aaaaaaaaaa", "aaaaaaaaaaa", "party", "responsibly", "indemnifying"]
        let matched = assertFusedSame(matcher, reference, texts(words, count: 600, seed: 29))
        XCTAssertGreaterThan(matched, 500)
    }

    /// Prefixes of each other, repeated words and optional words: many live partial matches,
    /// stopped by small budgets at the same step as before. One workspace serves every scan, as
    /// in `Engine.check`, including scans stopped half-way.
    func testBudgetsAndCrowdedPhrases() throws {
        let sources = ["a* a* a*", "a a a a", "ab* (ab) a*", "a (b) (c) a", "'s a*", "b* 's", "a", "ab", "abc*", "a b c",
                       "don't refund", "refund*", "x² y", "café (crème)", "e.g. a"]
        let phrases = try sources.map { try Phrase($0) }
        let (new, old) = build(phrases)
        let words = ["a", "ab", "abc", "abcd", "b", "c", "A", "AB", "don't", "don’t", "refund", "refunds", "x²", "y", "café",
                     "crème", "lab's", "e.g."]
        var workspace = PhraseMatcher.Workspace()
        for text in texts(words, count: 1_500, seed: 5) {
            let t = Tokenizer.tokenize(text)
            XCTAssertEqual(new.scan(t), old.scan(t), text.debugDescription)
            for budget in [0, 1, 3, 10, 40, 200, .max] {
                let a = Result { () throws(MatchBudgetExceeded) in try new.scan(t, budget: budget, reusing: &workspace) }
                let b = Result { () throws(MatchBudgetExceeded) in try old.scan(t, budget: budget) }
                XCTAssertEqual(a, b, "budget \(budget): \(text.debugDescription)")
            }
        }
    }

    /// The fused pass (`PhraseMatcher.Scanner`, tokenising and matching at once) gives the
    /// tokens of `Tokenizer.tokenize` and the matches of `scan`, string after string with one
    /// scanner and one tokenizer workspace (as `Engine.check` uses them): built-in phrases on
    /// random text with non-ASCII words, apostrophes, possessives, sentence ends and bullets.
    func testFusedScanMatchesTokenizeThenScan() throws {
        let phrases = try Self.builtinPhrases()
        let (matcher, reference) = build(phrases)
        var texts = texts(Self.words(of: phrases), count: 2_000, seed: 17)
        var rng = SplitMix(seed: 19)
        for _ in 0..<1_000 {
            var text = ""
            for _ in 0..<Int(rng.next() % 30) {
                text += TokenizerEquivalenceTests.pieces[Int(rng.next() % UInt64(TokenizerEquivalenceTests.pieces.count))]
                if rng.next() % 2 == 0 { text += " " }
            }
            texts.append(text)
        }
        let matched = assertFusedSame(matcher, reference, texts)
        XCTAssertGreaterThan(matched, 5_000)
    }

    /// The fused pass on crowded phrases (prefixes of each other, optional words, `'s`):
    /// within the budget it finds what `scan` finds; near or past it, it gives up (nil) only
    /// where the exact scan is then needed, and never keeps matches the exact scan would not
    /// reach. Long words (more symbols than the scanner's first buffers hold) included.
    func testFusedScanOnCrowdedPhrasesAndBudgets() throws {
        let sources = ["a* a* a*", "a a a a", "ab* (ab) a*", "a (b) (c) a", "'s a*", "b* 's", "a", "ab", "abc*", "a b c",
                       "don't refund", "refund*", "x² y", "café (crème)", "e.g. a"]
            + (1...80).map { String(repeating: "a", count: $0) + "*" }
        let (matcher, reference) = build(try sources.map { try Phrase($0) })
        let words = ["a", "ab", "abc", "abcd", "b", "c", "A", "AB", "don't", "don’t", "refund", "refunds", "x²", "y", "café",
                     "crème", "lab's", "e.g.", String(repeating: "a", count: 90), String(repeating: "A", count: 9)]
        let matched = assertFusedSame(matcher, reference, texts(words, count: 1_500, seed: 23))
        XCTAssertGreaterThan(matched, 10_000)
        // A string past the budget (every sequence of four of the prefixes a* ... aaaaaaaa*, as
        // in AdversarialTests): the fused pass gives up, and the exact scan then reports the
        // same error as the reference.
        var sequences = [""]
        for _ in 0..<4 { sequences = sequences.flatMap { p in (1...8).map { p + String(repeating: "a", count: $0) + "* " } } }
        let (explosiveMatcher, explosiveReference) = build(try sequences.map { try Phrase($0) })
        let explosive = Array(repeating: "aaaaaaaa", count: 400).joined(separator: " ")
        let (t, fused) = explosiveMatcher.withScanner { scanner in
            var workspace = Tokenizer.Workspace()
            let fused = scanner.scanInPlace(explosive, tokenizer: &workspace) ? Array(scanner.matches.contents) : nil
            return (workspace.text(), fused)
        }
        XCTAssertNil(fused)
        let budget = PhraseMatcher.budget(tokens: t.tokens.count)
        XCTAssertThrowsError(try explosiveMatcher.scan(t, budget: budget))
        XCTAssertEqual(Result { () throws(MatchBudgetExceeded) in try explosiveMatcher.scan(t, budget: budget) },
                       Result { () throws(MatchBudgetExceeded) in try explosiveReference.scan(t, budget: budget) })
    }

    /// The fused pass counts the steps the exact scan counts, string by string, including the
    /// live partial matches a sentence's end leaves behind (counted, though they go no further)
    /// and the fresh starts at the root that take no branch per symbol: the exact scan of the
    /// same tokens succeeds with the fused count as its budget and stops with one step less.
    /// (Matches alone would not show a miscount: the fused pass only gives up past its bound.)
    func testFusedScanCountsTheExactScansSteps() throws {
        let sources = ["a* a* a*", "a a a a", "ab* (ab) a*", "a (b) (c) a", "'s a*", "b* 's", "a", "ab", "abc*", "a b c",
                       "not responsible", "responsib* party", "you may", "may not", "at any time"]
        let matcher = build(try sources.map { try Phrase($0) }).0
        let words = ["a", "ab", "abc", "b", "c", "A", "not", "responsible", "responsibility", "party", "you", "may", "at",
                     "any", "time", "lab's", "refund", "the"]
        var workspace = Tokenizer.Workspace()
        var counted = 0
        matcher.withScanner { scanner in
            for text in texts(words, count: 1_500, seed: 31) {
                guard scanner.scanInPlace(text, tokenizer: &workspace) else { continue }
                let steps = scanner.stepsTaken, t = workspace.text()
                let within = Result { () throws(MatchBudgetExceeded) in try matcher.scan(t, budget: steps) }
                if case .failure = within { XCTFail("the exact scan took more than \(steps) steps: \(text.debugDescription)") }
                if steps > 0 {
                    let under = Result { () throws(MatchBudgetExceeded) in try matcher.scan(t, budget: steps - 1) }
                    if case .success = under { XCTFail("the exact scan took fewer than \(steps) steps: \(text.debugDescription)") }
                    counted += 1
                }
            }
        }
        XCTAssertGreaterThan(counted, 1_000)
    }

    /// Scans every text with the fused pass and with the reference (tokenizer, then scan),
    /// asserting the same tokens and matches; a give-up (nil) must be a string whose exact
    /// scan is near its budget. Returns how many matches there were.
    func assertFusedSame(_ matcher: PhraseMatcher, _ reference: ReferencePhraseMatcher, _ texts: [String],
                         file: StaticString = #filePath, line: UInt = #line) -> Int {
        var matched = 0
        var workspace = Tokenizer.Workspace()
        matcher.withScanner { scanner in
            for text in texts {
                let fused = scanner.scanInPlace(text, tokenizer: &workspace) ? Array(scanner.matches.contents) : nil
                let t = workspace.text()
                let plain = Tokenizer.tokenize(text)
                XCTAssertEqual(t.tokens, plain.tokens, text.debugDescription, file: file, line: line)
                XCTAssertEqual(t.normalized, plain.normalized, text.debugDescription, file: file, line: line)
                XCTAssertEqual(t.sentences, plain.sentences, text.debugDescription, file: file, line: line)
                XCTAssertEqual(t.sentenceWordCounts, plain.sentenceWordCounts, text.debugDescription, file: file, line: line)
                let budget = PhraseMatcher.budget(tokens: plain.tokens.count)
                let exact = Result { () throws(MatchBudgetExceeded) in try reference.scan(plain, budget: budget) }
                if let fused {
                    XCTAssertEqual(.success(fused), exact, text.debugDescription, file: file, line: line)
                    matched += fused.count
                } else {
                    // Gave up: only past the lower bound of the budget, i.e. with at least
                    // `baseSteps` steps taken, which an unbounded scan would show.
                    let unbounded = Result { () throws(MatchBudgetExceeded) in try reference.scan(plain, budget: PhraseMatcher.baseSteps) }
                    if case .success = unbounded { XCTFail("gave up below the budget: \(text.debugDescription)", file: file, line: line) }
                }
            }
        }
        return matched
    }

    /// The reference itself finds what it should, so the comparison is not between two wrong answers.
    func testReferenceFindsKnownMatches() throws {
        let (new, old) = build(try ["not our fault", "refund*"].map { try Phrase($0) })
        let t = Tokenizer.tokenize("It is not our fault. Not. Our fault! Refunds not our fault")
        let expected = [PhraseMatcher.Match(pattern: 0, first: 2, last: 4), PhraseMatcher.Match(pattern: 0, first: 8, last: 8),
                        PhraseMatcher.Match(pattern: 0, first: 9, last: 11)]
        XCTAssertEqual(old.scan(t), expected)
        XCTAssertEqual(new.scan(t), expected)
    }
}

/// The phrase matcher as it was before its faster tables, for comparison only.
struct ReferencePhraseMatcher {
    private var wordTrie: [UInt64: Int32] = [:]
    private var exactSymbol: [Int32] = [0]
    private var prefixSymbol: [Int32] = [0]
    private var transitions: [UInt64: Int32] = [:]
    private var depth: [Int32] = [0]
    private var outputs: [[Int32]] = [[]]
    private var symbolCount: Int32 = 0

    private mutating func symbol(_ element: Phrase.Element) -> Int32 {
        let (text, isPrefix): (String, Bool)
        switch element {
        case .word(let w): (text, isPrefix) = (w, false)
        case .prefix(let p): (text, isPrefix) = (p, true)
        }
        var node: Int32 = 0
        for b in text.utf8 {
            let key = UInt64(UInt32(node)) << 8 | UInt64(b)
            if let child = wordTrie[key] { node = child; continue }
            let child = Int32(exactSymbol.count)
            exactSymbol.append(0); prefixSymbol.append(0)
            wordTrie[key] = child
            node = child
        }
        if isPrefix {
            if prefixSymbol[Int(node)] == 0 { symbolCount += 1; prefixSymbol[Int(node)] = symbolCount }
            return prefixSymbol[Int(node)]
        }
        if exactSymbol[Int(node)] == 0 { symbolCount += 1; exactSymbol[Int(node)] = symbolCount }
        return exactSymbol[Int(node)]
    }

    mutating func add(_ phrase: Phrase, as pattern: Int) {
        for variant in phrase.variants {
            var node: Int32 = 0
            for element in variant {
                let key = UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbol(element)))
                if let next = transitions[key] {
                    node = next
                } else {
                    let next = Int32(depth.count)
                    depth.append(depth[Int(node)] + 1)
                    outputs.append([])
                    transitions[key] = next
                    node = next
                }
            }
            if !outputs[Int(node)].contains(Int32(pattern)) { outputs[Int(node)].append(Int32(pattern)) }
        }
    }

    func symbols(of word: ArraySlice<UInt8>) -> [Int32] {
        var out: [Int32] = []
        var node: Int32 = 0
        for b in word {
            guard let child = wordTrie[UInt64(UInt32(node)) << 8 | UInt64(b)] else { return out }
            node = child
            if prefixSymbol[Int(node)] != 0 { out.append(prefixSymbol[Int(node)]) }
        }
        if exactSymbol[Int(node)] != 0 { out.append(exactSymbol[Int(node)]) }
        return out
    }

    func scan(_ text: TokenizedText) -> [PhraseMatcher.Match] {
        (try? scan(text, budget: .max)) ?? []
    }

    func scan(_ text: TokenizedText, budget: Int) throws(MatchBudgetExceeded) -> [PhraseMatcher.Match] {
        let tokens = text.tokens
        var steps = 0
        var matches: [PhraseMatcher.Match] = []
        var live: [Int32] = []
        for (i, token) in tokens.enumerated() {
            let syms = symbols(of: text.normalized[token.normalized])
            var next: [Int32] = []
            if !syms.isEmpty {
                live.append(0)
                steps += live.count * syms.count
                if steps > budget { throw MatchBudgetExceeded(steps: steps, token: i, tokens: tokens.count) }
                for node in live {
                    if node != 0, tokens[i - Int(depth[Int(node)])].sentence != token.sentence { continue }
                    for s in syms {
                        guard let child = transitions[UInt64(UInt32(node)) << 32 | UInt64(UInt32(s))] else { continue }
                        next.append(child)
                        if outputs[Int(child)].isEmpty { continue }
                        steps += outputs[Int(child)].count
                        let first = i - Int(depth[Int(child)]) + 1
                        for p in outputs[Int(child)] { matches.append(PhraseMatcher.Match(pattern: Int(p), first: first, last: i)) }
                    }
                }
            }
            if steps > budget { throw MatchBudgetExceeded(steps: steps, token: i, tokens: tokens.count) }
            live = next
        }
        return matches
    }
}
