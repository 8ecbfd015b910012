/// Duplicate-key bookkeeping for one open mapping. Its keys already sit in the tree builder's
/// child list, and most mappings have a few: those are scanned there, so nothing is stored per
/// key but the position of a key written as an alias (its node keeps the anchor's marks). From
/// `listLimit` keys on, a dictionary answers instead, so a huge mapping stays linear.
struct SeenKeys {
    static let listLimit = 16
    /// Keys recorded so far (those that are compared: scalars other than `<<`).
    private(set) var keyCount = 0
    private(set) var isIndexed = false
    private var aliasKeys: [(index: Int, at: Mark)] = []
    private var index: [String: Mark] = [:]

    /// Where the key at `i` in the child list was written, when it was an alias.
    func aliasPosition(ofKeyAt i: Int) -> Mark? {
        for entry in aliasKeys where entry.index == i { return entry.at }
        return nil
    }

    /// Where `key` was first written, once indexed.
    func indexed(_ key: String) -> Mark? { index[key] }

    /// Records a key not seen before, now at `i` in the child list.
    mutating func insert(_ key: String, at position: Mark, index i: Int, isAlias: Bool) {
        keyCount += 1
        if isIndexed {
            index[key] = position
        } else if isAlias {
            aliasKeys.append((i, position))
        }
    }

    /// Switches to the dictionary, taking the keys so far from the child list (keys at `first`,
    /// `first + 2`, ...).
    mutating func index(keysFrom first: Int, in children: borrowing NodeStack, identity: (YAMLNode) -> String?) {
        index.reserveCapacity(2 * Self.listLimit)
        var i = first
        while i < children.count {
            if let id = identity(children[i]), index[id] == nil {
                index[id] = aliasPosition(ofKeyAt: i) ?? children[i].start
            }
            i += 2
        }
        isIndexed = true
    }
}
