import PolicyLint
import XCTest

/// Each check kind on a tiny pack, with exact positions.
final class CheckKindTests: XCTestCase {
    func pack(_ rule: String) -> String {
        """
        pack: test
        rules:
          - id: r
            title: Test rule
            severity: warning
            category: test
            why: Because.
            fix: Fix it.
        \(rule.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    func findings(_ rule: String, _ yaml: String) throws -> [Finding] {
        try lintText(yaml, rules: try packRules(pack(rule))).filter { $0.rule == "r" }
    }

    func testPhrasesWithUnless() throws {
        let rule = "phrases: [not responsible]\nunless: [we remain responsible]\nmessage: \"found {match}\""
        let yaml = """
        policy: {name: x}
        terms:
          - text: We are not responsible for the lab. Sorry.
          - text: We are not responsible for the lab, but we remain responsible to you.
        """
        let f = try findings(rule, yaml)
        XCTAssertEqual(f.map { [$0.line, $0.column, $0.endLine, $0.endColumn] }, [[3, 18, 3, 33]])
        XCTAssertEqual(f.first?.message, "found not responsible")
        XCTAssertEqual(f.first?.location.path, "terms[0].text")
    }

    /// One finding per sentence: the earliest match, the longest at that start. The scanner
    /// reports `refund` (it ends first) before `no refund of fees`, so the engine must reorder.
    func testPhrasesReportTheEarliestLongestMatch() throws {
        let rule = "phrases: [refund, no refund of fees, no refund]\nmessage: \"found {match}\""
        let yaml = """
        policy: {name: x}
        terms:
          - text: No refund of fees. A refund. Refund.
        """
        let f = try findings(rule, yaml)
        XCTAssertEqual(f.map { [$0.line, $0.column, $0.endColumn] }, [[3, 11, 28], [3, 32, 38], [3, 40, 46]])
        XCTAssertEqual(f.first?.message, "found No refund of fees")
    }

    func testNearWithinWords() throws {
        let rule = "near: [[not liable], [carrier*]]\nwithin: 3"
        let yaml = """
        policy: {name: x}
        terms:
          - text: We are not liable for the carrier.
          - text: We are not liable for any loss at all caused by a carrier.
          - text: Carriers deliver. We are not liable.
        """
        let f = try findings(rule, yaml)
        // Only the first: gap of 2 words; the second is 7 words apart; the third crosses sentences.
        XCTAssertEqual(f.map { [$0.line, $0.column, $0.endColumn] }, [[3, 18, 44]])
    }

    func testRequireWhen() throws {
        let rule = "for: promises[*]\nwhen: {has: deadline}\nrequire: [if_missed]\nmessage: \"Promise '{id}' lacks {field}\""
        let yaml = """
        policy: {name: x}
        promises:
          - id: a
            text: Soon.
            deadline: 7 days
          - id: b
            text: Later.
          - id: c
            text: Fast.
            deadline: 2 days
            if_missed: Refund.
        """
        let f = try findings(rule, yaml)
        XCTAssertEqual(f.map { [$0.line, $0.column] }, [[3, 5]])
        XCTAssertEqual(f.first?.message, "Promise 'a' lacks if_missed")
    }

    func testMaxDurationTreatsBusinessDaysAsWorstCase() throws {
        let rule = "for: support.first_response\nmax: 24 hours\nmessage: \"{value} over {limit}\""
        func check(_ value: String) throws -> [Finding] {
            try findings(rule, "policy: {name: x}\nsupport:\n  first_response: \(value)\n")
        }
        XCTAssertEqual(try check("72 hours").map { [$0.line, $0.column, $0.endColumn] }, [[3, 19, 27]])
        XCTAssertEqual(try check("72 hours").first?.message, "72 hours over 24 hours")
        XCTAssertEqual(try check("24h").count, 0)
        XCTAssertEqual(try check("P1D").count, 0)
        XCTAssertEqual(try check("1 business day").count, 1, "a business day can span a weekend")
    }

    func testMinDuration() throws {
        let rule = "for: refunds.window\nmin: 30 days"
        XCTAssertEqual(try findings(rule, "policy: {name: x}\nrefunds:\n  window: 14 days\n").count, 1)
        XCTAssertEqual(try findings(rule, "policy: {name: x}\nrefunds:\n  window: 1 month\n").count, 1, "28 days at worst")
        XCTAssertEqual(try findings(rule, "policy: {name: x}\nrefunds:\n  window: 6 weeks\n").count, 0)
    }

    func testConflictSitsOnDenialWithClaimRelated() throws {
        let rule = "conflict:\n  claim: [satisfaction guaranteed]\n  denial: [all sales (are) final]"
        let yaml = """
        policy: {name: x}
        refunds:
          guarantee: Satisfaction guaranteed.
        terms:
          - text: Please note that all sales are final.
        """
        let f = try findings(rule, yaml)
        XCTAssertEqual(f.count, 1)
        XCTAssertEqual([f[0].line, f[0].column, f[0].endColumn], [5, 28, 47])
        XCTAssertEqual(f[0].related.map { [$0.line, $0.column, $0.endColumn] }, [[3, 14, 37]])
        XCTAssertEqual(f[0].related.first?.path, "refunds.guarantee")
        // No claim, no conflict.
        XCTAssertEqual(try findings(rule, "policy: {name: x}\nterms:\n  - text: All sales are final.\n").count, 0)
    }

    /// Strings are evaluated one at a time, so a denial can be read before its claim: it still
    /// gets the document's first claim (in document order) outside a sentence `unless` cancels.
    func testConflictClaimAfterTheDenial() throws {
        let rule = "conflict:\n  claim: [satisfaction guaranteed]\n  denial: [all sales (are) final]\nunless: [except gift cards]\nmessage: \"'{match}' against '{claim}'\""
        let yaml = """
        policy: {name: x}
        terms:
          - text: All sales are final. Really, all sales are final.
          - text: Satisfaction guaranteed except gift cards. Well, satisfaction GUARANTEED.
          - text: Satisfaction guaranteed.
        """
        let f = try findings(rule, yaml)
        XCTAssertEqual(f.map { [$0.line, $0.column, $0.endColumn] }, [[3, 11, 30], [3, 40, 59]], "one finding per sentence")
        for finding in f {
            XCTAssertEqual(finding.related.map { [$0.line, $0.column, $0.endColumn] }, [[4, 60, 83]], "the first claim not cancelled")
            XCTAssertEqual(finding.related.first?.path, "terms[1].text")
            XCTAssertEqual(finding.related.first?.message, "the claim")
        }
        XCTAssertEqual(f.map(\.message), ["'All sales are final' against 'satisfaction GUARANTEED'",
                                          "'all sales are final' against 'satisfaction GUARANTEED'"])
    }

    /// A `conflict` rule with denials and no claim reports nothing, and the findings dropped
    /// leave every other rule's findings, positions and fingerprints as they would be alone.
    func testDenialsWithoutAClaimLeaveNothing() throws {
        let rules = """
        pack: test
        rules:
          - {id: c, title: C, severity: error, category: test, why: W., fix: F., conflict: {claim: [money back], denial: [no refunds]}}
          - {id: p, title: P, severity: info, category: test, why: W., fix: F., phrases: [no refunds]}
        """
        let yaml = """
        policy: {name: x}
        terms:
          - text: No refunds. No refunds, ever.
          - text: No refunds.
        """
        let both = try lintText(yaml, rules: try packRules(rules))
        let alone = try lintText(yaml, rules: try packRules(rules).filter { $0.id == "p" })
        XCTAssertEqual(both.map(\.rule), ["p", "p", "p"])
        XCTAssertEqual(both.map { [$0.line, $0.column] }, [[3, 11], [3, 23], [4, 11]])
        XCTAssertEqual(both.map(\.fingerprint), alone.map(\.fingerprint))
        XCTAssertEqual(Set(both.map(\.fingerprint)).count, 3, "repeated words get distinct fingerprints")
        // With a claim, the same denials are reported.
        let claimed = try lintText(yaml + "\n  - text: Your money back.\n", rules: try packRules(rules))
        XCTAssertEqual(claimed.filter { $0.rule == "c" }.map { [$0.line, $0.column] }, [[3, 11], [3, 23], [4, 11]])
    }

    func testAbsentByFieldOrPhrase() throws {
        let rule = "absent:\n  fields: [support.first_response]\n  phrases: [reply within, respond within]"
        XCTAssertEqual(try findings(rule, "policy: {name: x}\n").map { [$0.line, $0.column] }, [[1, 1]])
        XCTAssertEqual(try findings(rule, "policy: {name: x}\nsupport: {first_response: 1 day}\n").count, 0)
        XCTAssertEqual(try findings(rule, "policy: {name: x}\nterms:\n  - text: We reply within a day.\n").count, 0)
    }

    func testMetricSentenceWords() throws {
        let rule = "metric: sentence-words\nmax: 5\nmessage: \"{value} words\""
        let yaml = "policy: {name: x}\nterms:\n  - text: Short one. This sentence has more than five words in it.\n"
        let f = try findings(rule, yaml)
        XCTAssertEqual(f.map { [$0.line, $0.column] }, [[3, 22]])
        XCTAssertEqual(f.first?.message, "9 words")
    }

    /// A long sentence's finding underlines its first six words and matches the whole sentence,
    /// from its first token to its last (a possessive's `'s` is a token of its own but no word
    /// of the count); its fingerprint reads every word, the last one too.
    func testMetricFindingSpansTheWholeSentence() throws {
        let rule = "metric: sentence-words\nmax: 5\nmessage: \"{value} words\""
        let yaml = "policy: {name: x}\nterms:\n  - text: One two three four five six seven. Short. Alpha beta gamma delta epsilon the lab's.\n"
        let f = try findings(rule, yaml)
        XCTAssertEqual(f.map { [$0.line, $0.column, $0.endLine, $0.endColumn] }, [[3, 11, 3, 38], [3, 53, 3, 87]])
        XCTAssertEqual(f.map(\.matchedText), ["One two three four five six seven", "Alpha beta gamma delta epsilon the lab's"])
        XCTAssertEqual(f.map(\.message), ["7 words", "7 words"])
        let fingerprint = { (last: String) in
            try self.findings(rule, "policy: {name: x}\nterms:\n  - text: Alpha beta gamma delta epsilon the \(last).\n").first?.fingerprint
        }
        XCTAssertNotEqual(try fingerprint("lab"), try fingerprint("dog"))
        XCTAssertEqual(try fingerprint("lab"), try fingerprint("LAB"))
    }

    /// Strings with no match are read again only for a sentence some `metric` rule may report:
    /// the lowest limit of all decides, and skipping strings keeps later strings' findings right.
    func testMetricLimitsAndSkippedStrings() throws {
        let pack = """
        pack: test
        rules:
          - {id: long, title: Long, severity: info, category: test, why: W., fix: F., metric: sentence-words, max: 8}
          - {id: longish, title: Longish, severity: info, category: test, why: W., fix: F., metric: sentence-words, max: 3}
          - {id: refund, title: Refund, severity: info, category: test, why: W., fix: F., phrases: [refund]}
        """
        let yaml = """
        policy: {name: x}
        terms:
          - text: Ok.
          - text: One two three four five.
          - text: Fine.
          - text: We refund you.
          - text: One two three four five six seven eight nine.
        """
        let f = try lintText(yaml, rules: try packRules(pack)).filter { $0.rule != "schema" }
        XCTAssertEqual(f.map { "\($0.rule) \($0.line):\($0.column)" },
                       ["longish 4:11", "refund 6:14", "long 7:11", "longish 7:11"])
    }

    /// A pack with no phrase lists still tokenises prose for its `metric` rule (the engine skips
    /// the prose pass only when no rule reads words), and its structural rules still run.
    func testMetricRuleWithoutPhraseRules() throws {
        let pack = """
        pack: test
        rules:
          - {id: long, title: Long, severity: info, category: test, why: W., fix: F., metric: sentence-words, max: 3}
          - {id: deadline, title: Deadline, severity: info, category: test, why: W., fix: F., for: "promises[*]", require: [within]}
        """
        let yaml = """
        policy: {name: x}
        promises:
          - id: a
            text: We reply.
        terms:
          - text: One two three four five.
        """
        let f = try lintText(yaml, rules: try packRules(pack)).filter { $0.rule != "schema" }
        XCTAssertEqual(f.map { "\($0.rule) \($0.line):\($0.column)" }, ["deadline 3:5", "long 6:11"])
    }

    func testInPathNarrowsScope() throws {
        let rule = "phrases: [soon]\nin: promises[*].text"
        let yaml = "policy: {name: x}\npromises:\n  - id: a\n    text: Soon.\nterms:\n  - text: Soon.\n"
        XCTAssertEqual(try findings(rule, yaml).map(\.line), [4])
    }

    /// `in:` narrows `near` and `metric` rules too (the engine reads a string's path only for a
    /// rule with a scope: a rule without one still reports everywhere).
    func testInPathNarrowsNearAndMetricRules() throws {
        let yaml = "policy: {name: x}\npromises:\n  - id: a\n    text: We are not liable for the carrier.\nterms:\n  - text: We are not liable for the carrier.\n"
        let near = "near: [[not liable], [carrier*]]\nwithin: 3"
        XCTAssertEqual(try findings(near, yaml).map(\.line), [4, 6])
        XCTAssertEqual(try findings(near + "\nin: promises[*].text", yaml).map(\.line), [4])
        XCTAssertEqual(try findings(near + "\nin: terms[*].text", yaml).map(\.line), [6])
        let metric = "metric: sentence-words\nmax: 3"
        XCTAssertEqual(try findings(metric, yaml).map(\.line), [4, 6])
        XCTAssertEqual(try findings(metric + "\nin: terms[*].text", yaml).map(\.line), [6])
    }

    func testLanguageKeyedPhrases() throws {
        let rule = "phrases:\n  en: [no refunds]\n  de: [keine erstattung]"
        XCTAssertEqual(try findings(rule, "policy: {name: x, language: de}\nterms:\n  - text: Keine Erstattung. No refunds.\n").map(\.column), [11])
        XCTAssertEqual(try findings(rule, "policy: {name: x}\nterms:\n  - text: Keine Erstattung. No refunds.\n").map(\.column), [29])
    }

    func testFingerprintIgnoresLineShifts() throws {
        let rule = "phrases: [not responsible]"
        let a = try findings(rule, "policy: {name: x}\nterms:\n  - text: We are not responsible.\n")
        let b = try findings(rule, "policy: {name: x}\n\n\n# moved\nterms:\n  - text: We are   NOT responsible.\n")
        XCTAssertEqual(a.first?.fingerprint, b.first?.fingerprint)
        XCTAssertNotEqual(a.first?.line, b.first?.line)
        let c = try findings(rule, "policy: {name: x}\nterms:\n  - text: We are not responsible at all.\n  - text: Also not responsible.\n")
        XCTAssertEqual(Set(c.map(\.fingerprint)).count, 2)
    }
}

extension CheckKindTests {
    func testPhrasesReportOncePerSentence() throws {
        let rule = "phrases: [free meal, next visit]"
        let yaml = "policy: {name: x}\nterms:\n  - text: A free meal on your next visit. Another free meal.\n"
        XCTAssertEqual(try findings(rule, yaml).map(\.column), [13, 51])
    }
}
