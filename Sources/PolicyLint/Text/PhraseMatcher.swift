/// One compiled automaton for every phrase of every enabled rule.
///
/// Phrases are paths in a token-level trie. A scan walks the tokens once and advances all
/// live partial matches together: the set of live trie nodes (Aho-Corasick without failure
/// links, which `word*` rules out because one token may match several symbols). A node's depth
/// fixes where its match started, so live nodes need no start bookkeeping, and the work per
/// token depends on the live partial matches, not on how many phrases were compiled.
public struct PhraseMatcher: Sendable {
    public struct Match: Sendable, Equatable {
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
    // The phrase trie over symbols. Most steps start a match at the root, so its children are
    // an array indexed by symbol; other nodes' children are in `transitions`.
    private var rootChildren: [Int32] = [0]        // symbol -> child; 0 = none
    private var transitions = IntTable()          // (node << 32 | symbol) -> child, node > 0
    private var states = [State()]                 // per phrase trie node
    private var outputs: [[Int32]] = [[]]
    private var symbolCount: Int32 = 0
    public private(set) var patternCount = 0

    private struct WordNode {
        var exact: Int32 = 0                       // symbol of the word ending here; 0 = none
        var prefix: Int32 = 0                      // symbol of the prefix ending here; 0 = none
    }

    private struct State {
        var depth: Int32 = 0
        /// `outputs[node].count`, so that a scan reads the nested array only for nodes that end a phrase.
        var outputCount: Int32 = 0
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
        if node == 0 { rootChildren[Int(symbol)] = child } else { transitions.set(UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbol)), child) }
    }

    /// Adds every variant of `phrase` under the id `pattern`.
    public mutating func add(_ phrase: Phrase, as pattern: Int) {
        for variant in phrase.variants {
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
                outputs[Int(node)].append(Int32(pattern))
                states[Int(node)].outputCount += 1
            }
        }
        patternCount = max(patternCount, pattern + 1)
    }

    /// The symbols a word matches: every compiled prefix of it, then its exact word.
    @inline(__always)
    func symbols(of word: UnsafeBufferPointer<UInt8>, into out: inout ScratchBuffer<Int32>) {
        out.removeAll()
        out.reserve(word.count + 1)
        let end = wordTrie.walk(word) { entry in
            if entry & 1 != 0 { out.appendUnchecked(wordNodes[Int(entry >> 1)].prefix) }
        }
        if let end, case let e = wordNodes[Int(end)].exact, e != 0 { out.appendUnchecked(e) }
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
        var steps = 0
        var matches: [Match] = []
        ws.live.removeAll() // an earlier scan stopped by its budget leaves nodes behind
        for (i, token) in tokens.enumerated() {
            symbols(of: UnsafeBufferPointer(rebasing: normalized[token.normalized]), into: &ws.symbols)
            ws.next.removeAll()
            if !ws.symbols.isEmpty {
                // Live nodes first, then a fresh start at the root.
                ws.live.append(0)
                steps += ws.live.count * ws.symbols.count
                if steps > budget {
                    exceeded = MatchBudgetExceeded(steps: steps, token: i, tokens: tokens.count)
                    return matches
                }
                // A partial match must stay within one sentence. Every live node started in the
                // previous token's sentence (sentences only grow along the tokens), so at a
                // sentence's first token only the fresh start remains.
                let firstLive = i > 0 && tokens[i - 1].sentence == token.sentence ? 0 : ws.live.count - 1
                for l in firstLive..<ws.live.count {
                    let node = ws.live[l]
                    for k in 0..<ws.symbols.count {
                        guard let child = child(of: node, ws.symbols[k]) else { continue }
                        // No duplicate check: the trie is a tree and live nodes and symbols are
                        // distinct, so each (node, symbol) pair reaches a different child.
                        ws.next.append(child)
                        let state = states[Int(child)]
                        if state.outputCount == 0 { continue }
                        steps += Int(state.outputCount)
                        let first = i - Int(state.depth) + 1
                        if matches.isEmpty { matches.reserveCapacity(16) } // not 1, 2, 4, 8, 16
                        for p in self.outputs[Int(child)] {
                            matches.append(Match(pattern: Int(p), first: first, last: i))
                        }
                    }
                }
            }
            if steps > budget {
                exceeded = MatchBudgetExceeded(steps: steps, token: i, tokens: tokens.count)
                return matches
            }
            ws.live.exchange(with: &ws.next)
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
