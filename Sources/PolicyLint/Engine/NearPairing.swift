/// The pairing step of `near` checks, in O(log n) per match instead of a scan of every other
/// match: a sentence of 20,000 "not responsible" and 20,000 "supplier" took 16 s in a debug
/// build when every pair was tried (docs/reliability.md), and takes milliseconds now.
extension Engine {
    /// The longest `within` whose window `nearPartner` counts token by token (longer ones take
    /// binary searches, so a pack's `within: 100000` costs O(log n) a match, not O(within)).
    static let countedWindow = 48

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
        // The window around x inside its sentence: tokens leftFrom..<x.first before it and
        // x.last + 1...rightTo after it, at most `within` + 1 each way (sentence numbers never
        // decrease along the tokens, so a sentence's tokens are contiguous).
        let sentence = tokens[x.first].sentence
        let leftFrom: Int, rightTo: Int
        if within <= Engine.countedWindow {
            // Short windows (every built-in rule's): the window's tokens of x's sentence counted
            // without a branch per token. Two binary searches over the string's tokens took a
            // mispredicted branch at every other step, about 15 a match (cachegrind's model).
            var left = 0
            for t in max(x.first - 1 - within, 0)..<x.first { left &+= tokens[t].sentence == sentence ? 1 : 0 }
            var right = 0
            let last = min(x.last + 1 + within, tokens.count - 1)
            if x.last < last { for t in (x.last + 1)...last { right &+= tokens[t].sentence == sentence ? 1 : 0 } }
            leftFrom = x.first - left
            rightTo = x.last + right
        } else {
            // Long windows: the sentence's bounds by binary search, O(log n) whatever `within` is.
            let sentenceStart = lowerBound(tokens.count) { tokens[$0].sentence >= sentence }
            let sentenceEnd = lowerBound(tokens.count) { tokens[$0].sentence > sentence } - 1
            leftFrom = max(x.first - 1 - within, sentenceStart)
            rightTo = min(x.last + 1 + within, sentenceEnd)
        }
        // Before x: ends in [leftFrom, x.first - 1]. These come first in `b`'s order, and they
        // are contiguous there.
        if leftFrom <= x.first - 1 {
            let i = lowerBound(b.count) { b[$0].last >= leftFrom }
            if i < b.count, b[i].last <= x.first - 1 { return b[i] }
        }
        // After x: starts in [x.last + 1, rightTo], so it ends at most `maxLength` tokens after that.
        guard x.last + 1 <= rightTo else { return nil }
        var i = lowerBound(b.count) { b[$0].last >= x.last + 1 }
        while i < b.count, b[i].last <= rightTo + maxLength {
            if b[i].first > x.last, b[i].first <= rightTo { return b[i] }
            i += 1
        }
        return nil
    }
}
