/// FNV-1a, 64-bit: a stable hash (Swift's `Hasher` is seeded per process).
public func stableHash(_ parts: [String]) -> String {
    var h = StableHasher()
    for (i, part) in parts.enumerated() {
        if i > 0 { h.endPart() }
        h.add(part)
    }
    return h.hex
}

/// The running state of `stableHash`, so that fingerprints can hash words straight from the
/// tokenizer's byte buffer instead of joining them into a string first.
struct StableHasher {
    private(set) var value: UInt64 = 0xcbf29ce484222325

    init() {}

    /// Continues from a state `value` reached earlier (e.g. after a rule id, once per rule).
    init(state: UInt64) { value = state }

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x100000001b3
    }

    mutating func add(_ string: String) {
        // In place when contiguous (native strings): a `var` copy for `withUTF8` cost a retain
        // and a release (once a finding, for its path).
        if string.utf8.withContiguousStorageIfAvailable({ add($0) }) != nil { return }
        var string = string
        string.withUTF8 { add($0) }
    }

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes { add(b) }
    }

    mutating func add(_ bytes: ArraySlice<UInt8>) {
        for b in bytes { add(b) }
    }

    /// Between two parts: the step of a zero byte (`h ^= 0` changes nothing).
    mutating func endPart() {
        value = value &* 0x100000001b3
    }

    /// 16 lower-case hex digits, zero-padded: `String(value, radix: 16)` padded to 16.
    var hex: String { StableHasher.hex(value) }

    static func hex(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            writeHex(value, to: buffer.baseAddress!)
            return 16
        }
    }

    /// Writes `hex(value)`'s 16 digits at `out`.
    @inline(__always)
    static func writeHex(_ value: UInt64, to out: UnsafeMutablePointer<UInt8>) {
        let digits: StaticString = "0123456789abcdef"
        for k in 0..<16 {
            let nibble = Int((value >> UInt64(60 - 4 * k)) & 0xF)
            out[k] = digits.utf8Start[nibble]
        }
    }
}
