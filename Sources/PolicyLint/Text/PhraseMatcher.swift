import Foundation
import Synchronization

/// One compiled automaton for every phrase of every enabled rule.
///
/// Phrases are paths in a token-level trie. A scan walks the tokens once and advances all
/// live partial matches together: the set of live trie nodes (Aho-Corasick without failure
/// links, which `word*` rules out because one token may match several symbols). A node's depth
/// fixes where its match started, so live nodes need no start bookkeeping, and the work per
/// token depends on the live partial matches, not on how many phrases were compiled.
public struct PhraseMatcher: Sendable {
    public struct Match: Sendable, Equatable, BitwiseCopyable {
        /// The pattern id given at `add`.
        public var pattern: Int
        /// Token indices, inclusive.
        public var first: Int
        public var last: Int
    }

    // Words and prefixes of all phrases in one byte trie, so a token's symbols (its exact word
    // and every compiled prefix of it) come from one walk over its bytes. An edge's entry is
    // `child << 1 | 1 if a compiled prefix ends at child`: most bytes need no node look-up.
    private var wordTrie: WordTrie
    private var wordNodes = [WordNode()]           // per word trie node
    // Which phrases were compiled: a `WordCache` filled for other phrases is stale. Unique in
    // the process (a copy that adds other phrases gets another), from one counter: no random
    // number (a getrandom system call) per phrase added at start-up.
    fileprivate var version = PhraseMatcher.nextVersion()
    // The phrase trie over symbols. Most steps start a match at the root, so its children are
    // an array indexed by symbol; other nodes' children are in `transitions`.
    private var rootChildren: [Int32] = [0]        // symbol -> child; 0 = none
    fileprivate var transitions = IntTable()          // (node << 32 | symbol) -> child, node > 0
    private var states = [State()]                 // per phrase trie node
    fileprivate var outputs: [[Int32]] = [[]]
    private var symbolCount: Int32 = 0
    public private(set) var patternCount = 0
    /// Nodes of the word trie (tests check that a large pack reaches past a row entry's range).
    var wordNodeCount: Int { wordTrie.nodeCount }

    fileprivate struct WordNode {
        var exact: Int32 = 0                       // symbol of the word ending here; 0 = none
        var prefix: Int32 = 0                      // symbol of the prefix ending here; 0 = none
    }

    fileprivate struct State {
        var depth: Int32 = 0
        /// `outputs[node].count`, and its first element: a scan reads the nested array only for
        /// nodes that end several phrases.
        var outputCount: Int32 = 0
        var firstOutput: Int32 = 0
        /// Bit `symbol & 63` of each symbol the node has a child by (a non-root node's
        /// children are in `transitions`): most symbols of a word continue no live partial
        /// match, and the scanner skips their hash look-up on one test.
        var childMask: UInt64 = 0
    }

    public init() { self.init(denseWordNodes: 4_096) }

    /// `denseWordNodes`: see `WordTrie` (tests make it small to exercise its hash table).
    init(denseWordNodes: Int) {
        wordTrie = WordTrie(denseNodes: denseWordNodes)
    }

    private mutating func newSymbol() -> Int32 {
        symbolCount += 1
        rootChildren.append(0)
        return symbolCount
    }

    private mutating func symbol(_ element: Phrase.Element) -> Int32 {
        let (text, isPrefix): (String, Bool)
        switch element {
        case .word(let w): (text, isPrefix) = (w, false)
        case .prefix(let p): (text, isPrefix) = (p, true)
        }
        var node: Int32 = 0, parent: Int32 = 0, last: UInt8 = 0
        for b in text.utf8 {
            parent = node; last = b
            if let entry = wordTrie.entry(node, b) { node = entry >> 1; continue }
            let child = wordTrie.addNode()
            wordNodes.append(WordNode())
            wordTrie.setEntry(node, b, child << 1)
            node = child
        }
        let n = Int(node)
        if isPrefix {
            if wordNodes[n].prefix == 0 {
                wordNodes[n].prefix = newSymbol()
                wordTrie.setEntry(parent, last, node << 1 | 1)
            }
            return wordNodes[n].prefix
        }
        if wordNodes[n].exact == 0 { wordNodes[n].exact = newSymbol() }
        return wordNodes[n].exact
    }

