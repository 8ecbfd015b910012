import Foundation

/// Receives the tokens of a string as the tokenizer makes them.
protocol TokenSink: ~Copyable {
    /// The next token's normalised bytes, valid during the call only. The 8 bytes after the
    /// word's last byte may be read too (see `ScratchBuffer`): a word's bytes load as whole
    /// 8-byte integers.
    mutating func token(_ word: UnsafePointer<UInt8>, count: Int)
    /// The sentence of the tokens so far ended; the next token starts a new one.
    mutating func sentenceEnded()
}

/// Splits prose into normalised words and sentences, one pass over the bytes.
///
/// Phrases and text go through the same tokenizer, so whatever it decides (hyphens split words,
/// a possessive `'s` is its own word) holds on both sides of a match.
public enum Tokenizer {
    /// Abbreviations after which a full stop does not end a sentence.
    static let abbreviations: Set<String> = [
        "e.g", "i.e", "etc", "inc", "ltd", "llc", "co", "corp", "no", "nos", "vs", "v", "mr", "mrs", "ms",
        "dr", "st", "art", "sec", "para", "cf", "approx", "dept", "est", "fig", "jr", "sr", "u.s", "u.k",
        "e.u", "ca", "p", "pp", "ch", "vol", "min", "max", "incl", "excl", "resp", "viz", "al", "s.a", "b.v",
        "gmbh", "n.v", "plc", "pty", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec",
    ]

    /// Entity spellings of an apostrophe seen in mangled text (`don&#39;t`, `don&'; t`).
    static let apostropheEntities: [[UInt8]] = ["&#39;", "&#x27;", "&rsquo;", "&lsquo;", "&apos;", "&#8217;", "&'; ", "&';"].map { Array($0.utf8) }

    public static func tokenize(_ string: String) -> TokenizedText {
        var workspace = Workspace()
        return tokenize(string, reusing: &workspace)
    }

    /// `tokenize(_:)` with buffers kept from earlier calls: a document's strings then allocate
    /// only their results.
    static func tokenize(_ string: String, reusing workspace: inout Workspace) -> TokenizedText {
        var string = string
        return string.withUTF8 { tokenize(bytes: $0, reusing: &workspace) }
    }

    /// Buffers strings are tokenised into, one string at a time: each starts over at the
    /// buffers' start, so once they have grown to a document's longest string, tokenising
    /// allocates nothing. Token fields index the string's own buffers, as in a `TokenizedText`.
    struct Workspace: ~Copyable {
        var tokens: ScratchBuffer<Token>
        var normalized: ScratchBuffer<UInt8>
        var sentences: ScratchBuffer<Range<Int>>
        var counts: ScratchBuffer<Int>

        init() {
            self.init(tokens: 64, normalized: 256, sentences: 16)
        }

        /// Buffers with room for about `bytes` bytes of text (a word and its space average over
        /// 5 bytes; folding keeps a word's length; a sentence about 64 bytes).
        init(bytes: Int) {
            self.init(tokens: bytes / 5 + 1, normalized: bytes, sentences: bytes / 64 + 1)
        }

        private init(tokens: Int, normalized: Int, sentences: Int) {
            self.tokens = ScratchBuffer(capacity: tokens)
            self.normalized = ScratchBuffer(capacity: normalized)
            self.sentences = ScratchBuffer(capacity: sentences)
            self.counts = ScratchBuffer(capacity: sentences)
        }

        /// Drops the last string; the next starts at the buffers' start.
        mutating func startString() {
            tokens.removeAll()
            normalized.removeAll()
            sentences.removeAll()
            counts.removeAll()
        }

        /// The last string tokenised here, copied out.
        func text() -> TokenizedText {
            TokenizedText(tokens: tokens.array(from: 0), normalized: normalized.array(from: 0),
                          sentences: sentences.array(from: 0), sentenceWordCounts: counts.array(from: 0))
        }

        /// The last string tokenised here, viewed in place: valid until the next string.
        func lastText() -> ScannedText {
            ScannedText(tokens: tokens.contents, normalized: normalized.contents, sentenceWordCounts: counts.contents)
        }

        /// Whether a sentence of the last string tokenised here has more than `limit` words.
        func hasSentence(longerThan limit: Int) -> Bool {
            for k in 0..<counts.count where counts[k] > limit { return true }
            return false
        }
    }

