/// The byte trie of the phrases' words and prefixes: edges from (node, byte) to an entry.
///
/// A scan walks it once per byte of most words, each step a read that depends on the one
/// before, so a step should be one read that hits the cache, not a hash look-up. Most nodes
/// (all but a few near the root) have one edge: they keep it in their 4-byte `info`, and the
/// nodes of one word, added one after the other, share a cache line. (With a 256-byte row per
/// node the walk of a rarer word missed the cache at nearly every byte.) A node with more edges
/// keeps a row with one `UInt16` column per byte class (the bytes that occur in some phrase
/// word, usually a few dozen; column 0 is every other byte and stays empty); an entry too large
/// for a row is marked `overflow` and kept in the hash table. At most `denseNodes` nodes get
/// rows, so rows take at most `denseNodes` × 512 × 2 bytes; later branching nodes, which only
/// packs with thousands of distinct words have, keep their edges in the hash table.
struct WordTrie: Sendable {
    let denseNodes: Int
    private var byteClass = [UInt16](repeating: 0, count: 256) // 0 = in no word
    private var classCount = 0
    private var strideShift = 4                    // log2 of the columns per row, above `classCount`
    private var rows: [UInt16] = []                // row << strideShift | class -> entry; 0 = none
    private var rowCount = 0
    // Per node: 0 = no edge; `entry << 9 | byte << 1` = one edge; `row << 1 | 1` = edges in a
    // row; `inTable` = edges in `table`.
    private var info: [UInt32] = [0]
    private var table = IntTable()                 // (node << 8 | byte) -> entry
    var nodeCount: Int { info.count }
    static let overflow = UInt16.max               // a row entry kept in `table`
    private static let inTable = UInt32.max
    private static let maxInlineEntry: Int32 = 1 << 23 - 1

    init(denseNodes: Int = 4_096) {
        precondition(denseNodes >= 1)
        self.denseNodes = denseNodes
    }

    /// The entry of the edge from `node` by byte `b`, if any.
    func entry(_ node: Int32, _ b: UInt8) -> Int32? {
        let i = info[Int(node)]
        let e: Int32
        if i & 1 == 0 {
            e = (i >> 1) & 0xFF == UInt32(b) ? Int32(i >> 9) : 0
        } else if i != WordTrie.inTable, case let r = rows[Int(i >> 1) << strideShift + Int(byteClass[Int(b)])],
                  r != WordTrie.overflow {
            e = Int32(r)
        } else {
            e = tableEntry(node, b)
        }
        return e == 0 ? nil : e
    }

    /// `entry` for an edge in the hash table, out of the scan's loop.
    @inline(never)
    func tableEntry(_ node: Int32, _ b: UInt8) -> Int32 {
        table[UInt64(UInt32(node)) << 8 | UInt64(b)] ?? 0
    }

    /// The tables over unsafe pointers, for a scan's loop over many words.
    func withUnsafeRows<R>(_ body: (UnsafeRows) -> R) -> R {
        rows.withUnsafeBufferPointer { rows in
            byteClass.withUnsafeBufferPointer { byteClass in
                info.withUnsafeBufferPointer { info in
                    // `rows` may be empty: its base address is then never read.
                    body(UnsafeRows(rows: rows.baseAddress ?? UnsafePointer(bitPattern: 8)!, byteClass: byteClass.baseAddress!,
                                    info: info.baseAddress!, shift: strideShift))
                }
            }
        }
    }

    /// The tables with unchecked reads (a node is below `nodeCount`, a class below the
    /// stride, a row within `rows`), valid inside `withUnsafeRows` only. Plain values, so that
    /// a scan keeps them in registers.
    struct UnsafeRows {
        let rows: UnsafePointer<UInt16>
        let byteClass: UnsafePointer<UInt16>
        let info: UnsafePointer<UInt32>
        let shift: Int

        /// The entry of the edge from `node` by byte `b`; 0 = none. Edges in the hash table
        /// are asked of `trie`.
        @inline(__always)
        func entry(_ node: Int32, _ b: UInt8, _ trie: WordTrie) -> Int32 {
            let i = info[Int(node)]
            if i & 1 == 0 { return (i >> 1) & 0xFF == UInt32(b) ? Int32(i >> 9) : 0 }
            if i != WordTrie.inTable {
                let r = rows[Int(i >> 1) &<< shift &+ Int(byteClass[Int(b)])]
                if r != WordTrie.overflow { return Int32(r) }
            }
            return trie.tableEntry(node, b)
        }
    }

    /// Sets the entry (never 0) of the edge from `node` by byte `b`.
    mutating func setEntry(_ node: Int32, _ b: UInt8, _ entry: Int32) {
        precondition(entry > 0)
        let n = Int(node)
        let i = info[n]
        if i == 0 || (i & 1 == 0 && (i >> 1) & 0xFF == UInt32(b)) {
            if entry <= WordTrie.maxInlineEntry { info[n] = UInt32(entry) << 9 | UInt32(b) << 1; return }
        }
        if i & 1 == 0 {
            // A second edge, or one too large to keep inline: the node's edges move to a row,
            // or to the table once `denseNodes` rows are taken.
            if rowCount < denseNodes {
                info[n] = UInt32(rowCount) << 1 | 1
                rowCount += 1
                rows.append(contentsOf: repeatElement(0, count: 1 << strideShift))
            } else {
                info[n] = WordTrie.inTable
            }
            if i != 0 { setEntry(node, UInt8((i >> 1) & 0xFF), Int32(i >> 9)) }
        }
        if info[n] != WordTrie.inTable {
            if byteClass[Int(b)] == 0 { addClass(b) }
            let column = Int(info[n] >> 1) << strideShift + Int(byteClass[Int(b)])
            if entry < Int32(WordTrie.overflow) { rows[column] = UInt16(entry); return }
            rows[column] = WordTrie.overflow
        }
        table.set(UInt64(UInt32(node)) << 8 | UInt64(b), entry)
    }

    /// A new node, with no edges yet.
    mutating func addNode() -> Int32 {
        info.append(0)
        return Int32(info.count - 1)
    }

    private mutating func addClass(_ b: UInt8) {
        classCount += 1
        byteClass[Int(b)] = UInt16(classCount)
        if classCount < 1 << strideShift { return }
        // Twice the columns (at most 5 times: 16 to 512), every row copied.
        let old = rows, oldStride = 1 << strideShift
        strideShift += 1
        let stride = 1 << strideShift
        rows = [UInt16](repeating: 0, count: rowCount * stride)
        for r in 0..<rowCount {
            for c in 0..<oldStride { rows[r * stride + c] = old[r * oldStride + c] }
        }
    }
}
