import Foundation
@testable import PolicyLint
import XCTest

/// The tokenizer's fast paths (ASCII runs copied and lower-cased at once, words folded straight
/// into the output buffer) give exactly what the tokenizer gave before them: `ReferenceTokenizer`
/// is that earlier implementation, compared on tricky input and on random mixes of it.
final class TokenizerEquivalenceTests: XCTestCase {
    static let pieces = [
        "We", "refund", "REFUND", "Café", "ÉTÉ", "ﬁnal", "Straße", "İstanbul", "x²", "Ⅻ", "١٢٣", "日本語", "e\u{301}",
        "don't", "don’t", "lab's", "LAB'S", "lab’s", "Lab`s", "it´s", "don&#39;t", "don&'; t", "don&rsquo;t", "&amp;", "&",
        "money-back", "24/7", "3.5", "e.g.", "i.e.", "U.S.", "No.", "approx.", "Inc.", "J.", "a.", "etc.", "'s", "s'", "''",
        " ", "  ", "\t", "\n", "\n\n", "\r\n", "\n- ", "\n* ", "\n• ", ".", "!", "?", "。", "...", ".\"", ".)", ",", ";",
        "(", ")", "\"", "—", "…", "\u{200B}", "\u{FEFF}", "😀", "🇫🇷", "ｆｕｌｌ", "㍱", "Ǆ", "ﬀ",
        // Words the ASCII fast path ends at once, or hands to the general path (' ` & or a
        // non-ASCII byte after the run), and abbreviations by their packed keys.
        "word", "Word9", "a", "Z", "0", "abc'", "abc`", "abc&", "abc&#39;s", "abc&#x27;", "abc&apos;", "abcé", "abc’s",
        "abc\u{301}", "ab1’", "x-y", "x_y", "x@y", "x\u{0}y", "Approx.", "APPROX.", "Sept.", "sept.", "Nos.", "e.g",
        "E.G.", "u.s.", "S.A.", "b.v.", "Ltd.", "ltd..", "dept.\n", "fig.\r\n", "approxx.", "aprox.", "Mr.", "MR.", "m.",
        "vs.", "v.", "Co.", "co.,", "\r", "\r\r", "\r\n\r\n", "\t\t", ". a", ". A", "!a", "?\"", "1.", "12.",
    ]

    func testTrickyInputs() {
        for piece in Self.pieces {
            for text in [piece, "The \(piece) refund.", "\(piece)\(piece)", "a\(piece)b", "\(piece)s fault. Next"] {
                assertSame(text)
            }
        }
    }

