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
    // and every compiled prefix of it) come from one walk over its bytes.
    private var wordTrie = IntTable()              // (node << 8 | byte) -> child
    private var exactSymbol: [Int32] = [0]        // per trie node; 0 = none
    private var prefixSymbol: [Int32] = [0]
    private var transitions = IntTable()          // (node << 32 | symbol) -> child
    private var depth: [Int32] = [0]
    private var outputs: [[Int32]] = [[]]
    /// `outputs[node].count`, so that a scan reads the nested array only for nodes that end a phrase.
    private var outputCount: [Int32] = [0]
    private var symbolCount: Int32 = 0
    public private(set) var patternCount = 0

    public init() {}

    private mutating func symbol(_ element: Phrase.Element) -> Int32 {
        let (text, isPrefix): (String, Bool)
        switch element {
        case .word(let w): (text, isPrefix) = (w, false)
        case .prefix(let p): (text, isPrefix) = (p, true)
        }
        var node: Int32 = 0
        for b in text.utf8 {
            let key = UInt64(UInt32(node)) << 8 | UInt64(b)
            if let child = wordTrie[key] { node = child; continue }
            let child = Int32(exactSymbol.count)
            exactSymbol.append(0); prefixSymbol.append(0)
            wordTrie.set(key, child)
            node = child
        }
        if isPrefix {
            if prefixSymbol[Int(node)] == 0 { symbolCount += 1; prefixSymbol[Int(node)] = symbolCount }
            return prefixSymbol[Int(node)]
        }
        if exactSymbol[Int(node)] == 0 { symbolCount += 1; exactSymbol[Int(node)] = symbolCount }
        return exactSymbol[Int(node)]
    }

    /// Adds every variant of `phrase` under the id `pattern`.
    public mutating func add(_ phrase: Phrase, as pattern: Int) {
        for variant in phrase.variants {
            var node: Int32 = 0
            for element in variant {
                let key = UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbol(element)))
                if let next = transitions[key] {
                    node = next
                } else {
                    let next = Int32(depth.count)
                    depth.append(depth[Int(node)] + 1)
                    outputs.append([])
                    outputCount.append(0)
                    transitions.set(key, next)
                    node = next
                }
            }
            if !outputs[Int(node)].contains(Int32(pattern)) {
                outputs[Int(node)].append(Int32(pattern))
                outputCount[Int(node)] += 1
            }
        }
        patternCount = max(patternCount, pattern + 1)
    }

    /// The symbols a word matches: every compiled prefix of it, then its exact word.
    @inline(__always)
    func symbols(of word: UnsafeBufferPointer<UInt8>, into out: inout ScratchBuffer<Int32>) {
        out.removeAll()
        out.reserve(word.count + 1)
        var node: Int32 = 0
        for b in word {
            guard let child = wordTrie[UInt64(UInt32(node)) << 8 | UInt64(b)] else { return }
            node = child
            let p = prefixSymbol[Int(node)]
            if p != 0 { out.appendUnchecked(p) }
        }
        let e = exactSymbol[Int(node)]
        if e != 0 { out.appendUnchecked(e) }
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
        var exceeded: MatchBudgetExceeded?
        // Over the buffers directly: no slice (and its retain) per word.
        let matches = text.tokens.withUnsafeBufferPointer { tokens in
            text.normalized.withUnsafeBufferPointer { normalized in
                scan(tokens, normalized, budget: budget, exceeded: &exceeded)
            }
        }
        if let exceeded { throw exceeded }
        return matches
    }

    private func scan(_ tokens: UnsafeBufferPointer<Token>, _ normalized: UnsafeBufferPointer<UInt8>, budget: Int,
                      exceeded: inout MatchBudgetExceeded?) -> [Match] {
        var steps = 0
        var matches: [Match] = []
        var live = ScratchBuffer<Int32>(capacity: 64)
        var next = ScratchBuffer<Int32>(capacity: 64)
        var syms = ScratchBuffer<Int32>(capacity: 64)
        for (i, token) in tokens.enumerated() {
            symbols(of: UnsafeBufferPointer(rebasing: normalized[token.normalized]), into: &syms)
            next.removeAll()
            if !syms.isEmpty {
                // Live nodes first, then a fresh start at the root.
                live.append(0)
                steps += live.count * syms.count
                if steps > budget {
                    exceeded = MatchBudgetExceeded(steps: steps, token: i, tokens: tokens.count)
                    return matches
                }
                for l in 0..<live.count {
                    let node = live[l]
                    // A partial match must stay within one sentence.
                    if node != 0, tokens[i - Int(depth[Int(node)])].sentence != token.sentence { continue }
                    for k in 0..<syms.count {
                        let s = syms[k]
                        guard let child = transitions[UInt64(UInt32(node)) << 32 | UInt64(UInt32(s))] else { continue }
                        // No duplicate check: the trie is a tree and live nodes and symbols are
                        // distinct, so each (node, symbol) pair reaches a different child.
                        next.append(child)
                        let outputs = outputCount[Int(child)]
                        if outputs == 0 { continue }
                        steps += Int(outputs)
                        let first = i - Int(depth[Int(child)]) + 1
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
            live.exchange(with: &next)
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