    /// The tokenizer proper, over the string's own UTF-8 buffer (no copy).
    ///
    /// Words are folded straight into `normalized`. A word of ASCII letters and digits (most
    /// of them) is final as soon as it is lower-cased; only a word with a non-ASCII character
    /// goes through NFKC and Unicode case folding afterwards.
    static func tokenize(bytes: UnsafeBufferPointer<UInt8>, reusing workspace: inout Workspace) -> TokenizedText {
        var sink = NoSink()
        fill(bytes: bytes, into: &workspace, sink: &sink)
        return workspace.text()
    }

    /// Tokenises a window of `string` into `workspace` only, handing each token, as it is made,
    /// to `sink` (`PhraseMatcher.Scanner` matches phrases while the words are being folded): the
    /// caller copies the result out (`Workspace.text()`) if it needs it, before the next window.
    ///
    /// The window: from byte `start` (0, or where the last window stopped)
    /// to the end of the first sentence that ends `window` bytes or more after `start`, or to
    /// the string's end, and returns where it stopped (the string's UTF-8 count at its end).
    ///
    /// A long string (a folded scalar of several megabytes) is read window by window, so that
    /// memory holds one window's tokens, not 20 bytes for every word of the string. Windows end
    /// with sentences, and neither a match nor a rule's check crosses a sentence: tokenising and
    /// checking window by window finds what one pass over the whole string finds. In a window,
    /// tokens keep their byte offsets in the whole string; their `normalized` ranges and their
    /// `sentence` numbers count from the window's start, as for a string of their own.
    static func fill<Sink: TokenSink & ~Copyable>(_ string: String, from start: Int, window: Int,
                                                   into workspace: inout Workspace, sink: inout Sink) -> Int {
        // In place when the string's bytes are contiguous (native strings, all of a document's):
        // a `var` copy for `withUTF8` cost a retain and a release a window.
        if let end = string.utf8.withContiguousStorageIfAvailable({ fill(bytes: $0, from: start, window: window, into: &workspace, sink: &sink) }) {
            return end
        }
        var string = string
        return string.withUTF8 { fill(bytes: $0, from: start, window: window, into: &workspace, sink: &sink) }
    }

    static func fill<Sink: TokenSink & ~Copyable>(bytes: UnsafeBufferPointer<UInt8>, into workspace: inout Workspace,
                                                   sink: inout Sink) {
        _ = fill(bytes: bytes, from: 0, window: .max, into: &workspace, sink: &sink)
    }

    static func fill<Sink: TokenSink & ~Copyable>(bytes: UnsafeBufferPointer<UInt8>, from start: Int, window: Int,
                                                   into workspace: inout Workspace, sink: inout Sink) -> Int {
        // Tokens hold 32-bit offsets: a longer string (none comes from a file) is read up to there.
        let bytes = bytes.count <= Token.maxOffset ? bytes : UnsafeBufferPointer(rebasing: bytes[..<Token.maxOffset])
        return asciiWordLower.withUnsafeBufferPointer {
            fill(bytes: bytes, from: min(start, bytes.count), window: window, asciiWordLower: $0, into: &workspace, sink: &sink)
        }
    }

    /// A sink that does nothing: the plain tokenizer.
    struct NoSink: TokenSink {
        @inline(__always) mutating func token(_ word: UnsafePointer<UInt8>, count: Int) {}
        @inline(__always) mutating func sentenceEnded() {}
    }

    /// For each byte value: the lower-cased byte if it is an ASCII letter or digit, else 0.
    static let asciiWordLower: [UInt8] = (0...255).map { (b: Int) -> UInt8 in
        let c = UInt8(b)
        return c >= 0x41 && c <= 0x5A ? c + 32 : isASCIIWordByte(c) ? c : 0
    }

