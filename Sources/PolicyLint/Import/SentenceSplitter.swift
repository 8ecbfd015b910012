/// Splits a block of text into sentences, as exact byte ranges of the text.
///
/// A sentence ends at `.`, `!`, `?` or an ellipsis, together with any closing quotes and
/// brackets after it, when white space (or the end of the block) follows and the next word does
/// not start in lower case. A full stop does not end a sentence after
/// - an abbreviation that never ends one (`e.g.`, `i.e.`, `Mr.`, `Dr.`, `vs.`, `approx.`);
/// - a label before a number (`No. 5`, `Art. 12`, `Sec. 3`, `p. 4`, `Jan. 5`);
/// - initials (`J. Smith`, `U.S.`, `a.m.`), unless the next word is a common sentence opener
///   (`We`, `The`, `If`, `You`, ...);
/// - a list label that opens the sentence (`2. Ship it.`, `b. Pack it.`) or follows a colon;
/// - a company name before its suffix (`Acme Co. Ltd.`).
/// Text inside brackets or quotes that close within the block (and within 300 bytes) is not
/// split: `(See section 4. It explains refunds.)` stays whole. Decimals (`3.5`), addresses
/// (`example.com`) and `e.g.,` have no space after the stop and never split.
/// Fragments without a letter or digit join the sentence before them.
public enum SentenceSplitter {
    static let neverEnd: Set<String> = [
        "e.g", "i.e", "eg", "ie", "mr", "mrs", "ms", "mx", "dr", "prof", "vs", "v", "cf", "viz", "approx",
        "incl", "esp", "resp", "ca", "cca", "al", "messrs", "hon", "rev", "capt", "sgt", "attn", "excl",
    ]
    static let beforeNumber: Set<String> = [
        "no", "nos", "nr", "art", "arts", "sec", "secs", "para", "paras", "par", "fig", "figs", "vol", "vols",
        "p", "pp", "ch", "chap", "cl", "tel", "ph", "fax", "ref", "op", "ed", "s", "ss", "item", "pt", "pts",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est",
    ]
    static let companySuffixes: Set<String> = [
        "inc", "ltd", "llc", "llp", "lp", "plc", "co", "corp", "gmbh", "ag", "sa", "bv", "nv", "pty", "kg", "oy", "ab", "srl", "spa",
    ]
    /// Words that commonly open a sentence: after initials (`U.S.`), a capitalised word starts a
    /// new sentence only when it is one of these.
    static let openers: Set<String> = [
        "a", "after", "all", "also", "although", "an", "any", "as", "at", "because", "before", "both", "but", "by",
        "each", "every", "for", "from", "he", "her", "his", "how", "however", "i", "if", "in", "it", "its", "my",
        "no", "none", "not", "on", "once", "only", "our", "please", "she", "since", "so", "some", "such", "that",
        "the", "their", "then", "there", "these", "they", "this", "those", "to", "unless", "until", "we", "what",
        "when", "where", "whether", "which", "while", "who", "why", "with", "without", "you", "your",
    ]
    /// Brackets and quotes that may close after a stop and belong to the sentence.
    static let closers: [Unicode.Scalar] = ["\"", "'", ")", "]", "}", "\u{201D}", "\u{2019}", "\u{BB}", "\u{203A}", "*", "_"]

    /// Sentence ranges of `b`, trimmed of white space, in order.
    public static func split(_ text: String) -> [Range<Int>] {
        split(Array(text.utf8))
    }

