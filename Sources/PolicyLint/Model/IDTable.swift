/// The ids of one list's items, for the schema walk's duplicate check: 8 bytes a slot, a slot
/// per id and a third more, where a `[String: Mark]` took about 40 bytes an id (14.7 MB for the
/// 374,000 promises of a 10 MB `promises:` list of `{id: pN, text: a}` items).
///
/// A slot holds 32 bits of the id's hash and the index of the item it came from; the id itself
/// stays in the list. When the bits match, the caller's `idAt` reads the earlier item's id to
/// compare (with `==`, as the dictionary did): nearly never but for a true duplicate.
struct IDTable {
    /// 0: empty; else the hash's upper 32 bits << 32 | (item index + 1).
    private var slots: [UInt64] = []
    /// log2 of `slots.count` (0 while there are no slots).
    private var bits = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Makes room for `capacity` ids in all without growing.
    mutating func reserve(_ capacity: Int) {
        var bits = max(self.bits, 3)
        while Self.limit(bits) < capacity { bits += 1 }
        if bits != self.bits { rebuild(bits: bits) }
    }

    /// The index of the item that first had `id`, or nil after recording `id` for item `item`.
    /// `idAt(j)`: the id of item `j`, an item recorded before.
    mutating func insertFirst(_ id: String, item: Int, idAt: (Int) -> String?) -> Int? {
        precondition(item >= 0 && item < Int(UInt32.max), "more list items than 32 bits can number")
        if count >= Self.limit(bits) { rebuild(bits: max(bits + 1, 3)) }
        let tag = UInt64(UInt(bitPattern: id.hashValue)) >> 32
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: tag) &>> (32 - bits)
        while slots[s] != 0 {
            if slots[s] >> 32 == tag {
                let first = Int(truncatingIfNeeded: slots[s] & 0xFFFF_FFFF) - 1
                if idAt(first) == id { return first }
            }
            s = (s + 1) & mask
        }
        slots[s] = tag << 32 | UInt64(item + 1)
        count += 1
        return nil
    }

    /// Ids a table of 2^bits slots holds: three quarters of its slots.
    private static func limit(_ bits: Int) -> Int { bits == 0 ? 0 : (1 << bits) / 4 * 3 }

    /// The same entries in 2^bits slots: a slot's place comes from its stored hash bits.
    private mutating func rebuild(bits: Int) {
        precondition(bits <= 32, "more ids than 32 bits of hash can place")
        let old = slots
        slots = [UInt64](repeating: 0, count: 1 << bits)
        self.bits = bits
        let mask = slots.count - 1
        for entry in old where entry != 0 {
            var s = Int(truncatingIfNeeded: entry >> 32) &>> (32 - bits)
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = entry
        }
    }
}