    /// The child of phrase trie node `node` by `symbol`, if any.
    @inline(__always)
    private func child(of node: Int32, _ symbol: Int32) -> Int32? {
        if node == 0 {
            let c = rootChildren[Int(symbol)]
            return c == 0 ? nil : c
        }
        return transitions[UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbol))]
    }

    private mutating func setChild(of node: Int32, _ symbol: Int32, _ child: Int32) {
        if node == 0 { rootChildren[Int(symbol)] = child; return }
        transitions.set(UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbol)), child)
        states[Int(node)].childMask |= 1 &<< UInt64(UInt32(symbol) & 63)
    }

    private static let versions = Atomic<UInt64>(0)

    /// A version no matcher of this process has had (never 0, the empty cache's).
    static func nextVersion() -> UInt64 {
        versions.add(1, ordering: .relaxed).newValue
    }

    /// Adds every variant of `phrase` under the id `pattern`.
    public mutating func add(_ phrase: Phrase, as pattern: Int) {
        version = PhraseMatcher.nextVersion()
        // An empty variant would end at the root, whose state the scanner reads for "no child".
        for variant in phrase.variants where !variant.isEmpty {
            var node: Int32 = 0
            for element in variant {
                let s = symbol(element)
                if let next = child(of: node, s) {
                    node = next
                } else {
                    let next = Int32(states.count)
                    states.append(State(depth: states[Int(node)].depth + 1))
                    outputs.append([])
                    setChild(of: node, s, next)
                    node = next
                }
            }
            if !outputs[Int(node)].contains(Int32(pattern)) {
                if outputs[Int(node)].isEmpty { states[Int(node)].firstOutput = Int32(pattern) }
                outputs[Int(node)].append(Int32(pattern))
                states[Int(node)].outputCount += 1
            }
        }
        patternCount = max(patternCount, pattern + 1)
    }

    /// Writes the symbols a word matches to `out` (room for `word.count + 1`): every compiled
    /// prefix of it, then its exact word. Returns how many.
    @inline(__always)
    fileprivate func symbols(of word: UnsafeBufferPointer<UInt8>, _ trie: WordTrie.UnsafeRows,
                         _ wordNodes: UnsafePointer<WordNode>, into out: UnsafeMutablePointer<Int32>) -> Int {
        var count = 0
        var node: Int32 = 0
        for b in word {
            let entry = trie.entry(node, b, wordTrie)
            if entry == 0 { return count }
            node = entry >> 1
            if entry & 1 != 0 { out[count] = wordNodes[Int(node)].prefix; count &+= 1 }
        }
        let exact = wordNodes[Int(node)].exact
        if exact != 0 { out[count] = exact; count &+= 1 }
        return count
    }

    /// All matches in `tokens`, in order of their last token; matches never cross sentences.
    public func scan(_ text: TokenizedText) -> [Match] {
        (try? scan(text, budget: .max)) ?? []
    }

    /// Steps a scan may take: `baseSteps` plus `stepsPerToken` for each token. A step is one
    /// live partial match tried against one symbol of a word, or one match reported, so a scan
    /// within budget is linear in the text whatever the phrases. Rule packs are untrusted: a
    /// pack whose phrases keep thousands of partial matches alive at once (`a* a* a*` over
    /// every prefix of a long word) is stopped with `MatchBudgetExceeded` instead of running
    /// for hours. The built-in packs take a few steps per token (docs/reliability.md).
    public static let stepsPerToken = 1_000
    public static let baseSteps = 100_000

    public static func budget(tokens: Int) -> Int { baseSteps + stepsPerToken * tokens }

    /// All matches, or `MatchBudgetExceeded` after `budget` steps.
    public func scan(_ text: TokenizedText, budget: Int) throws(MatchBudgetExceeded) -> [Match] {
        var workspace = Workspace()
        return try scan(text, budget: budget, reusing: &workspace)
    }

    /// Buffers a scan works in, kept from one string to the next (`Engine.check` scans a
    /// document's strings with one).
    struct Workspace: ~Copyable {
        var live = ScratchBuffer<Int32>(capacity: 64)
        var next = ScratchBuffer<Int32>(capacity: 64)
        var symbols = ScratchBuffer<Int32>(capacity: 64)
        var words = WordCache()
    }

    /// The symbols of recently scanned words of up to 16 bytes (the fused `Scanner`; the exact
    /// `scan` caches those of up to 8), so that a word seen before (most words of
    /// a document: "the", "you", "or" ...) costs one read of a small table instead of a walk of
    /// the word trie, a chain of dependent reads with a mispredicted exit at its end.
    /// Direct-mapped by a hash of the word's bytes; an entry keeps up to 2 symbols, so words
    /// with more are walked every time. Filled for one matcher (`version`) at a time.
    ///
    /// A cache outlives its scan: it goes back to a small pool and the next scan (the next
    /// document, on this thread or another) starts from it warm. Most of a document's words
    /// were seen in the documents before it; a cache made anew per document missed on each
    /// of them once, and a miss is the trie walk the cache is there to spare.
    struct WordCache: ~Copyable {
        struct Entry {
            var key: UInt64 = 0                    // the word's bytes, little-endian; 0 = empty
            var first: Int32 = 0                   // its symbols in order; 0 = none
            var second: Int32 = 0
        }
        static let bits = 12
        /// Words of 9 to 16 bytes (one word in eight in policy prose) have entries of their own
        /// after the `1 << bits` short ones: `1 << longBits` pairs of slots, the first holding
        /// the word's first eight bytes and its symbols, the second the rest of its bytes.
        static let longBits = 10
        static var longStart: Int { 1 << bits }
        static var capacity: Int { 1 << bits + 2 << longBits }
        private(set) var entries: UnsafeMutablePointer<Entry>? = nil
        private var version: UInt64 = 0

        /// Caches given back (a few: one per thread that scanned at the same time).
        private static let pool = Pool()

        /// Caches' storage with the version each was filled for, owned by the pool alone while
        /// there. An `NSLock` (a pthread mutex, which ThreadSanitizer follows) guards it.
        private final class Pool: @unchecked Sendable {
            private let lock = NSLock()
            private var kept: [(entries: UnsafeMutablePointer<Entry>, version: UInt64)] = []
            private let limit = 64

            func take() -> (entries: UnsafeMutablePointer<Entry>, version: UInt64)? {
                lock.lock()
                defer { lock.unlock() }
                return kept.popLast()
            }

            /// Keeps `entries`, or returns false when the pool is full (the caller frees them).
            func give(_ entries: UnsafeMutablePointer<Entry>, version: UInt64) -> Bool {
                lock.lock()
                defer { lock.unlock() }
                guard kept.count < limit else { return false }
                kept.append((entries, version))
                return true
            }
        }

        /// A cache from the pool if there is one, else an empty one.
        init() {
            if let kept = Self.pool.take() {
                entries = kept.entries
                version = kept.version
            }
        }

        /// The entries, emptied if they were filled for another `version` of the phrases.
        mutating func entries(for version: UInt64) -> UnsafeMutablePointer<Entry> {
            let count = Self.capacity
            let e = entries ?? UnsafeMutablePointer<Entry>.allocate(capacity: count)
            if entries == nil || self.version != version {
                e.initialize(repeating: Entry(), count: count)
                entries = e
                self.version = version
            }
            return e
        }

        deinit {
            guard let entries else { return }
            if !Self.pool.give(entries, version: version) { entries.deallocate() }
        }
    }

    /// `scan(_:budget:)` in buffers kept from earlier scans.
    func scan(_ text: TokenizedText, budget: Int, reusing workspace: inout Workspace) throws(MatchBudgetExceeded) -> [Match] {
        var exceeded: MatchBudgetExceeded?
        // Over the buffers directly: no slice (and its retain) per word.
        let matches = text.tokens.withUnsafeBufferPointer { tokens in
            text.normalized.withUnsafeBufferPointer { normalized in
                scan(tokens, normalized, budget: budget, exceeded: &exceeded, in: &workspace)
            }
        }
        if let exceeded { throw exceeded }
        return matches
    }

    private func scan(_ tokens: UnsafeBufferPointer<Token>, _ normalized: UnsafeBufferPointer<UInt8>, budget: Int,
                      exceeded: inout MatchBudgetExceeded?, in ws: inout Workspace) -> [Match] {
        // Every table through an unchecked pointer, fetched once per string, not once per token.
        wordTrie.withUnsafeRows { trie in
            wordNodes.withUnsafeBufferPointer { wordNodes in
                rootChildren.withUnsafeBufferPointer { rootChildren in
                    states.withUnsafeBufferPointer { states in
                        scan(tokens, normalized, budget: budget, exceeded: &exceeded, in: &ws, trie: trie,
                             wordNodes: wordNodes.baseAddress!, rootChildren: rootChildren.baseAddress!,
                             states: states.baseAddress!)
                    }
                }
            }
        }
    }

    @inline(__always)
    private func scan(_ tokens: UnsafeBufferPointer<Token>, _ normalized: UnsafeBufferPointer<UInt8>, budget: Int,
                      exceeded: inout MatchBudgetExceeded?, in ws: inout Workspace, trie: WordTrie.UnsafeRows,
                      wordNodes: UnsafePointer<WordNode>, rootChildren: UnsafePointer<Int32>,
                      states: UnsafePointer<State>) -> [Match] {
        var steps = 0
        var matches: [Match] = []
        // The buffers through local pointers (re-read only when one grows), so that the loop
        // keeps them in registers.
        ws.live.removeAll() // an earlier scan stopped by its budget leaves nodes behind
        var live = ws.live.storage(minimumCapacity: 64), liveCount = 0
        var next = ws.next.storage(minimumCapacity: 64)
        var symbols = ws.symbols.storage(minimumCapacity: 64)
        var liveCapacity = ws.live.capacity, nextCapacity = ws.next.capacity, symbolCapacity = ws.symbols.capacity
        let cache = ws.words.entries(for: version)
        defer { ws.live.setCount(liveCount) }
        for i in 0..<tokens.count {
            let token = tokens[i]
            let word = UnsafeBufferPointer(rebasing: normalized[token.normalized])
            if word.count >= symbolCapacity {
                symbols = ws.symbols.storage(minimumCapacity: word.count + 1)
                symbolCapacity = ws.symbols.capacity
            }
            var symbolCount: Int
            if UInt(bitPattern: word.count &- 1) < 8 {
                // A word of 1 to 8 bytes packed in one integer, the bytes past it masked off:
                // words have no zero bytes, so no two share a key.
                let start = token.normalized.lowerBound
                var key: UInt64 = 0
                if start &+ 8 <= normalized.count {
                    let raw = UInt64(littleEndian: UnsafeRawPointer(normalized.baseAddress! + start).loadUnaligned(as: UInt64.self))
                    key = word.count == 8 ? raw : raw & ((1 &<< UInt64(8 &* word.count)) &- 1)
                } else {
                    for k in 0..<word.count { key |= UInt64(word[k]) &<< UInt64(8 &* k) }
                }
                let entry = cache + Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> UInt64(64 &- WordCache.bits))
                if entry.pointee.key == key {
                    symbols[0] = entry.pointee.first
                    symbols[1] = entry.pointee.second
                    symbolCount = entry.pointee.first == 0 ? 0 : entry.pointee.second == 0 ? 1 : 2
                } else {
                    symbolCount = self.symbols(of: word, trie, wordNodes, into: symbols)
                    if symbolCount <= 2 {
                        entry.pointee = WordCache.Entry(key: key, first: symbolCount > 0 ? symbols[0] : 0,
                                                        second: symbolCount > 1 ? symbols[1] : 0)
                    }
                }
            } else {
                symbolCount = self.symbols(of: word, trie, wordNodes, into: symbols)
            }
            if symbolCount == 0 {
                liveCount = 0
                continue
            }
            // Live nodes first, then a fresh start at the root.
            if liveCount == liveCapacity {
                ws.live.setCount(liveCount) // the elements a growing buffer keeps
                live = ws.live.storage(minimumCapacity: liveCount + 1)
                liveCapacity = ws.live.capacity
            }
            live[liveCount] = 0
            liveCount &+= 1
            steps += liveCount * symbolCount
            if steps > budget {
                exceeded = MatchBudgetExceeded(steps: steps, token: i, tokens: tokens.count)
                return matches
            }
            // A partial match must stay within one sentence. Every live node started in the
            // previous token's sentence (sentences only grow along the tokens), so at a
            // sentence's first token only the fresh start remains.
            let firstLive = i > 0 && tokens[i &- 1].sentence == token.sentence ? 0 : liveCount &- 1
            // Each (live node, symbol) pair reaches at most one child.
            let most = (liveCount &- firstLive) &* symbolCount
            if most > nextCapacity {
                next = ws.next.storage(minimumCapacity: most)
                nextCapacity = ws.next.capacity
            }
            var n = 0
            for l in firstLive..<liveCount {
                let node = live[l]
                for k in 0..<symbolCount {
                    let child: Int32
                    if node == 0 {
                        child = rootChildren[Int(symbols[k])]
                        if child == 0 { continue }
                    } else {
                        guard let c = transitions[UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbols[k]))] else { continue }
                        child = c
                    }
                    // No duplicate check: the trie is a tree and live nodes and symbols are
                    // distinct, so each (node, symbol) pair reaches a different child.
                    next[n] = child
                    n &+= 1
                    let state = states[Int(child)]
                    if state.outputCount == 0 { continue }
                    steps += Int(state.outputCount)
                    let first = i - Int(state.depth) + 1
                    if matches.isEmpty { matches.reserveCapacity(16) } // not 1, 2, 4, 8, 16
                    if state.outputCount == 1 {
                        matches.append(Match(pattern: Int(state.firstOutput), first: first, last: i))
                    } else {
                        for p in self.outputs[Int(child)] {
                            matches.append(Match(pattern: Int(p), first: first, last: i))
                        }
                    }
                }
            }
            if steps > budget {
                liveCount = 0 // what `next` holds is not kept
                exceeded = MatchBudgetExceeded(steps: steps, token: i, tokens: tokens.count)
                return matches
            }
            swap(&live, &next)
            swap(&liveCapacity, &nextCapacity)
            ws.live.exchange(with: &ws.next)
            liveCount = n
        }
        return matches
    }
}