    private static func fill<Sink: TokenSink & ~Copyable>(bytes: UnsafeBufferPointer<UInt8>, from start: Int, window: Int,
                                                           asciiWordLower lower: UnsafeBufferPointer<UInt8>,
                                                           into ws: inout Workspace, sink: inout Sink) -> Int {
        let n = bytes.count
        ws.startString()
        let expected = min(n &- start, window) // a window runs on to its sentence's end: the buffers grow then
        ws.tokens.reserve(expected / 5 + 1) // words average over 6 bytes with their spaces
        ws.normalized.reserve(expected)
        var sentence = 0
        var sentenceStart = start
        var wordsInSentence = 0
        var i = start
        // Set when a sentence ends `window` bytes or more after `start`: the window stops there.
        var windowFull = false

        func endSentence(at end: Int) {
            if wordsInSentence > 0 {
                ws.sentences.append(sentenceStart..<end)
                ws.counts.append(wordsInSentence)
                sentence += 1
                sink.sentenceEnded()
                windowFull = end &- start >= window
            }
            wordsInSentence = 0
        }

        while i < n {
            let b = bytes[i]
            // Spaces are by far the most common non-word byte: nothing to do for them.
            if b == 0x20 { i &+= 1; continue }
            // Most words are ASCII letters and digits up to a byte that cannot continue a word:
            // their token is final once the run is copied. Any other word starts over below.
            if lower[Int(b)] != 0 {
                // Room for the run, its space and its token, checked once here: the appends
                // below check nothing (they were three checks a word; 3.8 M instructions on 10 MB).
                ws.normalized.reserve(min(n &- i, runChunk) &+ 1)
                ws.tokens.reserve(1)
                let normStart = ws.normalized.count
                let end = foldASCIIRun(bytes, from: i, lower, into: &ws.normalized, reserved: true)
                if end == n || endsASCIIWord(bytes[end]) {
                    if wordsInSentence == 0 { sentenceStart = i }
                    ws.tokens.appendUnchecked(Token(start: i, end: end, normalized: normStart..<ws.normalized.count, sentence: sentence))
                    sink.token(ws.normalized.baseAddress + normStart, count: end &- i)
                    ws.normalized.appendUnchecked(0x20) // the word's space (`TokenizedText.normalized`)
                    wordsInSentence &+= 1
                    i = end
                    continue
                }
                ws.normalized.removeLast(end - i)
            }
            let (scalar, len) = decode(bytes, i)
            if isWordScalar(scalar) {
                // A word: letters/digits with inner apostrophes.
                if wordsInSentence == 0 { sentenceStart = i }
                let start = i
                var end = i
                var ascii = true
                var j = i
                var lastApostropheInWord = -1 // offset of the last apostrophe in the folded word
                var lastApostropheOriginal = start
                let normStart = ws.normalized.count
                while j < n {
                    let k = foldASCIIRun(bytes, from: j, lower, into: &ws.normalized)
                    if k > j {
                        j = k; end = j
                        if j == n || endsASCIIWord(bytes[j]) { break }
                        continue
                    }
                    let (s, l) = decode(bytes, j)
                    if isWordScalar(s) {
                        ws.normalized.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[j..<(j + l)]))
                        ascii = false
                        j += l; end = j; continue
                    }
                    // Apostrophe between word characters?
                    var skip = 0
                    if isApostrophe(s) { skip = l }
                    else if s == "&" { skip = entityLength(bytes, j) }
                    if skip > 0, j + skip < n, isWordScalar(decode(bytes, j + skip).0) {
                        lastApostropheInWord = ws.normalized.count - normStart
                        lastApostropheOriginal = j
                        ws.normalized.append(0x27)
                        j += skip; continue
                    }
                    break
                }
                let wordCount = ws.normalized.count - normStart
                let wordLast = ws.normalized[ws.normalized.count - 1]
                if !ascii {
                    let word = ws.normalized.array(from: normStart)
                    ws.normalized.removeLast(ws.normalized.count - normStart)
                    var folded = normalize(word)
                    folded.withUTF8 { _ = ws.normalized.append(contentsOf: $0) }
                }
                var normEnd = ws.normalized.count
                var tokenEnd = end
                var possessive: Token?
                // Split a possessive 's off into its own word ("lab's" -> "lab", "'s").
                if lastApostropheInWord >= 0, lastApostropheInWord == wordCount - 2, wordLast == 0x73 || wordLast == 0x53,
                   normEnd - normStart > 2, ws.normalized[normEnd - 2] == 0x27, ws.normalized[normEnd - 1] == 0x73 {
                    normEnd -= 2
                    tokenEnd = lastApostropheOriginal
                    // "'s" is a word of its own, after the word's space: "lab's" -> "lab 's".
                    ws.normalized.setLastTwo(0x20, 0x27)
                    ws.normalized.append(0x73)
                    possessive = Token(start: lastApostropheOriginal, end: end, normalized: (normEnd + 1)..<(normEnd + 3), sentence: sentence)
                }
                ws.tokens.append(Token(start: start, end: tokenEnd, normalized: normStart..<normEnd, sentence: sentence))
                sink.token(ws.normalized.baseAddress + normStart, count: normEnd - normStart)
                wordsInSentence += 1
                if let p = possessive {
                    ws.tokens.append(p)
                    sink.token(ws.normalized.baseAddress + normEnd + 1, count: 2)
                }
                ws.normalized.append(0x20)
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
                    if scalar == ".", let last = ws.tokens.last {
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
                if windowFull { return i }
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
                if windowFull { return i }
                continue
            }
            i += len
        }
        endSentence(at: n)
        return n
    }

    /// Appends the run of ASCII letters and digits at `start` to `out`, lower-cased; returns
    /// where the run ends.
    @inline(__always)
    /// `reserved`: the caller has made room for the run (`min(bytes.count - start, runChunk)`).
    static func foldASCIIRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ lower: UnsafeBufferPointer<UInt8>,
                             into out: inout ScratchBuffer<UInt8>, reserved: Bool = false) -> Int {
        var k = start
        // At most `runChunk` bytes a call: room is reserved for the longest run a call may
        // fold, which must not be the rest of a string read window by window. A longer run
        // ends the call as a word byte would, and callers go on from there.
        let limit = min(bytes.count, start &+ runChunk)
        // Wrapping arithmetic: k stays within `bytes`, so no overflow checks in the loop.
        out.append(atMost: limit &- start, reserved: reserved) { dst in
            // Eight bytes at a time while eight remain: the run's end is found from a mask, not
            // a branch per byte that mispredicts at each word's end. Stores all eight folded
            // bytes; those past the run are within `atMost` and not counted.
            while k &+ 8 <= limit {
                let w = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + k).loadUnaligned(as: UInt64.self))
                let (word, folded) = foldASCIIWordBytes(w)
                UnsafeMutableRawPointer(dst + (k &- start)).storeBytes(of: folded.littleEndian, as: UInt64.self)
                if word == Self.highBits { k &+= 8; continue }
                k &+= (~word & Self.highBits).trailingZeroBitCount &>> 3
                return k &- start
            }
            while k < limit {
                let folded = lower[Int(bytes[k])]
                if folded == 0 { break }
                dst[k &- start] = folded
                k &+= 1
            }
            return k &- start
        }
        return k
    }

    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The most bytes one call of `foldASCIIRun` folds (words are far shorter).
    static let runChunk = 4_096

    /// Of eight bytes: the high bit of each that is an ASCII letter or digit, and the bytes
    /// with ASCII capitals lower-cased (as `asciiWordLower` maps them).
    @inline(__always)
    static func foldASCIIWordBytes(_ w: UInt64) -> (word: UInt64, folded: UInt64) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let ascii = ~w & highBits
        let x = w & ~highBits // seven bits a byte: adding below 0x81 a byte carries into no other
        @inline(__always) func atLeast(_ v: UInt64, _ low: UInt64) -> UInt64 { (v &+ (0x80 &- low) &* ones) & highBits }
        @inline(__always) func atMost(_ v: UInt64, _ high: UInt64) -> UInt64 { ~(v &+ (0x7F &- high) &* ones) & highBits }
        let digit = atLeast(x, 0x30) & atMost(x, 0x39)
        let upper = atLeast(x, 0x41) & atMost(x, 0x5A)
        let lowerCase = atLeast(x, 0x61) & atMost(x, 0x7A)
        return ((digit | upper | lowerCase) & ascii, w | ((upper & ascii) >> 2))
    }

    /// Whether a byte right after a run of ASCII letters and digits ends the word: an ASCII
    /// byte other than the apostrophes ' ` and the & of an apostrophe entity.
    @inline(__always)
    static func endsASCIIWord(_ b: UInt8) -> Bool {
        b < 0x80 && b != 0x27 && b != 0x60 && b != 0x26
    }

    /// Tokenises a phrase pattern word list: the normalised words only.
    public static func words(_ string: String) -> [String] {
        tokenize(string).words
    }

    // MARK: - Helpers

    @inline(__always)
    static func decode(_ b: [UInt8], _ i: Int) -> (Unicode.Scalar, Int) {
        b.withUnsafeBufferPointer { decode($0, i) }
    }

    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        let c = b[i]
        if c < 0x80 { return (Unicode.Scalar(c), 1) }
        var len = 1, v: UInt32 = 0
        if c & 0xE0 == 0xC0 { len = 2; v = UInt32(c & 0x1F) }
        else if c & 0xF0 == 0xE0 { len = 3; v = UInt32(c & 0x0F) }
        else if c & 0xF8 == 0xF0 { len = 4; v = UInt32(c & 0x07) }
        else { return ("\u{FFFD}", 1) }
        guard i + len <= b.count else { return ("\u{FFFD}", 1) }
        for k in 1..<len { v = v << 6 | UInt32(b[i + k] & 0x3F) }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", len)
    }

    @inline(__always)
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
        }
        // Dashes, curly quotes and bullets (U+2010–U+2027, most of the non-ASCII in prose) are
        // punctuation: no look-up of properties (about a thousand instructions).
        if s.value &- 0x2010 < 0x18 { return false }
        let p = s.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
    }

    /// An ASCII letter or digit: the ASCII bytes `isWordScalar` accepts.
    @inline(__always)
    static func isASCIIWordByte(_ b: UInt8) -> Bool {
        (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10
    }

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
    }

    static func isApostrophe(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "'", "\u{2019}", "\u{2018}", "\u{02BC}", "`", "\u{00B4}", "\u{2032}": return true
        default: return false
        }
    }

    static func entityLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        for e in apostropheEntities where i + e.count <= b.count {
            if b[i..<(i + e.count)].elementsEqual(e) { return e.count }
        }
        return 0
    }

    static func asciiLower(_ word: [UInt8]) -> String {
        String(decoding: word.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// NFKC and case folding for words with non-ASCII characters.
    static func normalize(_ word: [UInt8]) -> String {
        let s = String(decoding: word, as: UTF8.self)
        let folded = s.precomposedStringWithCompatibilityMapping.lowercased()
        // Foundation's replace costs thousands of instructions even when there is nothing to
        // replace: asked only when U+2019's first byte is there.
        guard folded.utf8.contains(0xE2) else { return folded }
        return folded.replacingOccurrences(of: "\u{2019}", with: "'")
    }

    /// Length in bytes of the longest abbreviation.
    static let longestAbbreviation = abbreviations.map(\.utf8.count).max() ?? 0

    /// A text of at most 7 bytes, ASCII letters lower-cased, and its length packed in one
    /// integer: equal keys, equal texts (as `asciiLower` gives them). No String per lookup.
    static func abbreviationKey(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        precondition(text.count < 8)
        var key = UInt64(text.count) << 56
        for (k, b) in text.enumerated() { key |= UInt64(b >= 0x41 && b <= 0x5A ? b + 32 : b) << (8 * k) }
        return key
    }

    /// The keys of `abbreviations`, sorted.
    static let abbreviationKeys: [UInt64] = abbreviations.map { Array($0.utf8).withUnsafeBufferPointer(abbreviationKey) }.sorted()

    static func isAbbreviationKey(_ key: UInt64) -> Bool {
        var low = 0, high = abbreviationKeys.count
        while low < high {
            let mid = (low + high) / 2
            if abbreviationKeys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < abbreviationKeys.count && abbreviationKeys[low] == key
    }

    static func isAbbreviation(_ token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Include inner dots: "e.g", "u.s" are one token each side of dots; look back over "x.y" runs.
        var start = token.start
        while start >= 2, bytes[start - 1] == 0x2E, isWordByte(bytes[start - 2]) {
            var k = start - 2
            while k > 0, isWordByte(bytes[k - 1]) { k -= 1 }
            start = k
        }
        // Abbreviations are ASCII, so a longer text cannot be one (and is not looked up).
        if token.end - start <= longestAbbreviation,
           isAbbreviationKey(abbreviationKey(UnsafeBufferPointer(rebasing: bytes[start..<token.end]))) {
            return true
        }
        // Single letters ("J. Smith", "U.S.") do not end sentences.
        return token.end - token.start == 1 && bytes[token.start] >= 0x41 && bytes[token.start] <= 0x5A
    }
}
