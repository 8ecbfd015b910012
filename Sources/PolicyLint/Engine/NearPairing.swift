/// The pairing step of `near` checks, in O(log n) per match instead of a scan of every other
/// match: a sentence of 20,000 "not responsible" and 20,000 "supplier" took 16 s in a debug
/// build when every pair was tried (docs/reliability.md), and takes milliseconds now.
extension Engine {
    /// The first match of `b` (in scan order, i.e. sorted by `last`) in `x`'s sentence, not
    /// overlapping `x`, with at most `within` words between them: the match a scan of `b` in
    /// order would find. `maxLength` is the largest `last - first` in `b`.
    static func nearPartner<Matches: RandomAccessCollection<PhraseMatcher.Match>, Tokens: RandomAccessCollection<Token>>(
        of x: PhraseMatcher.Match, in b: Matches, within: Int, maxLength: Int, tokens: Tokens
    ) -> PhraseMatcher.Match? where Matches.Index == Int, Tokens.Index == Int {
        func lowerBound(_ n: Int, _ isAtOrAfter: (Int) -> Bool) -> Int {
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if isAtOrAfter(mid) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        // Token indices of x's sentence (sentence numbers never decrease along the tokens).
        let sentence = tokens[x.first].sentence
        let sentenceStart = lowerBound(tokens.count) { tokens[$0].sentence >= sentence }
        let sentenceEnd = lowerBound(tokens.count) { tokens[$0].sentence > sentence } - 1
        // Before x: ends in [x.first - 1 - within, x.first - 1] inside the sentence. These come
        // first in `b`'s order, and they are contiguous there.
        let leftFrom = max(x.first - 1 - within, sentenceStart)
        if leftFrom <= x.first - 1 {
            let i = lowerBound(b.count) { b[$0].last >= leftFrom }
            if i < b.count, b[i].last <= x.first - 1 { return b[i] }
        }
        // After x: starts in [x.last + 1, x.last + 1 + within] inside the sentence, so it ends
        // at most `maxLength` tokens after that.
        let rightTo = min(x.last + 1 + within, sentenceEnd)
        guard x.last + 1 <= rightTo else { return nil }
        var i = lowerBound(b.count) { b[$0].last >= x.last + 1 }
        while i < b.count, b[i].last <= rightTo + maxLength {
            if b[i].first > x.last, b[i].first <= rightTo { return b[i] }
            i += 1
        }
        return nil
    }
}