/// A scan stopped by its step budget (`PhraseMatcher.stepsPerToken`).
public struct MatchBudgetExceeded: Error, Sendable, Equatable {
    public var steps: Int
    /// The token the scan had reached, and the string's length in tokens.
    public var token: Int
    public var tokens: Int
}

extension PhraseMatcher {
    /// Tokenises and scans strings in one pass over each: every token's symbols are looked up
    /// while its bytes are still in registers and the cache, and a token with none (most of
    /// them) ends there. The tables are held through unchecked pointers for the life of
    /// `body`, so one scanner serves a whole document.
    func withScanner<R>(_ body: (inout Scanner) -> R) -> R {
        wordTrie.withUnsafeRows { trie in
            wordNodes.withUnsafeBufferPointer { wordNodes in
                rootChildren.withUnsafeBufferPointer { rootChildren in
                    states.withUnsafeBufferPointer { states in
                        var scanner = Scanner(matcher: self, trie: trie, wordNodes: wordNodes.baseAddress!,
                                              rootChildren: rootChildren.baseAddress!, states: states.baseAddress!)
                        return body(&scanner)
                    }
                }
            }
        }
    }

    /// The matcher's scan as a `TokenSink`: it finds the matches `scan(_:budget:)` finds, in
    /// the same order, as long as the scan stays within its step budget. That budget depends
    /// on the string's token count, known only at its end, so the scanner keeps to a lower
    /// bound of it (`baseSteps` plus `stepsPerToken` per token so far) and gives up past it;
    /// `scanInPlace(_:tokenizer:)` then returns false and the caller runs the exact scan, which finds
    /// the same matches or stops at the same step with the same error. A scan within the
    /// bound never exceeds the budget (steps only grow, and the bound is below the budget).
    struct Scanner: TokenSink, ~Copyable {
        private let matcher: PhraseMatcher
        private let trie: WordTrie.UnsafeRows
        private let wordNodes: UnsafePointer<WordNode>
        private let rootChildren: UnsafePointer<Int32>
        private let states: UnsafePointer<State>
        private var words = WordCache()
        private let cache: UnsafeMutablePointer<WordCache.Entry>
        private var symbolBuffer = ScratchBuffer<Int32>(capacity: 64)
        private(set) var matches = ScratchBuffer<Match>(capacity: 64)
        // Live partial matches (trie nodes) and the next token's, swapped after each token:
        // owned here (no buffer structs to exchange).
        private var live = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
        private var next = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
        // `symbolBuffer`'s storage, re-read only when it grows.
        private var symbols: UnsafeMutablePointer<Int32>
        private var liveCapacity: Int, nextCapacity: Int, symbolCapacity: Int
        /// Per string: live partial matches, whether they are of an ended sentence, tokens so
        /// far, steps taken, and whether the scan gave up (see above).
        private var liveCount = 0
        private var afterSentenceEnd = false
        private var token = 0
        private var steps = 0
        private var gaveUp = false

