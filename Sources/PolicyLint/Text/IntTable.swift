/// An open-addressing hash table from integer keys to Int32 values.
///
/// The tries of the phrase matcher look up (node, symbol) pairs once per token byte and per live
/// match; `Dictionary`'s seeded SipHash dominated that cost. A multiplicative hash with linear
/// probing is enough here: keys are built by us, not chosen by an attacker's text (a pack only
/// adds phrases, and lookups of unknown keys stop at the first empty slot).
struct IntTable: Sendable {
    /// Key and value side by side: a lookup reads one place.
    private struct Slot {
        var key: UInt64
        var value: Int32
    }

    private var slots: [Slot]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0
    private static let empty = UInt64.max

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(key: IntTable.empty, value: 0), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        // `shift` is below 64, so the masking shift gives the same as `>>` without its checks.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    @inline(__always)
    subscript(key: UInt64) -> Int32? {
        // Unchecked reads: `slot` and `& mask` keep every index within the table.
        slots.withUnsafeBufferPointer { slots in
            var i = slot(key)
            while true {
                let k = slots[i].key
                if k == key { return slots[i].value }
                if k == IntTable.empty { return nil }
                i = (i &+ 1) & mask
            }
        }
    }

    mutating func set(_ key: UInt64, _ value: Int32) {
        precondition(key != IntTable.empty)
        if (count + 1) * 2 > slots.count { grow() }
        var i = slot(key)
        while true {
            if slots[i].key == key { slots[i].value = value; return }
            if slots[i].key == IntTable.empty {
                slots[i] = Slot(key: key, value: value); count += 1; return
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        self = IntTable(capacity: slots.count)
        for s in old where s.key != IntTable.empty { set(s.key, s.value) }
    }
}
