/// A report's text as it is written, in a buffer of its own that grows by doubling. The
/// per-finding paths of the reports write here instead of building `String`s: each write checks
/// the room once for a whole piece, and escaping copies the runs of bytes that need none whole.
struct ReportBytes: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// False while writing into a buffer the caller owns (`init(writingInto:)`).
    private(set) var ownsBuffer = true

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    /// Writes into `buffer` (an array's storage being initialised, say) until it is full; then
    /// what is written moves to a buffer of its own that grows as usual.
    init(writingInto buffer: UnsafeMutableBufferPointer<UInt8>) {
        if let start = buffer.baseAddress, buffer.count > 0 {
            base = start
            capacity = buffer.count
            ownsBuffer = false
        } else {
            capacity = 64
            base = .allocate(capacity: capacity)
        }
    }

    deinit { if ownsBuffer { base.deallocate() } }

    /// The text written so far.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The text written so far, in place (valid during the call).
    func withContents<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { body(UnsafeBufferPointer(start: base, count: count)) }

    /// Forgets the text written; the buffer keeps its size.
    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        new.update(from: base, count: count)
        if ownsBuffer { base.deallocate() }
        base = new
        capacity = c
        ownsBuffer = true
    }

    /// Gives `body` room for `n` bytes at the end; it returns how many it wrote.
    @inline(__always)
    mutating func write(reserving n: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(n)
        count += body(base + count)
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    /// Literal text (punctuation, keys, markup), copied in one go.
    @inline(__always)
    mutating func literal(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        reserve(n)
        (base + count).update(from: s.utf8Start, count: n)
        count += n
    }

    mutating func append(_ b: UnsafeBufferPointer<UInt8>) {
        guard let p = b.baseAddress, b.count > 0 else { return }
        reserve(b.count)
        (base + count).update(from: p, count: b.count)
        count += b.count
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// A string's UTF-8 bytes as they are.
    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// An integer's decimal digits.
    mutating func int(_ n: Int) {
        reserve(21)
        if n < 0 { base[count] = 0x2D; count += 1 }
        var v = n.magnitude
        var digits = 1, limit: UInt = 10
        while v >= limit && digits < 19 { digits += 1; limit &*= 10 }
        if v >= limit { digits += 1 } // 20 digits: past the last power of ten that fits
        var k = count + digits
        repeat { k -= 1; base[k] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30; v /= 10 } while v > 0
        count += digits
    }

    /// `b` rewritten as `Escape.rewrite` rewrites a string with the same `change`: it is asked at
    /// the first byte of each character, and either leaves the character as it is (nil) or
    /// replaces `length` bytes with its text. `b` must hold whole characters.
    @inline(__always)
    mutating func escaped(_ b: UnsafeBufferPointer<UInt8>, _ change: (UnsafeBufferPointer<UInt8>, Int) -> (Int, StaticString)?) {
        let changed = Escape.walk(b, change, kept: { append($0) }, replaced: { literal($0) })
        if !changed { append(b) }
    }

    mutating func escaped(_ s: String, _ change: (UnsafeBufferPointer<UInt8>, Int) -> (Int, StaticString)?) {
        var s = s
        s.withUTF8 { escaped($0, change) }
    }
}
