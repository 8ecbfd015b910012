import XCTest
@testable import PolicyLint

/// `MatchGroups` hands the engine one string's matches rule by rule: each rule's in scan order,
/// rules in index order, only the matches `keep` accepts, and nothing left over for the next string.
final class MatchGroupsTests: XCTestCase {
    func testGroupsAreAStablePartitionByRule() {
        var generator = SystemRandomNumberGenerator()
        let ruleCount = 7
        var groups = MatchGroups(ruleCount: ruleCount)
        for round in 0..<500 {
            let n = round % 5 == 0 ? 0 : Int.random(in: 1...40, using: &generator)
            let found = (0..<n).map { k in PhraseMatcher.Match(pattern: Int.random(in: 0..<30, using: &generator), first: k, last: k + 1) }
            let rule = { (m: PhraseMatcher.Match) in m.pattern % ruleCount }
            let keep = { (m: PhraseMatcher.Match) in m.pattern % 4 != 3 }
            found.withUnsafeBufferPointer { groups.group($0, rule: rule, keep: keep) }
            // The definition: for each rule in order, its kept matches in scan order.
            var expected: [(rule: Int, matches: [PhraseMatcher.Match])] = []
            for r in 0..<ruleCount {
                let mine = found.filter { rule($0) == r && keep($0) }
                if !mine.isEmpty { expected.append((r, mine)) }
            }
            let runs = Array(groups.runs.contents)
            XCTAssertEqual(runs.map(\.rule), expected.map(\.rule))
            for (run, e) in zip(runs, expected) {
                XCTAssertEqual(Array(groups.matches[run.start..<run.end]), e.matches)
            }
            XCTAssertEqual(groups.matches.count, expected.reduce(0) { $0 + $1.matches.count })
        }
    }
}
