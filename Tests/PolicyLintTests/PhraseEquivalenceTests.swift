import Foundation
@testable import PolicyLint
import XCTest

/// Phrase parsing's ASCII fast paths (groups and words by bytes, no search for a `*` or an
/// apostrophe that is not there) parse every pattern as before: `ReferencePhrase` is the parser
/// before them (commit aaa34ee).
final class PhraseEquivalenceTests: XCTestCase {
    static let patterns = [
        "refund", "money back (guarantee)", "(full) refund (within) days", "non-refund*", "refund*", "*refund", "re*fund",
        "refund**", "a * b", "*", "(", ")", "((a))", "a (b", "a) b", "()", "( )", "a () b", "'s fault", "’S fault", "'S fault",
        "lab's fault", "don't", "don’t", "a\r\nb", "a\tb\nc", "  spaced   out  ", "", " ", "ÉTÉ*", "café (crème)",
        "ab*\u{301}", "a\u{301}*", "(\u{301}a)", "x² y", "ﬁnal*", "24/7 support", "e-mail*", "&amp; co", "(a)(b)(c)(d)(e)(f)(g)",
        "'S*", "'s", "'s*", "x'S", "*'s", "'", "''s", "'st", "a-b*", "don't*", "A1b2*", "e.g. (i.e.)", "a\tb (c\nd) e",
        "a*b*", "**", "'S", "A'S*", "'s-fault", "x  *", " * ", "'s 's", "ab\tcd*\tef", "UPPER lower MiXeD*", "x-*", "'s*x",
    ]

    func testPatterns() throws {
        var all = Self.patterns
        for pack in try RulePackLoader.builtin() {
            for rule in pack.rules {
                switch rule.check {
                case let .phrases(p, u, _): all += sources(p) + sources(u)
                case let .near(a, b, _, u, _): all += sources(a) + sources(b) + sources(u)
                case let .conflict(c, d, u): all += sources(c) + sources(d) + sources(u)
                case let .absent(_, p): all += sources(p)
                default: break
                }
            }
        }
        XCTAssertGreaterThan(all.count, 500)
        for source in all {
            let new = Result { () throws(Phrase.ParseError) in try Phrase(source).variants }
            let old = Result { () throws(Phrase.ParseError) in try ReferencePhrase.variants(source) }
            XCTAssertEqual(new, old, source.debugDescription)
        }
    }

    func sources(_ list: LocalizedPhrases?) -> [String] {
        list?.all.map(\.1.source) ?? []
    }
}

/// Phrase parsing as it was before its ASCII fast paths, for comparison only.
enum ReferencePhrase {
    static func variants(_ source: String) throws(Phrase.ParseError) -> [[Phrase.Element]] {
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
        var variants: [[Phrase.Element]] = [[]]
        for (text, optional) in groups {
            let elements = try ReferencePhrase.elements(text)
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
        var seen = Set<[Phrase.Element]>()
        return variants.filter { seen.insert($0).inserted }
    }

    /// Words of a plain group; a `*` right after a word makes it a prefix.
    static func elements(_ text: String) throws(Phrase.ParseError) -> [Phrase.Element] {
        var out: [Phrase.Element] = []
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
