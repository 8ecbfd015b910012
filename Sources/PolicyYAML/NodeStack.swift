#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tree builder's finished nodes waiting for their collection to close, innermost last:
/// a stack in one `malloc` block that grows and shrinks with `realloc`.
///
/// An `Array` grows by allocating twice its size and copying: for one list of 1.25 million tiny
/// items the old block and the copy in the new one were resident together (58 MB each), and
/// the list's own array, made when it closes, was then filled while the stack still held every
/// item (70 + 70 MB). Here a large block is an `mmap`ed chunk that glibc's `realloc` moves with
/// `mremap`, without copying a page (elsewhere `realloc` may copy: still correct), and a large
/// collection is moved out a slice at a time, the stack shrinking behind it (`pop`): a list's
/// nodes are resident about once, not three times.
struct NodeStack: ~Copyable {
    private var base: UnsafeMutablePointer<YAMLNode>?
    private(set) var count = 0
    private var capacity = 0

    /// A collection of at most this many nodes is moved out at once and the block is left as it
    /// is (nearly every collection; a slice of nodes is about 3.5 MB).
    static let slice = 65_536 // even: a mapping's pairs stay whole

    init() {}

    deinit {
        if let base {
            base.deinitialize(count: count)
            free(base)
        }
    }

    @inline(__always)
    mutating func append(_ node: consuming YAMLNode) {
        if count == capacity { reallocate(to: Swift.max(64, capacity * 2)) }
        (base.unsafelyUnwrapped + count).initialize(to: node)
        count += 1
    }

    @inline(__always)
    mutating func removeLast() -> YAMLNode {
        count -= 1
        return (base.unsafelyUnwrapped + count).move()
    }

    /// The node at `i`, read in place.
    subscript(i: Int) -> YAMLNode {
        @inline(__always) _read {
            precondition(i >= 0 && i < count, "NodeStack index out of range")
            yield base.unsafelyUnwrapped[i]
        }
    }

    /// Moves the nodes from `first` on out of the stack: `moveOut(nodes, offset, n)` takes the
    /// `n` nodes at `nodes` (initialised; it must move every one out), which are the run's from
    /// `offset` on. A long run goes a slice at a time from the top, the block shrunk after each,
    /// so that its nodes are never held twice; a short one (nearly all) goes in one call.
    /// `stride` keeps slices whole (2 for a mapping's key and value).
    mutating func pop(from first: Int, stride: Int = 1,
                      _ moveOut: (_ nodes: UnsafeMutablePointer<YAMLNode>, _ offset: Int, _ n: Int) -> Void) {
        precondition(first >= 0 && first <= count && (count - first) % stride == 0)
        while count - first > Self.slice {
            let start = count - Self.slice
            moveOut(base.unsafelyUnwrapped + start, start - first, Self.slice)
            count = start
            if capacity - count >= 2 * Self.slice { reallocate(to: count + Self.slice) }
        }
        if count > first { moveOut(base.unsafelyUnwrapped + first, 0, count - first) }
        count = first
    }

    /// Grows or shrinks the block to `newCapacity` nodes (at least `count`). Nodes are moved
    /// bitwise, as Swift moves any value without weak references.
    private mutating func reallocate(to newCapacity: Int) {
        let bytes = newCapacity * MemoryLayout<YAMLNode>.stride
        guard let raw = realloc(base.map(UnsafeMutableRawPointer.init), bytes) else {
            fatalError("out of memory: the YAML tree builder could not hold \(newCapacity) nodes")
        }
        base = raw.bindMemory(to: YAMLNode.self, capacity: newCapacity)
        capacity = newCapacity
    }
}
