#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Linux's `mremap` with `MREMAP_MAYMOVE` (grows or shrinks an anonymous mapping, moving its
/// pages and copying none), looked up at run time: Swift's Glibc module does not import it (a
/// GNU extension), and a C target for it gave objects whose debug information valgrind 3.19
/// cannot read, which the profiling scripts need. It is declared variadic in C; the call passes
/// only the four named arguments, which Linux's x86-64 and AArch64 conventions pass as for a
/// plain function (the variadic part is read only for `MREMAP_FIXED`). nil elsewhere.
private let remap: (@convention(c) (UnsafeMutableRawPointer?, Int, Int, Int32) -> UnsafeMutableRawPointer?)? = {
    #if os(Linux)
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mremap") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutableRawPointer?, Int, Int, Int32) -> UnsafeMutableRawPointer?).self)
    #else
    return nil
    #endif
}()

private let mayMove: Int32 = 1 // MREMAP_MAYMOVE (linux/mman.h)

/// The tree builder's finished nodes waiting for their collection to close, innermost last:
/// a stack in one block that grows and shrinks in place or by moving its pages.
///
/// An `Array` grows by allocating twice its size and copying: for one list of 1.25 million tiny
/// items the old block and the copy in the new one were resident together (58 MB each), and
/// the list's own array, made when it closes, was then filled while the stack still held every
/// item (70 + 70 MB). Here a block of 1 MiB or more is a mapping of its own that Linux's
/// `mremap` grows and shrinks without copying a page (elsewhere `realloc`, which may copy), and a
/// large collection is moved out a slice at a time, the stack shrinking behind it (`pop`): a
/// list's nodes are resident about once, not three times. Smaller blocks come from `malloc`.
/// (Large blocks from `malloc` were carved out of the heap's free top when there was room, and
/// the blocks they outgrew stayed resident as holes in the heap.)
struct NodeStack: ~Copyable {
    private var base: UnsafeMutablePointer<YAMLNode>?
    private(set) var count = 0
    private var capacity = 0
    /// The mapping's size in bytes when `base` is a mapping of its own; 0 when from `malloc`.
    private var mapped = 0

    /// From this many bytes on, the block is a mapping of its own (where `mremap` exists).
    static let mapThreshold = 1 << 20

    /// Whether the block is a mapping of its own now (for tests).
    var isMapped: Bool { mapped > 0 }

    /// A collection of at most this many nodes is moved out at once and the block is left as it
    /// is (nearly every collection; a slice of nodes is about 3.5 MB).
    static let slice = 65_536 // even: a mapping's pairs stay whole

    init() {}

    deinit {
        guard let base else { return }
        base.deinitialize(count: count)
        if mapped > 0 { munmap(base, mapped) } else { free(base) }
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
        let stride = MemoryLayout<YAMLNode>.stride
        let bytes = newCapacity * stride
        if mapped > 0 || (bytes >= Self.mapThreshold && remap != nil) {
            let size = (bytes + 4095) & ~4095
            let raw: UnsafeMutableRawPointer?
            if mapped > 0 {
                let moved = remap.unsafelyUnwrapped(base, mapped, size, mayMove)
                raw = moved == MAP_FAILED ? nil : moved
            } else {
                // From `malloc` to a mapping: one copy, of less than `mapThreshold` bytes.
                let fresh = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                raw = fresh == MAP_FAILED ? nil : fresh
                if let raw, let base {
                    raw.copyMemory(from: base, byteCount: count * stride)
                    free(base)
                }
            }
            guard let raw else { outOfMemory(newCapacity) }
            base = raw.bindMemory(to: YAMLNode.self, capacity: size / stride)
            mapped = size
            capacity = size / stride
            return
        }
        guard let raw = realloc(base.map(UnsafeMutableRawPointer.init), bytes) else { outOfMemory(newCapacity) }
        base = raw.bindMemory(to: YAMLNode.self, capacity: newCapacity)
        capacity = newCapacity
    }

    private func outOfMemory(_ nodes: Int) -> Never {
        fatalError("out of memory: the YAML tree builder could not hold \(nodes) nodes")
    }
}
