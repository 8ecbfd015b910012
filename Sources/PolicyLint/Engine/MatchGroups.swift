/// One string's phrase matches grouped by rule: each rule's matches in scan order, the rules
/// in index order. A counting sort over the rules the string has matches for, so a string of
/// many matches costs one pass (no comparison sort of matches), and one of few touches a few
/// counters (nothing is cleared per rule of the rule set).
struct MatchGroups: ~Copyable {
    /// One rule's matches: `matches[start..<end]`.
    struct Run {
        var rule: Int
        var start: Int
        var end: Int
    }

    /// Per rule of the rule set: matches counted for the current string; zero between strings.
    private var counts: [Int]
    private var rules = ScratchBuffer<Int>(capacity: 16)
    private(set) var runs = ScratchBuffer<Run>(capacity: 16)
    private var grouped = ScratchBuffer<PhraseMatcher.Match>(capacity: 64)

    init(ruleCount: Int) {
        counts = [Int](repeating: 0, count: ruleCount)
    }

    /// The matches grouped by the last `group` call; valid until the next.
    var matches: UnsafeBufferPointer<PhraseMatcher.Match> { grouped.contents }

    /// Groups those of `found` that `keep` accepts by `rule(match)`.
    mutating func group(_ found: UnsafeBufferPointer<PhraseMatcher.Match>, rule: (PhraseMatcher.Match) -> Int,
                        keep: (PhraseMatcher.Match) -> Bool) {
        runs.removeAll()
        var kept = 0
        // Each match's rule written, and counted as new only if its count was 0: no branch on
        // whether the rule was seen (a rule per match at most, so `found.count` is room enough).
        let seen = rules.storage(minimumCapacity: found.count)
        var ruleCount = 0
        for m in found where keep(m) {
            let r = rule(m)
            seen[ruleCount] = r
            ruleCount &+= counts[r] == 0 ? 1 : 0
            counts[r] += 1
            kept += 1
        }
        rules.setCount(ruleCount)
        var order = rules.mutableContents
        order.sort()
        // Each rule's run starts where the one before ended; `counts` becomes the write cursor.
        var offset = 0
        for r in rules.contents {
            let n = counts[r]
            runs.append(Run(rule: r, start: offset, end: offset + n))
            counts[r] = offset
            offset += n
        }
        let out = grouped.storage(minimumCapacity: kept)
        for m in found where keep(m) {
            let r = rule(m)
            out[counts[r]] = m
            counts[r] += 1
        }
        grouped.setCount(kept)
        for r in rules.contents { counts[r] = 0 }
    }
}
