/// A growable buffer of values for the tokenizer's and the matcher's inner loops.
///
/// `Array.append` and `removeAll(keepingCapacity:)` check uniqueness (and the latter moves a
/// zero-length tail) on every call, which cost more than the work itself for words of a few
/// bytes and lists of a few symbols. Here a loop reserves room once and stores directly.
/// Elements are initialised and deinitialised properly; for plain values (`Int32`, `Token`)
/// that compiles to nothing.
struct ScratchBuffer<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    private(set) var count = 0

    /// Elements allocated past `capacity`, never initialised: an 8-byte read that starts at
    /// any element (a word's bytes loaded as one integer) stays inside the allocation.
    private static var padding: Int { 8 }

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity + Self.padding)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// The first element's address; valid until the buffer next grows. `capacity + 8`
    /// elements are allocated from it.
    var baseAddress: UnsafeMutablePointer<Element> { base }


    var last: Element? { count == 0 ? nil : base[count - 1] }

    /// Makes room for `extra` more elements.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        // Wrapping sums here and in the appends below: a count is at most what memory holds,
        // and `extra` is a byte or element count, so none can overflow, and the overflow checks
        // were a test and a branch per word in the tokenizer's loop.
        if count &+ extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity + Self.padding)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends one element; the caller has reserved room for it.
    @inline(__always)
    mutating func appendUnchecked(_ element: Element) {
        (base + count).initialize(to: element)
        count &+= 1
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        reserve(1)
        appendUnchecked(element)
    }

    mutating func removeLast(_ k: Int) {
        precondition(k >= 0 && k <= count)
        count -= k
        (base + count).deinitialize(count: k)
    }

    mutating func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    /// Exchanges the contents of two buffers (no copy).
    mutating func exchange(with other: inout ScratchBuffer<Element>) {
        swap(&base, &other.base)
        swap(&capacity, &other.capacity)
        swap(&count, &other.count)
    }

    /// The elements, valid until the buffer next changes.
    var contents: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// The elements, to change in place (sort), valid until the buffer next grows.
    var mutableContents: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    /// Appends copies of `elements`; returns where they now are.
    @discardableResult
    mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) -> Range<Int> {
        let start = count
        reserve(elements.count)
        if let source = elements.baseAddress { (base + count).initialize(from: source, count: elements.count) }
        count += elements.count
        return start..<count
    }

    /// Sets the last two elements to `a` and `b`.
    mutating func setLastTwo(_ a: Element, _ b: Element) {
        precondition(count >= 2)
        base[count - 2] = a
        base[count - 1] = b
    }

    subscript(i: Int) -> Element {
        @inline(__always) get {
            precondition(i >= 0 && i < count)
            return base[i]
        }
    }

    /// A copy of the elements from offset `start` on.
    func array(from start: Int) -> [Element] {
        Array(UnsafeBufferPointer(start: base + start, count: count - start))
    }
}

extension ScratchBuffer where Element: BitwiseCopyable {
    /// Lets `body` write at most `maximum` elements after the last one; it returns how many it
    /// wrote, which are appended. (Plain values only: `body` assigns to uninitialised memory.)
    /// `reserved`: the caller has made room for `maximum` already.
    @inline(__always)
    mutating func append(atMost maximum: Int, reserved: Bool = false, _ body: (UnsafeMutablePointer<Element>) -> Int) {
        if reserved { assert(count &+ maximum <= capacity) } else { reserve(maximum) }
        let written = body(base + count)
        precondition(written >= 0 && written <= maximum)
        count &+= written
    }

    /// The buffer's storage with room for `minimumCapacity` elements, for a loop that writes
    /// them itself and then reports how many with `setCount` (the first `count` are kept).
    /// Plain values only, like `append(atMost:_:)`; the pointer is valid until the buffer
    /// next grows.
    mutating func storage(minimumCapacity: Int) -> UnsafeMutablePointer<Element> {
        if minimumCapacity > capacity { grow(to: minimumCapacity) }
        return base
    }

    /// Sets how many elements the loop given `storage(minimumCapacity:)` wrote.
    @inline(__always)
    mutating func setCount(_ written: Int) {
        precondition(written >= 0 && written <= capacity)
        count = written
    }
}
