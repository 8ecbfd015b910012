/// A phrase pattern: words, `word*` prefixes and `(optional words)`.
public struct Phrase: Sendable, Hashable, CustomStringConvertible {
    public enum Element: Sendable, Hashable {
        case word(String)
        case prefix(String)
    }

    /// The pattern as written.
    public let source: String
    /// Every concrete variant (optional words expanded), each a sequence of elements.
    public let variants: [[Element]]

    public var description: String { source }

    /// Most variants one phrase may expand to (each optional group doubles them).
    public static let maxVariants = 64

    public enum ParseError: Error, Equatable {
        case empty, unbalancedParenthesis, tooManyOptionals, misplacedStar
    }

    public init(_ source: String) throws(ParseError) {
        self.source = source
        let groups = try Phrase.groups(source)
        var variants: [[Element]] = [[]]
        for (text, optional) in groups {
            let elements = try Phrase.elements(text)
            if elements.isEmpty { continue }
            if optional {
                if variants.count * 2 > Phrase.maxVariants { throw .tooManyOptionals }
                variants += variants.map { $0 + elements }
            } else {
                variants = variants.map { $0 + elements }
            }
        }
        variants = variants.filter { !$0.isEmpty }
        if variants.isEmpty { throw .empty }
        // Shortest first keeps output stable; duplicates removed (first kept). A phrase has at
        // most `maxVariants`, usually one or two: comparing them beats hashing them.
        var unique: [[Element]] = []
        unique.reserveCapacity(variants.count)
        for v in variants where !unique.contains(v) { unique.append(v) }
        self.variants = unique
    }

    /// Splits a pattern into (text, optional) groups by parentheses.
    static func groups(_ source: String) throws(ParseError) -> [(String, Bool)] {
        var groups: [(String, Bool)] = []
        var inGroup = false
        if source.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (pack loading runs at every start): every character is one byte, so the
            // groups are byte ranges. Same rules as the loop over characters below.
            let bytes = Array(source.utf8)
            var start = 0
            for (i, b) in bytes.enumerated() where b == UInt8(ascii: "(") || b == UInt8(ascii: ")") {
                if b == UInt8(ascii: "(") {
                    if inGroup { throw .unbalancedParenthesis }
                    if i > start { groups.append((String(decoding: bytes[start..<i], as: UTF8.self), false)) }
                    inGroup = true
                } else {
                    if !inGroup { throw .unbalancedParenthesis }
                    groups.append((String(decoding: bytes[start..<i], as: UTF8.self), true))
                    inGroup = false
                }
                start = i + 1
            }
            if inGroup { throw .unbalancedParenthesis }
            if start < bytes.count { groups.append((String(decoding: bytes[start...], as: UTF8.self), false)) }
            return groups
        }
        var current = ""
        for ch in source {
            if ch == "(" {
                if inGroup { throw .unbalancedParenthesis }
                if !current.isEmpty { groups.append((current, false)) }
                current = ""; inGroup = true
            } else if ch == ")" {
                if !inGroup { throw .unbalancedParenthesis }
                groups.append((current, true))
                current = ""; inGroup = false
            } else {
                current.append(ch)
            }
        }
        if inGroup { throw .unbalancedParenthesis }
        if !current.isEmpty { groups.append((current, false)) }
        return groups
    }

    /// Words of a plain group; a `*` right after a word makes it a prefix.
    static func elements(_ text: String) throws(ParseError) -> [Element] {
        var text = text
        let ascii: Result<[Element], ParseError>? = text.withUTF8 { bytes in
            bytes.contains { $0 >= 0x80 || $0 == 0x0D } ? nil : Result { () throws(ParseError) in try asciiElements(bytes) }
        }
        if let ascii { return try ascii.get() }
        var out: [Element] = []
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        for raw in parts {
            var part = String(raw)
            var star = false
            // No `*` byte, no `*` character: skip the search (Foundation's, by character).
            let hasStar = part.utf8.contains(0x2A)
            if hasStar, part.hasSuffix("*") {
                star = true
                part.removeLast()
                if part.utf8.contains(0x2A) && part.contains("*") || part.isEmpty { throw .misplacedStar }
            } else if hasStar, part.contains("*") {
                throw .misplacedStar
            }
            // A leading possessive ("'s fault") is the word the tokenizer splits off ("lab's").
            // Both spellings start with an apostrophe byte (' or the first byte of ’).
            var words: [String] = []
            let first = part.utf8.first
            for apostrophe in ["'s", "\u{2019}s"] where (first == 0x27 || first == 0xE2) && part.lowercased().hasPrefix(apostrophe) {
                words.append("'s")
                part.removeFirst(2)
                break
            }
            // Most pattern words are plain ASCII letters and digits: no need for the full tokenizer
            // (pack loading runs at every start).
            if !part.isEmpty, part.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }) {
                words.append(part.lowercased())
            } else {
                words += Tokenizer.words(part)
            }
            for (k, w) in words.enumerated() {
                out.append(star && k == words.count - 1 ? .prefix(w) : .word(w))
            }
        }
        return out
    }

    /// `elements` for ASCII text without "\r" (pack loading runs at every start): every
    /// character is one byte there, so each check of the loop above is a check of bytes. A part
    /// that is one plain word (most of them) becomes its lower-cased `String` straight from the
    /// bytes, without slices, arrays or the tokenizer.
    static func asciiElements(_ bytes: UnsafeBufferPointer<UInt8>) throws(ParseError) -> [Element] {
        var out: [Element] = []
        var i = 0
        let n = bytes.count
        while i < n {
            // One part: a run of bytes other than space, tab and line feed.
            while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A { i += 1 }
            guard i < n else { break }
            var start = i
            while i < n, bytes[i] != 0x20, bytes[i] != 0x09, bytes[i] != 0x0A { i += 1 }
            var end = i
            var star = false
            if bytes[end - 1] == 0x2A {
                star = true
                end -= 1
            }
            if start == end || UnsafeBufferPointer(rebasing: bytes[start..<end]).contains(0x2A) { throw .misplacedStar }
            var words: [String] = []
            if end - start >= 2, bytes[start] == 0x27, bytes[start + 1] | 0x20 == 0x73 { // 's or 'S
                words.append("'s")
                start += 2
            }
            if start < end, UnsafeBufferPointer(rebasing: bytes[start..<end]).allSatisfy(Tokenizer.isASCIIWordByte) {
                let word = UnsafeBufferPointer(rebasing: bytes[start..<end])
                words.append(String(unsafeUninitializedCapacity: word.count) { buffer in
                    for (k, b) in word.enumerated() { buffer[k] = b >= 0x41 && b <= 0x5A ? b + 32 : b }
                    return word.count
                })
            } else if start < end {
                words += Tokenizer.words(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            }
            for (k, w) in words.enumerated() {
                out.append(star && k == words.count - 1 ? .prefix(w) : .word(w))
            }
        }
        return out
    }
}
