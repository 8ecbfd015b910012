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
        // Split into (text, optional) groups by parentheses.
        var groups: [(String, Bool)] = []
        var current = ""
        var inGroup = false
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
        // Shortest first keeps output stable; duplicates removed.
        var seen = Set<[Element]>()
        self.variants = variants.filter { seen.insert($0).inserted }
    }

    /// Words of a plain group; a `*` right after a word makes it a prefix.
    static func elements(_ text: String) throws(ParseError) -> [Element] {
        var out: [Element] = []
        for raw in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            var part = String(raw)
            var star = false
            if part.hasSuffix("*") {
                star = true
                part.removeLast()
                if part.contains("*") || part.isEmpty { throw .misplacedStar }
            } else if part.contains("*") {
                throw .misplacedStar
            }
            // A leading possessive ("'s fault") is the word the tokenizer splits off ("lab's").
            var words: [String] = []
            for apostrophe in ["'s", "\u{2019}s"] where part.lowercased().hasPrefix(apostrophe) {
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
}
