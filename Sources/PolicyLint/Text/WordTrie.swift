/// The byte trie of the phrases' words and prefixes: edges from (node, byte) to an entry.
///
/// A scan walks it once per byte of most words, so a step should be an array read, not a hash
/// look-up. Nodes below `denseNodes` keep a row with one column per byte class (the bytes that
/// occur in some phrase word, usually a few dozen; column 0 is every other byte and stays
/// empty). Later nodes, which only packs with thousands of distinct words have, keep their
/// edges in a hash table, so rows take at most `denseNodes` × 512 × 4 bytes.
struct WordTrie: Sendable {
    let denseNodes: Int
    private var byteClass = [Int32](repeating: 0, count: 256) // 0 = in no word
    private var classCount = 0
    private var stride = 64                        // columns per row, above `classCount`
    private var rows: [Int32]                      // node * stride + class -> entry; 0 = none
    private var table = IntTable()                 // (node << 8 | byte) -> entry, node >= denseNodes
    private(set) var nodeCount = 1                 // the root

    init(denseNodes: Int = 4_096) {
        precondition(denseNodes >= 1)
        self.denseNodes = denseNodes
        rows = [Int32](repeating: 0, count: stride)
    }

    /// The entry of the edge from `node` by byte `b`, if any.
    @inline(__always)
    func entry(_ node: Int32, _ b: UInt8) -> Int32? {
        let n = Int(node)
        if n < denseNodes {
            let e = rows[n &* stride &+ Int(byteClass[Int(b)])]
            return e == 0 ? nil : e
        }
        return table[UInt64(UInt32(node)) << 8 | UInt64(b)]
    }

    /// Walks `word` from the root, calling `visit` with the entry of each edge taken. Returns
    /// the node the whole word leads to, or nil if the trie has no path for it.
    @inline(__always)
    func walk(_ word: UnsafeBufferPointer<UInt8>, _ visit: (Int32) -> Void) -> Int32? {
        // Unchecked reads: a class is below `stride`, a dense node's row is within `rows`.
        rows.withUnsafeBufferPointer { rows in
            byteClass.withUnsafeBufferPointer { byteClass in
                var node: Int32 = 0
                for b in word {
                    let n = Int(node)
                    let e: Int32
                    if n < denseNodes {
                        e = rows[n &* stride &+ Int(byteClass[Int(b)])]
                        if e == 0 { return nil }
                    } else {
                        guard let t = table[UInt64(UInt32(node)) << 8 | UInt64(b)] else { return nil }
                        e = t
                    }
                    visit(e)
                    node = e >> 1
                }
                return node
            }
        }
    }

    /// Sets the entry (never 0) of the edge from `node` by byte `b`.
    mutating func setEntry(_ node: Int32, _ b: UInt8, _ entry: Int32) {
        precondition(entry != 0)
        let n = Int(node)
        if n < denseNodes {
            if byteClass[Int(b)] == 0 { addClass(b) }
            rows[n * stride + Int(byteClass[Int(b)])] = entry
        } else {
            table.set(UInt64(UInt32(node)) << 8 | UInt64(b), entry)
        }
    }

    /// A new node, with no edges yet.
    mutating func addNode() -> Int32 {
        if nodeCount < denseNodes { rows.append(contentsOf: repeatElement(0, count: stride)) }
        nodeCount += 1
        return Int32(nodeCount - 1)
    }

    private mutating func addClass(_ b: UInt8) {
        classCount += 1
        byteClass[Int(b)] = Int32(classCount)
        if classCount < stride { return }
        // Twice the columns (at most 3 times: 64 to 512; the built-in packs need none), every
        // row copied.
        let old = rows, oldStride = stride
        stride *= 2
        let dense = min(nodeCount, denseNodes)
        rows = [Int32](repeating: 0, count: dense * stride)
        for n in 0..<dense {
            for c in 0..<oldStride { rows[n * stride + c] = old[n * oldStride + c] }
        }
    }
}
