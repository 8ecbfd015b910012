@testable import PolicyLint
import XCTest

final class TokenizerTests: XCTestCase {
    func words(_ s: String) -> [String] { Tokenizer.tokenize(s).words }

    func testCaseFoldingAndPunctuation() {
        XCTAssertEqual(words("All SALES are Final!"), ["all", "sales", "are", "final"])
        XCTAssertEqual(words("money-back guarantee"), ["money", "back", "guarantee"])
    }

    func testApostrophesAreUnified() {
        XCTAssertEqual(words("don't"), ["don't"])
        XCTAssertEqual(words("don’t"), ["don't"])
        XCTAssertEqual(words("don&#39;t"), ["don't"])
        XCTAssertEqual(words("don&'; t"), ["don't"])
    }

    func testPossessiveIsSplitOff() {
        let t = Tokenizer.tokenize("the lab's fault")
        XCTAssertEqual(t.words, ["the", "lab", "'s", "fault"])
        // Byte ranges still point into the original text.
        XCTAssertEqual(t.tokens[1].start, 4)
        XCTAssertEqual(t.tokens[1].end, 7)
        XCTAssertEqual(t.tokens[2].start, 7)
    }

    func testNFKCAndUnicodeCase() {
        XCTAssertEqual(words("ﬁnal ÉTÉ"), ["final", "été"])
    }

    func testByteRangesOfNonASCII() {
        let s = "Ça va: refund now"
        let t = Tokenizer.tokenize(s)
        let refund = t.tokens[t.words.firstIndex(of: "refund")!]
        XCTAssertEqual(String(decoding: Array(s.utf8)[refund.start..<refund.end], as: UTF8.self), "refund")
    }

    func testSentences() {
        let t = Tokenizer.tokenize("We ship fast. Refunds take 5 days! Is that ok? Yes.")
        XCTAssertEqual(t.sentenceWordCounts, [3, 4, 3, 1])
    }

    func testAbbreviationsDoNotEndSentences() {
        XCTAssertEqual(Tokenizer.tokenize("Fees, e.g. delivery, apply. See No. 5 for details.").sentenceWordCounts.count, 2)
        XCTAssertEqual(Tokenizer.tokenize("Example Inc. is based in the U.S. and ships worldwide.").sentenceWordCounts.count, 1)
        XCTAssertEqual(Tokenizer.tokenize("We reply in approx. two days.").sentenceWordCounts.count, 1)
    }

    func testBlankLineAndBulletsEndSentences() {
        XCTAssertEqual(Tokenizer.tokenize("first part\n\nsecond part").sentenceWordCounts, [2, 2])
        XCTAssertEqual(Tokenizer.tokenize("we offer\n- refunds\n- repairs").sentenceWordCounts, [2, 1, 1])
    }

    /// Non-ASCII words: NFKC, lower case, and U+2019 as an apostrophe (only that one is replaced).
    func testNormalizeFoldsAndReplacesTheRightQuoteOnly() {
        XCTAssertEqual(Tokenizer.normalize(Array("Ｃａｆé".utf8)), "café")
        XCTAssertEqual(Tokenizer.normalize(Array("DON\u{2019}T".utf8)), "don't")
        XCTAssertEqual(Tokenizer.normalize(Array("a\u{2014}b".utf8)), "a\u{2014}b") // E2 but no U+2019
    }
}