        fileprivate init(matcher: PhraseMatcher, trie: WordTrie.UnsafeRows, wordNodes: UnsafePointer<WordNode>,
             rootChildren: UnsafePointer<Int32>, states: UnsafePointer<State>) {
            self.matcher = matcher
            self.trie = trie
            self.wordNodes = wordNodes
            self.rootChildren = rootChildren
            self.states = states
            cache = words.entries(for: matcher.version)
            symbols = symbolBuffer.storage(minimumCapacity: 64)
            liveCapacity = 64
            nextCapacity = 64
            symbolCapacity = symbolBuffer.capacity
        }

        deinit {
            live.deallocate()
            next.deallocate()
        }

        /// `buffer` with room for `capacity` elements, its first `keep` kept.
        private static func grow(_ buffer: inout UnsafeMutablePointer<Int32>, _ capacity: inout Int, to needed: Int, keeping keep: Int) {
            let newCapacity = max(needed, capacity * 2)
            let new = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
            new.update(from: buffer, count: keep)
            buffer.deallocate()
            buffer = new
            capacity = newCapacity
        }

        /// Steps the last scan took: those `scan(_:budget:)` counts for the same text (tests).
        var stepsTaken: Int { steps }

        /// Scans `string`, tokenised into `tokenizer`; false if the scan went past the lower
        /// bound of its budget (the caller then runs `scan(_:budget:)`). Nothing is copied out:
        /// the matches stay in `matches` and the tokens in `tokenizer` until the next scan (most
        /// strings have no match, and nothing reads their tokens again).
        mutating func scanInPlace(_ string: String, tokenizer: inout Tokenizer.Workspace) -> Bool {
            scanInPlace(string, from: 0, window: .max, tokenizer: &tokenizer).scanned
        }

