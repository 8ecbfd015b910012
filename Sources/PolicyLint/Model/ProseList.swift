/// A document's prose strings, in document order, held in segments of at most
/// `segmentCapacity` strings.
///
/// Why segments: one array grows by doubling, and each doubling holds the old buffer and the new
/// one at once; for a file of a million short terms that was the file's peak memory. Segments
/// are never moved: a list grows by a new segment, and two lists join by their segments (the
/// walk puts the prose before `terms:` in front of the collected terms without copying them).
/// A document with fewer strings than a segment holds (nearly all) has one ordinary array.
public struct ProseList: RandomAccessCollection, Sendable {
    /// Strings per segment: 4,096 of 48 bytes, 192 KiB.
    static let segmentCapacity = 4096

    private var segments: [[ProseString]] = []
    /// `starts[k]`: the index of `segments[k]`'s first string. No segment is empty.
    private var starts: [Int] = []
    public private(set) var endIndex = 0

    public init() {}

    public init<S: Sequence>(_ strings: S) where S.Element == ProseString {
        for s in strings { append(s) }
    }

    public var startIndex: Int { 0 }

    public subscript(i: Int) -> ProseString {
        precondition(i >= 0 && i < endIndex, "index out of range")
        let k = segment(of: i)
        return segments[k][i - starts[k]]
    }

    /// The segment holding index `i` (in range): the last whose start is at most `i`.
    private func segment(of i: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= i { low = mid } else { high = mid - 1 }
        }
        return low
    }

    public mutating func append(_ string: ProseString) {
        if let last = segments.indices.last, segments[last].count < Self.segmentCapacity {
            segments[last].append(string)
        } else {
            var segment: [ProseString] = []
            // The first segment grows as arrays do (a small document stays small); later
            // ones are made at their full size, once.
            if !segments.isEmpty { segment.reserveCapacity(Self.segmentCapacity) }
            segment.append(string)
            starts.append(endIndex)
            segments.append(segment)
        }
        endIndex += 1
    }

    /// Appends `other`'s strings by taking its segments: no string is copied.
    public mutating func append(contentsOf other: consuming ProseList) {
        for k in other.segments.indices {
            starts.append(endIndex + other.starts[k])
        }
        segments.append(contentsOf: other.segments)
        endIndex += other.endIndex
    }

    /// Calls `body` with each string in order, read in place through a pointer that stays valid
    /// during the call; stops when `body` returns false.
    public func forEachInPlace(_ body: (UnsafePointer<ProseString>) throws -> Bool) rethrows {
        for k in segments.indices {
            let goOn = try segments[k].withUnsafeBufferPointer { strings in
                for i in strings.indices where try !body(strings.baseAddress! + i) { return false }
                return true
            }
            if !goOn { return }
        }
    }

    /// The longest string's UTF-8 byte count (0 for none).
    var longestTextByteCount: Int {
        var longest = 0
        forEachInPlace { p in
            longest = Swift.max(longest, p.pointee.text.utf8.count)
            return true
        }
        return longest
    }
}