    public static func split(_ b: [UInt8]) -> [Range<Int>] {
        let n = b.count
        let protected = protectedPositions(b)
        var ends: [Int] = []
        var sentenceStart = skipSpace(b, 0)
        var i = 0
        while i < n {
            let (s, len) = Bytes.scalar(b, i)
            guard isTerminator(s) else { i += len; continue }
            // The run of stops, then closing quotes and brackets.
            var j = i + len
            var stops = 1
            while j < n {
                let (t, l) = Bytes.scalar(b, j)
                if isTerminator(t) { j += l; stops += 1 } else { break }
            }
            while j < n {
                let (t, l) = Bytes.scalar(b, j)
                if closers.contains(t) { j += l } else { break }
            }
            defer { i = j }
            if protected[j - 1] { continue }
            guard j == n || isSpace(b, j) else { continue }
            let next = skipSpace(b, j)
            if next < n {
                let word = nextWord(b, next)
                if let f = word.first, f.isLowercase, !isLabel(b, word: word, at: next) { continue }
                if s == ".", stops == 1, !endsAfterFullStop(b, stop: i, sentenceStart: sentenceStart, next: word) { continue }
            }
            ends.append(j)
            sentenceStart = next
        }
        // Ranges, trimmed; fragments with no letter or digit join the sentence before them.
        var out: [Range<Int>] = []
        var start = 0
        for end in ends + [n] where end > start {
            let r = trim(b, start..<end)
            start = end
            if r.isEmpty { continue }
            if !Bytes.hasLetterOrDigit(Array(b[r])), let last = out.popLast() {
                out.append(last.lowerBound..<r.upperBound)
            } else if let last = out.last, !Bytes.hasLetterOrDigit(Array(b[last])) {
                out[out.count - 1] = last.lowerBound..<r.upperBound
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// Whether a single full stop at `stop` ends the sentence, given the word after it.
    static func endsAfterFullStop(_ b: [UInt8], stop: Int, sentenceStart: Int, next: String) -> Bool {
        // The word before the stop, with inner dots: "U.S", "e.g", "No", "Inc", "3".
        var k = stop
        while k > 0 {
            let c = b[k - 1]
            if Bytes.isAlnum(c) || c >= 0x80 { k -= 1; continue }
            if c == 0x2E, k >= 2, Bytes.isAlnum(b[k - 2]) || b[k - 2] >= 0x80 { k -= 1; continue }
            break
        }
        let word = String(decoding: b[k..<stop], as: UTF8.self)
        guard !word.isEmpty else { return true }
        let lower = word.lowercased()
        let nextLower = next.lowercased()
        let nextIsNumber = next.first?.isNumber ?? false
        if neverEnd.contains(lower) { return false }
        if beforeNumber.contains(lower), nextIsNumber || next.hasPrefix("#") { return false }
        if companySuffixes.contains(nextLower.replacingOccurrences(of: ".", with: "")), !next.isEmpty { return false }
        // Initials: single letters, with dots between ("J", "U.S", "a.m").
        let parts = lower.split(separator: ".", omittingEmptySubsequences: false)
        if parts.allSatisfy({ $0.count == 1 && $0.first!.isLetter }) {
            // A single lower-case letter opening the sentence is a list label: "b. Pack it."
            if parts.count == 1, k == sentenceStart { return false }
            return openers.contains(nextLower)
        }
        // A list label: "2." or "iv." opening the sentence or after a colon ("Steps: 1. Pack").
        let isLabel = (word.count <= 3 && word.allSatisfy(\.isNumber)) || ListMarker.isRoman(ArraySlice(word.utf8))
        if isLabel {
            if k == sentenceStart { return false }
            var p = k
            while p > 0, Bytes.isSpace(b[p - 1]) { p -= 1 }
            if p > 0, b[p - 1] == 0x3A { return false }
        }
        return true
    }

    /// Whether the word at `at` is a list label (`b.`, `iv)`) rather than a lower-case word.
    static func isLabel(_ b: [UInt8], word: String, at: Int) -> Bool {
        guard word.count == 1 || ListMarker.isRoman(ArraySlice(word.utf8)) else { return false }
        guard let start = b[at...].firstIndex(where: { Bytes.isAlnum($0) }) else { return false }
        let after = start + word.utf8.count
        return after + 1 < b.count && (b[after] == 0x2E || b[after] == 0x29) && Bytes.isSpace(b[after + 1])
    }

    /// Positions strictly inside brackets or quotes that close within the block (and within 300
    /// bytes): no sentence ends there.
    static func protectedPositions(_ b: [UInt8]) -> [Bool] {
        var inside = [Bool](repeating: false, count: b.count + 1)
        var stack: [(close: Unicode.Scalar, at: Int)] = []
        var i = 0
        while i < b.count {
            let (s, len) = Bytes.scalar(b, i)
            var opens: Unicode.Scalar?
            switch s {
            case "(": opens = ")"
            case "[": opens = "]"
            case "\u{201C}": opens = "\u{201D}"
            case "\u{AB}": opens = "\u{BB}"
            case "\"":
                // A straight quote opens after a space or an opening bracket, else closes.
                let before: UInt8 = i > 0 ? b[i - 1] : 0x20
                if Bytes.isSpace(before) || before == 0x28 || before == 0x5B { opens = "\"" }
            default: break
            }
            // Only the nearest open brackets are searched (linear time on odd input).
            if s == ")" || s == "]" || s == "\u{201D}" || s == "\u{BB}" || (s == "\"" && opens == nil),
               let k = stack.indices.suffix(16).last(where: { stack[$0].close == s }) {
                let open = stack[k].at
                if i - open <= 300 { for p in (open + 1)..<i { inside[p] = true } }
                stack.removeSubrange(k...)
            } else if let opens {
                stack.append((opens, i))
                if stack.count > 256 { stack.removeFirst(128) }
            }
            i += len
        }
        return inside
    }

    static func isTerminator(_ s: Unicode.Scalar) -> Bool {
        s == "." || s == "!" || s == "?" || s == "\u{2026}" || s == "\u{203C}" || s == "\u{2047}" || s == "\u{3002}"
    }

    static func isSpace(_ b: [UInt8], _ i: Int) -> Bool {
        if Bytes.isSpace(b[i]) || b[i] == 0x0A || b[i] == 0x0D { return true }
        return Bytes.scalar(b, i).0 == "\u{A0}"
    }

    static func skipSpace(_ b: [UInt8], _ from: Int) -> Int {
        var i = from
        while i < b.count, isSpace(b, i) { i += Bytes.scalar(b, i).1 }
        return i
    }

    /// The next word after opening quotes and brackets, with its inner dots ("U.S", "Inc").
    static func nextWord(_ b: [UInt8], _ from: Int) -> String {
        var i = from
        while i < b.count {
            let (s, len) = Bytes.scalar(b, i)
            if Tokenizer.isWordScalar(s) || s == "#" { break }
            if "\"'([{\u{201C}\u{2018}\u{AB}\u{2039}\u{BF}\u{A1}*_".unicodeScalars.contains(s) { i += len; continue }
            return ""
        }
        var j = i
        while j < b.count {
            let (s, len) = Bytes.scalar(b, j)
            if Tokenizer.isWordScalar(s) || (s == "." && j + 1 < b.count && Bytes.isAlnum(b[j + 1])) || (s == "#" && j == i) { j += len } else { break }
        }
        return String(decoding: b[i..<j], as: UTF8.self)
    }

    static func trim(_ b: [UInt8], _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, isSpace(b, lo) { lo += Bytes.scalar(b, lo).1 }
        while hi > lo, Bytes.isSpace(b[hi - 1]) || b[hi - 1] == 0x0A || b[hi - 1] == 0x0D { hi -= 1 }
        while hi >= lo + 2, b[hi - 2] == 0xC2, b[hi - 1] == 0xA0 { hi -= 2 }
        return lo..<hi
    }
}
