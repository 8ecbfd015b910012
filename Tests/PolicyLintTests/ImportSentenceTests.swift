import PolicyLint
import XCTest

/// Sentence splitting on tricky text: abbreviations, initials, numbers, labels, quotes, brackets.
final class ImportSentenceTests: XCTestCase {
    func sentences(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return SentenceSplitter.split(text).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    func testPlainSentences() {
        XCTAssertEqual(sentences("Orders ship fast. Returns are free! Any questions? Write to us."),
                       ["Orders ship fast.", "Returns are free!", "Any questions?", "Write to us."])
        XCTAssertEqual(sentences("  One sentence without a stop  "), ["One sentence without a stop"])
        XCTAssertEqual(sentences(""), [])
    }

    func testLatinAbbreviations() {
        XCTAssertEqual(sentences("Some goods, e.g. Gift Cards, cannot be returned. Others can, i.e. Shoes and Bags. We decide."),
                       ["Some goods, e.g. Gift Cards, cannot be returned.", "Others can, i.e. Shoes and Bags.", "We decide."])
        XCTAssertEqual(sentences("Perishables (e.g., flowers) are final. Ask Dr. Okafor or Mr. Lind. Prices vs. Value matter."),
                       ["Perishables (e.g., flowers) are final.", "Ask Dr. Okafor or Mr. Lind.", "Prices vs. Value matter."])
    }

    func testCompanySuffixes() {
        XCTAssertEqual(sentences("The shop is run by Brightmoor Inc. and its staff. Brightmoor Inc. We answer for it."),
                       ["The shop is run by Brightmoor Inc. and its staff.", "Brightmoor Inc.", "We answer for it."])
        XCTAssertEqual(sentences("Payments go to Fernhill Co. Ltd. Your bank may charge a fee."),
                       ["Payments go to Fernhill Co. Ltd.", "Your bank may charge a fee."])
    }

    func testInitialsAndUS() {
        XCTAssertEqual(sentences("We deliver across the U.S. Postal rates apply. Parcels leave at 9 a.m. on weekdays."),
                       ["We deliver across the U.S. Postal rates apply.", "Parcels leave at 9 a.m. on weekdays."])
        XCTAssertEqual(sentences("We ship within the U.S. We do not ship abroad."),
                       ["We ship within the U.S.", "We do not ship abroad."])
        XCTAssertEqual(sentences("Signed by J. R. Marsh for the board. Plan B. We refund."),
                       ["Signed by J. R. Marsh for the board.", "Plan B.", "We refund."])
    }

    func testNumbers() {
        XCTAssertEqual(sentences("See clause No. 5 for details. The fee is 3.5 percent. It rose by 2. Then it fell."),
                       ["See clause No. 5 for details.", "The fee is 3.5 percent.", "It rose by 2.", "Then it fell."])
        XCTAssertEqual(sentences("Read Art. 12 and Sec. 4 first. Delivery from Jan. 3 costs $4.99. No. We never charge twice."),
                       ["Read Art. 12 and Sec. 4 first.", "Delivery from Jan. 3 costs $4.99.", "No.", "We never charge twice."])
        XCTAssertEqual(sentences("Visit shop.example.com. Then sign in."), ["Visit shop.example.com.", "Then sign in."])
    }

    func testListLabelsInsideText() {
        XCTAssertEqual(sentences("To return an item: 1. Pack it. 2. Print the label. 3. Post it."),
                       ["To return an item: 1. Pack it.", "2. Print the label.", "3. Post it."])
        XCTAssertEqual(sentences("a. Keep the receipt. b. Bring the item. iv. Wait for the refund."),
                       ["a. Keep the receipt.", "b. Bring the item.", "iv. Wait for the refund."])
        XCTAssertEqual(sentences("You may (a) return the item or (b) exchange it. Both are free."),
                       ["You may (a) return the item or (b) exchange it.", "Both are free."])
    }

    func testRomanNumeralsAreWellFormed() {
        XCTAssertEqual(sentences("The claim: civil. Courts decide."), ["The claim: civil.", "Courts decide."])
        XCTAssertEqual(sentences("Next: xii. Wait for us."), ["Next: xii. Wait for us."])
        XCTAssertEqual(sentences("ix. Pack it. x. Post it."), ["ix. Pack it.", "x. Post it."])
    }

    func testQuotesAndBrackets() {
        XCTAssertEqual(sentences("The label says \"Fragile.\" Handle it with care."),
                       ["The label says \"Fragile.\"", "Handle it with care."])
        XCTAssertEqual(sentences("We promise “Same-day replies. Always.” Hold us to it."),
                       ["We promise “Same-day replies. Always.”", "Hold us to it."])
        XCTAssertEqual(sentences("Refunds go to the card. (See section 4. It has the details.) Cash is not refunded."),
                       ["Refunds go to the card.", "(See section 4. It has the details.)", "Cash is not refunded."])
        XCTAssertEqual(sentences("(Refunds take a week.) We confirm by email."),
                       ["(Refunds take a week.)", "We confirm by email."])
        XCTAssertEqual(sentences("He wrote 'Thanks.' Then he left. The sign read \"Closed.\" in red."),
                       ["He wrote 'Thanks.'", "Then he left.", "The sign read \"Closed.\" in red."])
    }

    func testUnbalancedBracketDoesNotSwallowTheText() {
        XCTAssertEqual(sentences("Step (a is missing a bracket. Step b is fine. Done."),
                       ["Step (a is missing a bracket.", "Step b is fine.", "Done."])
    }

    func testEllipsisAndRepeatedStops() {
        XCTAssertEqual(sentences("We tried... and failed. Wait… Really?! Yes."),
                       ["We tried... and failed.", "Wait…", "Really?!", "Yes."])
    }

    func testLowerCaseContinuationAndPunctuationFragments() {
        XCTAssertEqual(sentences("Call us! we answer. Thanks :) See you."),
                       ["Call us! we answer.", "Thanks :) See you."])
        XCTAssertEqual(sentences("Done. -- . Next."), ["Done. -- .", "Next."])
    }

    func testRangesAreExactAndNonASCIISafe() {
        let text = "  Café crème costs €3.50. Ölfässer kosten mehr.  "
        let bytes = Array(text.utf8)
        let ranges = SentenceSplitter.split(text)
        XCTAssertEqual(ranges.map { String(decoding: bytes[$0], as: UTF8.self) }, ["Café crème costs €3.50.", "Ölfässer kosten mehr."])
        XCTAssertEqual(ranges.first?.lowerBound, 2)
    }
}