    func testRandomMixes() {
        var rng = SplitMix(seed: 42)
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int(rng.next() % 12) { text += Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }
            assertSame(text)
        }
    }

    /// Fingerprints hash the flagged words joined by spaces as one range of `normalized`:
    /// for every run of words `i...j` (possessives split off included), the bytes from word
    /// `i`'s start to word `j`'s end are the words joined by single spaces.
    func testWordRunsAreContiguousWithSpaces() {
        var rng = SplitMix(seed: 11)
        var texts = Self.pieces.map { "The \($0) lab's refund. \($0)s fault" }
        for _ in 0..<1_000 {
            var text = ""
            for _ in 0..<Int(rng.next() % 12) { text += Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }
            texts.append(text)
        }
        var possessives = 0
        for text in texts {
            let t = Tokenizer.tokenize(text)
            possessives += t.tokens.indices.filter { t.word($0) == "'s" }.count
            for i in t.tokens.indices {
                for j in i..<min(t.tokens.count, i + 6) {
                    let joined = (i...j).map { t.word($0) }.joined(separator: " ")
                    let range = t.tokens[i].normalized.lowerBound..<t.tokens[j].normalized.upperBound
                    XCTAssertEqual(String(decoding: t.normalized[range], as: UTF8.self), joined, "words \(i)...\(j) of \(text.debugDescription)")
                }
            }
        }
        XCTAssertGreaterThan(possessives, 100) // the split-off "'s" is covered
    }

    /// One workspace reused over many strings (as `Engine.check` does) gives what a fresh one gives.
    func testReusedWorkspace() {
        var rng = SplitMix(seed: 7)
        var workspace = Tokenizer.Workspace()
        for round in 0..<2_000 {
            var text = ""
            // Long strings now and then, so that the buffers grow and are then reused for short ones.
            let count = round % 50 == 0 ? 400 : Int(rng.next() % 12)
            for _ in 0..<count { text += Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }
            let reused = Tokenizer.tokenize(text, reusing: &workspace), old = ReferenceTokenizer.tokenize(text)
            XCTAssertEqual(reused.tokens, old.tokens, "tokens of \(text.debugDescription)")
            XCTAssertEqual(reused.normalized, old.normalized, "normalized of \(text.debugDescription)")
            XCTAssertEqual(reused.sentences, old.sentences, "sentences of \(text.debugDescription)")
            XCTAssertEqual(reused.sentenceWordCounts, old.sentenceWordCounts, "counts of \(text.debugDescription)")
        }
    }

    /// The packed-key lookup of abbreviations agrees with the set of strings on every short
    /// text made of letters (either case), dots and a few other bytes.
    func testAbbreviationKeys() {
        let alphabet = Array("aegiopsuxzAEGIOPSUXZ.é'".utf8)
        var rng = SplitMix(seed: 3)
        var texts = Tokenizer.abbreviations.map { Array($0.utf8) } + Tokenizer.abbreviations.map { Array($0.uppercased().utf8) }
        for _ in 0..<50_000 {
            texts.append((0..<Int(rng.next() % 7)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        }
        var found = 0
        for text in texts where text.count <= Tokenizer.longestAbbreviation {
            let old = Tokenizer.abbreviations.contains(Tokenizer.asciiLower(text))
            let new = text.withUnsafeBufferPointer { Tokenizer.isAbbreviationKey(Tokenizer.abbreviationKey($0)) }
            XCTAssertEqual(new, old, String(decoding: text, as: UTF8.self))
            if new { found += 1 }
        }
        XCTAssertGreaterThan(found, 2 * Tokenizer.abbreviations.count - 1)
    }

    /// `isWordScalar`'s shortcuts (ASCII, general punctuation) agree with the Unicode
    /// properties on every scalar.
    func testWordScalarsMatchProperties() {
        var words = 0
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            let p = s.properties
            let expected = p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
            if Tokenizer.isWordScalar(s) != expected { XCTFail("U+\(String(v, radix: 16)): \(!expected)") }
            if expected { words += 1 }
        }
        XCTAssertGreaterThan(words, 100_000)
    }

    func assertSame(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let new = Tokenizer.tokenize(text), old = ReferenceTokenizer.tokenize(text)
        XCTAssertEqual(new.tokens, old.tokens, "tokens of \(text.debugDescription)", file: file, line: line)
        XCTAssertEqual(new.normalized, old.normalized, "normalized of \(text.debugDescription)", file: file, line: line)
        XCTAssertEqual(new.sentences, old.sentences, "sentences of \(text.debugDescription)", file: file, line: line)
        XCTAssertEqual(new.sentenceWordCounts, old.sentenceWordCounts, "counts of \(text.debugDescription)", file: file, line: line)
    }
}

