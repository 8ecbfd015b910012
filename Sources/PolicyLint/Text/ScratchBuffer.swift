/// A growable buffer of plain values for the tokenizer's and the matcher's inner loops.
///
/// `Array.append` and `removeAll(keepingCapacity:)` check uniqueness (and the latter moves a
/// zero-length tail) on every call, which cost more than the work itself for words of a few
/// bytes and lists of a few symbols. Here a loop reserves room once and stores directly.
struct ScratchBuffer<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// Makes room for `extra` more elements.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends one element; the caller has reserved room for it.
    @inline(__always)
    mutating func appendUnchecked(_ element: Element) {
        base[count] = element
        count += 1
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        reserve(1)
        appendUnchecked(element)
    }

    /// Lets `body` write at most `maximum` elements after the last one; it returns how many it
    /// wrote, which are appended.
    @inline(__always)
    mutating func append(atMost maximum: Int, _ body: (UnsafeMutablePointer<Element>) -> Int) {
        reserve(maximum)
        let written = body(base + count)
        precondition(written >= 0 && written <= maximum)
        count += written
    }

    mutating func append(_ elements: UnsafeBufferPointer<Element>) {
        reserve(elements.count)
        guard let source = elements.baseAddress else { return }
        (base + count).update(from: source, count: elements.count)
        count += elements.count
    }

    mutating func removeLast(_ k: Int) {
        precondition(k >= 0 && k <= count)
        count -= k
    }

    mutating func removeAll() { count = 0 }

    /// Exchanges the contents of two buffers (no copy).
    mutating func exchange(with other: inout ScratchBuffer<Element>) {
        swap(&base, &other.base)
        swap(&capacity, &other.capacity)
        swap(&count, &other.count)
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