        /// `scanInPlace(_:tokenizer:)` for one window of `string` (`Tokenizer.fill(_:from:window:into:sink:)`):
        /// the window is scanned as a string of its own (its matches' token indices count from
        /// its first token, its step budget from its tokens), which finds the matches of the
        /// whole string's scan since none crosses a sentence. Returns where the window ended.
        mutating func scanInPlace(_ string: String, from start: Int, window: Int,
                                  tokenizer: inout Tokenizer.Workspace) -> (scanned: Bool, end: Int) {
            liveCount = 0
            afterSentenceEnd = false
            token = 0
            steps = 0
            gaveUp = false
            matches.removeAll()
            let end = Tokenizer.fill(string, from: start, window: window, into: &tokenizer, sink: &self)
            return (!gaveUp, end)
        }

        @inline(__always)
        mutating func sentenceEnded() { afterSentenceEnd = true }

        @inline(__always)
        mutating func token(_ word: UnsafePointer<UInt8>, count: Int) {
            let i = token
            token = i &+ 1
            var symbolCount: Int
            if UInt(bitPattern: count &- 1) < 16 {
                // A word of 1 to 16 bytes is its own cache key: its first eight bytes and, past
                // eight, the rest, each with the bytes past the word masked off (the reads stay
                // inside the tokenizer's buffer, which has eight bytes to spare after its last
                // word). Words have no zero bytes: equal keys, equal words.
                let first8 = UInt64(littleEndian: UnsafeRawPointer(word).loadUnaligned(as: UInt64.self))
                let key: UInt64, rest: UInt64, entry: UnsafeMutablePointer<WordCache.Entry>
                if count <= 8 {
                    // The mask by a shift of all ones (0 to 56 bits off): `count == 8 ? ...` was a
                    // branch, mispredicted at one word in thirteen in cachegrind's model.
                    key = first8 & (UInt64.max &>> UInt64(64 &- 8 &* count))
                    rest = 0
                    entry = cache + Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> UInt64(64 &- WordCache.bits))
                } else {
                    key = first8
                    let raw = UInt64(littleEndian: UnsafeRawPointer(word + 8).loadUnaligned(as: UInt64.self))
                    rest = raw & (UInt64.max &>> UInt64(128 &- 8 &* count))
                    let hash = (key ^ (rest &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15
                    entry = cache + WordCache.longStart + 2 &* Int(truncatingIfNeeded: hash &>> UInt64(64 &- WordCache.longBits))
                }
                if entry.pointee.key == key && (count <= 8 || entry[1].key == rest) {
                    let first = entry.pointee.first
                    if (liveCount == 0 || afterSentenceEnd) && !gaveUp && ScanStop.current != .afterLookUp {
                        // The usual case, a fresh start at the root by a cached word: its two
                        // symbols as the cache holds them (0 for none), each as `startAtRoot`
                        // takes a symbol (no branch on how many there are), written out here:
                        // through the symbol buffer and a loop it cost 12.6 M instructions more
                        // on 10 MB. The steps are those `step` counts.
                        let second = entry.pointee.second
                        steps &+= (liveCount &+ 1) &* ((first != 0 ? 1 : 0) &+ (second != 0 ? 1 : 0))
                        afterSentenceEnd = false
                        let c0 = rootChildren[Int(first)], c1 = rootChildren[Int(second)]
                        live[0] = c0
                        let n0 = c0 != 0 ? 1 : 0
                        live[n0] = c1
                        liveCount = n0 &+ (c1 != 0 ? 1 : 0)
                        let s0 = states[Int(c0)]
                        if s0.outputCount != 0 { report(s0, c0, i) }
                        let s1 = states[Int(c1)]
                        if s1.outputCount != 0 { report(s1, c1, i) }
                        checkBound(i)
                        return
                    }
                    if first == 0 {
                        // Most words: no symbol, so no partial match survives them.
                        liveCount = 0
                        afterSentenceEnd = false
                        return
                    }
                    let second = entry.pointee.second
                    symbols[0] = first
                    symbols[1] = second
                    symbolCount = second == 0 ? 1 : 2
                } else {
                    // At most 17 symbols (a prefix per byte and the word): within the first buffer.
                    symbolCount = matcher.symbols(of: UnsafeBufferPointer(start: word, count: count), trie, wordNodes, into: symbols)
                    if symbolCount <= 2 {
                        entry.pointee = WordCache.Entry(key: key, first: symbolCount > 0 ? symbols[0] : 0,
                                                        second: symbolCount > 1 ? symbols[1] : 0)
                        if count > 8 { entry[1] = WordCache.Entry(key: rest) }
                    }
                }
            } else {
                if count >= symbolCapacity {
                    symbols = symbolBuffer.storage(minimumCapacity: count + 1)
                    symbolCapacity = symbolBuffer.capacity
                }
                symbolCount = matcher.symbols(of: UnsafeBufferPointer(start: word, count: count), trie, wordNodes, into: symbols)
            }
            if symbolCount == 0 || gaveUp || ScanStop.current == .afterLookUp {
                liveCount = 0
                afterSentenceEnd = false
                return
            }
            if (liveCount == 0 || afterSentenceEnd) && symbolCount <= liveCapacity {
                // Only the fresh start at the root goes on (`step` with no live node to try):
                // its children by the word's symbols replace the live nodes in place.
                steps &+= (liveCount &+ 1) &* symbolCount
                afterSentenceEnd = false
                liveCount = startAtRoot(symbolCount, into: live, from: 0, i)
                checkBound(i)
                return
            }
            step(i, symbolCount)
        }

        /// The matches that end at `child`, reached at token `i`.
        @inline(__always)
        private mutating func report(_ state: State, _ child: Int32, _ i: Int) {
            steps &+= Int(state.outputCount)
            let first = i &- Int(state.depth) &+ 1
            if state.outputCount == 1 {
                matches.append(Match(pattern: Int(state.firstOutput), first: first, last: i))
            } else {
                for p in matcher.outputs[Int(child)] {
                    matches.append(Match(pattern: Int(p), first: first, last: i))
                }
            }
        }

        /// Gives up past the lower bound of the budget: the string has at least i + 1 tokens.
        @inline(__always)
        private mutating func checkBound(_ i: Int) {
            if steps > PhraseMatcher.baseSteps &+ PhraseMatcher.stepsPerToken &* (i &+ 1) {
                gaveUp = true
                liveCount = 0
            }
        }

        /// The fresh start at the root by token `i`'s first `count` symbols: each child written
        /// to `out` from index `n` on; returns the new count. Without a branch on whether a
        /// symbol starts a phrase (a third do not, in no order a predictor learns): a 0 child is
        /// written but not counted, and the root's state (index 0) ends no phrase (`add` skips
        /// empty variants); `rootChildren[0]` is 0 (no symbol is 0), so a 0 symbol is none.
        @inline(__always)
        private mutating func startAtRoot(_ count: Int, into out: UnsafeMutablePointer<Int32>, from n: Int, _ i: Int) -> Int {
            var n = n
            for k in 0..<count {
                let child = rootChildren[Int(symbols[k])]
                out[n] = child
                n &+= child != 0 ? 1 : 0
                let state = states[Int(child)]
                if state.outputCount != 0 { report(state, child, i) }
            }
            return n
        }

        /// Advances the live partial matches by token `i`'s symbols: `scan`'s loop body.
        private mutating func step(_ i: Int, _ symbolCount: Int) {
            // Live nodes first, then a fresh start at the root, counted as one more live node
            // (as `scan` counts it) but taken after the loop: no test per node for the root.
            steps &+= (liveCount &+ 1) &* symbolCount
            // At a sentence's first token only the fresh start remains (the live nodes are
            // still counted in the steps, as `scan` counts them).
            let firstLive = afterSentenceEnd ? liveCount : 0
            afterSentenceEnd = false
            let most = (liveCount &- firstLive &+ 1) &* symbolCount
            if most > nextCapacity { Self.grow(&next, &nextCapacity, to: most, keeping: 0) }
            var n = 0
            for l in firstLive..<liveCount {
                let node = live[l]
                let mask = states[Int(node)].childMask
                for k in 0..<symbolCount {
                    let symbol = symbols[k]
                    if mask & (1 &<< UInt64(UInt32(symbol) & 63)) == 0 { continue }
                    guard let child = matcher.transitions[UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbol))] else { continue }
                    // No duplicate check: the trie is a tree and live nodes and symbols are
                    // distinct, so each (node, symbol) pair reaches a different child.
                    next[n] = child
                    n &+= 1
                    let state = states[Int(child)]
                    if state.outputCount != 0 { report(state, child, i) }
                }
            }
            n = startAtRoot(symbolCount, into: next, from: n, i)
            swap(&live, &next)
            swap(&liveCapacity, &nextCapacity)
            liveCount = n
            checkBound(i)
        }
    }
}
