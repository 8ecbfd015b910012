import PolicyLint
import XCTest

final class PhraseMatcherTests: XCTestCase {
    func matcher(_ phrases: [String]) throws -> PhraseMatcher {
        var m = PhraseMatcher()
        for (i, p) in phrases.enumerated() { m.add(try Phrase(p), as: i) }
        return m
    }

    /// (pattern, first token, last token) of every match.
    func scan(_ m: PhraseMatcher, _ text: String) -> [[Int]] {
        m.scan(Tokenizer.tokenize(text)).map { [$0.pattern, $0.first, $0.last] }
    }

    func testSingleAndMultiWordPhrases() throws {
        let m = try matcher(["refund", "full refund"])
        XCTAssertEqual(scan(m, "We give a full refund."), [[1, 3, 4], [0, 4, 4]])
    }

    func testOverlappingPhrases() throws {
        // "not our fault" and "our fault is" overlap on "our fault".
        let m = try matcher(["not our fault", "our fault is"])
        XCTAssertEqual(scan(m, "it is not our fault is it"), [[0, 2, 4], [1, 3, 5]])
    }

    func testNestedPhrases() throws {
        let m = try matcher(["sales final", "all sales final", "final"])
        XCTAssertEqual(scan(m, "all sales final"), [[1, 0, 2], [0, 1, 2], [2, 2, 2]])
    }

    func testRepeatedPrefixOfItself() throws {
        // A phrase whose start repeats ("a a b") must still be found after a false start.
        let m = try matcher(["no no refund"])
        XCTAssertEqual(scan(m, "no no no refund"), [[0, 1, 3]])
    }

    func testPrefixWords() throws {
        let m = try matcher(["refund*", "third part*"])
        XCTAssertEqual(scan(m, "Refunds from third-party sellers are refundable"), [[0, 0, 0], [1, 2, 3], [0, 6, 6]])
    }

    func testPrefixAndExactOnSameToken() throws {
        let m = try matcher(["refund*", "refunds are final"])
        XCTAssertEqual(scan(m, "refunds are final"), [[0, 0, 0], [1, 0, 2]])
    }

    func testOptionalWords() throws {
        let m = try matcher(["all sales (are) final"])
        XCTAssertEqual(scan(m, "all sales final"), [[0, 0, 2]])
        XCTAssertEqual(scan(m, "all sales are final"), [[0, 0, 3]])
        XCTAssertEqual(scan(m, "all sales were final"), [])
    }

    func testNoMatchAcrossSentences() throws {
        let m = try matcher(["sales final"])
        XCTAssertEqual(scan(m, "We have sales. Final offers only."), [])
    }

    func testApostropheVariantsMatch() throws {
        let m = try matcher(["don't refund"])
        XCTAssertEqual(scan(m, "We don’t refund").count, 1)
        XCTAssertEqual(scan(m, "We don&#39;t refund").count, 1)
    }

    func testPhraseParseErrors() {
        XCTAssertThrowsError(try Phrase("(unclosed"))
        XCTAssertThrowsError(try Phrase("bad*word"))
        XCTAssertThrowsError(try Phrase("()"))
        XCTAssertThrowsError(try Phrase("(a) (b) (c) (d) (e) (f) (g) word"))
    }

    func testManyPhrasesStillFindTheRightOnes() throws {
        var phrases = (0..<10_000).map { "filler\($0) word\($0 % 97)" }
        phrases.append("not our fault")
        let m = try matcher(phrases)
        XCTAssertEqual(scan(m, "this is not our fault, filler42 word42"), [[10_000, 2, 4], [42, 5, 6]])
    }
}

extension PhraseMatcherTests {
    func testPhraseStartingWithPossessive() throws {
        let m = try matcher(["'s fault"])
        XCTAssertEqual(scan(m, "It is the lab's fault."), [[0, 4, 5]])
        XCTAssertEqual(scan(m, "It is the lab’s fault."), [[0, 4, 5]])
    }
}
