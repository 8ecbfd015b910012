/// An open-addressing hash table from integer keys to Int32 values.
///
/// The tries of the phrase matcher look up (node, symbol) pairs once per token byte and per live
/// match; `Dictionary`'s seeded SipHash dominated that cost. A multiplicative hash with linear
/// probing is enough here: keys are built by us, not chosen by an attacker's text (a pack only
/// adds phrases, and lookups of unknown keys stop at the first empty slot).
struct IntTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0
    private static let empty = UInt64.max

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: IntTable.empty, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always)
    subscript(key: UInt64) -> Int32? {
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == IntTable.empty { return nil }
            i = (i + 1) & mask
        }
    }

    mutating func set(_ key: UInt64, _ value: Int32) {
        precondition(key != IntTable.empty)
        if (count + 1) * 2 > keys.count { grow() }
        var i = slot(key)
        while true {
            if keys[i] == key { values[i] = value; return }
            if keys[i] == IntTable.empty {
                keys[i] = key; values[i] = value; count += 1; return
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        self = IntTable(capacity: keys.count)
        for (k, v) in zip(oldKeys, oldValues) where k != IntTable.empty { set(k, v) }
    }
}