/// A small deterministic generator, so that failures reproduce.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The tokenizer as it was before its fast paths (commit aaa34ee), for comparison only.
enum ReferenceTokenizer {
    static func tokenize(_ string: String) -> TokenizedText {
        var tokens: [Token] = []
        var sentences: [Range<Int>] = []
        var counts: [Int] = []
        let bytes = Array(string.utf8)
        let n = bytes.count
        var sentence = 0
        var sentenceStart = 0
        var wordsInSentence = 0
        var i = 0
        var word: [UInt8] = []
        word.reserveCapacity(32)
        var normalized: [UInt8] = []
        normalized.reserveCapacity(string.utf8.count)

        func endSentence(at end: Int) {
            if wordsInSentence > 0 {
                sentences.append(sentenceStart..<end)
                counts.append(wordsInSentence)
                sentence += 1
            }
            wordsInSentence = 0
        }

        while i < n {
            let (scalar, len) = Tokenizer.decode(bytes, i)
            if Tokenizer.isWordScalar(scalar) {
                // A word: letters/digits with inner apostrophes.
                if wordsInSentence == 0 { sentenceStart = i }
                let start = i
                var end = i + len
                var ascii = scalar.isASCII
                var j = end
                var lastApostropheInWord = -1 // byte offset of the last apostrophe in `word`
                var lastApostropheOriginal = start
                word.removeAll(keepingCapacity: true)
                appendFolded(bytes, i, len, to: &word)
                while j < n {
                    let (s, l) = Tokenizer.decode(bytes, j)
                    if Tokenizer.isWordScalar(s) {
                        appendFolded(bytes, j, l, to: &word); ascii = ascii && l == 1
                        j += l; end = j; continue
                    }
                    // Apostrophe between word characters?
                    var skip = 0
                    if Tokenizer.isApostrophe(s) { skip = l }
                    else if s == "&" { skip = entityLength(bytes, j) }
                    if skip > 0, j + skip < n, Tokenizer.isWordScalar(Tokenizer.decode(bytes, j + skip).0) {
                        lastApostropheInWord = word.count
                        lastApostropheOriginal = j
                        word.append(0x27)
                        j += skip; continue
                    }
                    break
                }
                let normStart = normalized.count
                if ascii { normalized.append(contentsOf: word) } else { normalized.append(contentsOf: Tokenizer.normalize(word).utf8) }
                var normEnd = normalized.count
                var tokenEnd = end
                var possessive: Token?
                // Split a possessive 's off into its own word ("lab's" -> "lab", "'s").
                if lastApostropheInWord >= 0, lastApostropheInWord == word.count - 2, word.last == 0x73 || word.last == 0x53,
                   normEnd - normStart > 2, normalized[normEnd - 2] == 0x27, normalized[normEnd - 1] == 0x73 {
                    normEnd -= 2
                    tokenEnd = lastApostropheOriginal
                    normalized.insert(0x20, at: normEnd) // each word is followed by a space
                    possessive = Token(start: lastApostropheOriginal, end: end, normalized: (normEnd + 1)..<(normEnd + 3), sentence: sentence)
                }
                tokens.append(Token(start: start, end: tokenEnd, normalized: normStart..<normEnd, sentence: sentence))
                wordsInSentence += 1
                if let p = possessive { tokens.append(p) }
                normalized.append(0x20)
                i = j
                continue
            }
            // Sentence ends: . ! ? followed by space/end; a blank line; a list bullet after a break.
            if scalar == "." || scalar == "!" || scalar == "?" || scalar == "。" {
                var j = i + len
                while j < n, bytes[j] == 0x2E || bytes[j] == 0x21 || bytes[j] == 0x3F || bytes[j] == 0x22 || bytes[j] == 0x27 || bytes[j] == 0x29 { j += 1 }
                let atEnd = j >= n
                let followedBySpace = atEnd || bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x09 || bytes[j] == 0x0D
                if followedBySpace, wordsInSentence > 0 {
                    var ends = true
                    if scalar == ".", let last = tokens.last {
                        if isAbbreviation(last, bytes) { ends = false }
                        // Next word starts lower-case: "approx. five" is not a new sentence.
                        var k = j
                        while k < n, bytes[k] == 0x20 || bytes[k] == 0x0A || bytes[k] == 0x09 || bytes[k] == 0x0D { k += 1 }
                        if k < n, bytes[k] >= 0x61, bytes[k] <= 0x7A { ends = false }
                        // A single letter or number before the stop: "No. 5", "U.S." handled above; "a." list labels end.
                    }
                    if ends { endSentence(at: j) }
                }
                i = j
                continue
            }
            if scalar == "\n" || scalar == "\r" {
                // A blank line or a bullet on the next line ends the sentence.
                var j = i + len
                if scalar == "\r", j < n, bytes[j] == 0x0A { j += 1 }
                var k = j
                while k < n, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
                if k < n, bytes[k] == 0x0A || bytes[k] == 0x0D || bytes[k] == 0x2D || bytes[k] == 0x2A || (bytes[k] == 0xE2 && k + 2 < n && bytes[k + 1] == 0x80 && bytes[k + 2] == 0xA2) {
                    endSentence(at: i)
                }
                i = j
                continue
            }
            i += len
        }
        endSentence(at: n)
        // Tokens of a trailing sentence with no words cannot exist; clamp indices.
        return TokenizedText(tokens: tokens, normalized: normalized, sentences: sentences, sentenceWordCounts: counts)
    }

    static func entityLength(_ b: [UInt8], _ i: Int) -> Int {
        for e in Tokenizer.apostropheEntities where i + e.count <= b.count {
            if b[i..<(i + e.count)].elementsEqual(e) { return e.count }
        }
        return 0
    }

    /// Appends the bytes of one character, ASCII letters lower-cased (the rest is folded later).
    @inline(__always)
    static func appendFolded(_ b: [UInt8], _ i: Int, _ len: Int, to out: inout [UInt8]) {
        if len == 1 {
            let c = b[i]
            out.append(c >= 0x41 && c <= 0x5A ? c + 32 : c)
        } else {
            for k in i..<(i + len) { out.append(b[k]) }
        }
    }

    static func isAbbreviation(_ token: Token, _ bytes: [UInt8]) -> Bool {
        // Include inner dots: "e.g", "u.s" are one token each side of dots; look back over "x.y" runs.
        var start = token.start
        while start >= 2, bytes[start - 1] == 0x2E, Tokenizer.isWordByte(bytes[start - 2]) {
            var k = start - 2
            while k > 0, Tokenizer.isWordByte(bytes[k - 1]) { k -= 1 }
            start = k
        }
        let text = Tokenizer.asciiLower(Array(bytes[start..<token.end]))
        if Tokenizer.abbreviations.contains(text) { return true }
        // Single letters ("J. Smith", "U.S.") do not end sentences.
        return token.end - token.start == 1 && bytes[token.start] >= 0x41 && bytes[token.start] <= 0x5A
    }
}
