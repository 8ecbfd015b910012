@testable import PolicyLint
import XCTest

/// The "did you mean" suggestions: the edit distance runs over bytes for ASCII text and stops
/// once it is past the bound a suggestion allows. Both must agree with the full table over
/// Characters, which is what the suggestions were defined by.
final class SuggestionTests: XCTestCase {
    /// The full table over Characters, as `levenshtein` computed it before its fast paths.
    static func referenceDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = prev
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    /// Pairs of short strings from a small alphabet (so that distances are small and large),
    /// with non-ASCII letters, a CR LF pair (one Character of two bytes) and a lone CR.
    static var pairs: [(String, String)] {
        let pieces = ["a", "b", "c", "s", "z", "é", "e\u{301}", "\r\n", "\r", "\n", "ß", "🙂", " "]
        var generator = SplitMix(seed: 7) // TokenizerEquivalenceTests.swift
        func word() -> String {
            let n = Int(generator.next() % 8)
            return (0..<n).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
        var out: [(String, String)] = [("", ""), ("", "abc"), ("refundz", "refunds"), ("kitten", "sitting"),
                                       ("promisses", "promises"), ("complaints", "complains")]
        for _ in 0..<3_000 { out.append((word(), word())) }
        // ASCII only: the byte path.
        let ascii = ["a", "b", "c", "s", "z", "-", "_"]
        for _ in 0..<3_000 {
            let n = Int(generator.next() % 10), m = Int(generator.next() % 10)
            out.append(((0..<n).map { _ in ascii[Int(generator.next() % 7)] }.joined(),
                        (0..<m).map { _ in ascii[Int(generator.next() % 7)] }.joined()))
        }
        return out
    }

    func testEditDistanceIsTheFullTablesOverCharacters() {
        for (a, b) in Self.pairs {
            XCTAssertEqual(levenshtein(a, b), Self.referenceDistance(a, b), "\(a.debugDescription) vs \(b.debugDescription)")
        }
        // A CR LF pair is one Character: one substitution away from "x", not two edits.
        XCTAssertEqual(levenshtein("a\r\nb", "axb"), 1)
        XCTAssertEqual(levenshtein("e\u{301}", "é"), 0) // canonically equal Characters
    }

    func testTheBoundedDistanceIsExactUpToItsBound() {
        for (a, b) in Self.pairs {
            let exact = Self.referenceDistance(a, b)
            for bound in 0...4 {
                let d = levenshtein(a, b, atMost: bound)
                if exact <= bound {
                    XCTAssertEqual(d, exact, "\(a.debugDescription) vs \(b.debugDescription), bound \(bound)")
                } else {
                    XCTAssertGreaterThan(d, bound, "\(a.debugDescription) vs \(b.debugDescription), bound \(bound)")
                }
            }
        }
    }

    func testSuggestionsPickTheNearestKnownName() {
        let sections = PolicySchema.sections
        XCTAssertEqual(suggestion(for: "refundz", among: sections), "refunds")
        XCTAssertEqual(suggestion(for: "Promisses", among: sections), "promises")
        XCTAssertEqual(suggestion(for: "complaint", among: sections), "complaints")
        XCTAssertEqual(suggestion(for: "polcy", among: sections), "policy")
        XCTAssertNil(suggestion(for: "xyz", among: sections))
        XCTAssertNil(suggestion(for: "shipping", among: sections))
        // The nearer of two candidates within the limit wins, and a tie keeps the first.
        XCTAssertEqual(suggestion(for: "abcd", among: ["abxy", "abcx"]), "abcx")
        XCTAssertEqual(suggestion(for: "abcd", among: ["abcx", "abcy"]), "abcx")
    }
}
