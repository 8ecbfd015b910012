/// The byte offset of the start of each line of a text, 4 bytes each: a file is at most 1 GB
/// (`--max-file-size`; UTF-16 decoded to UTF-8 at most 1.5 GB), as `Mark` assumes, and a file
/// of a million short lines holds a million of them (8 MB as `Int`s, 4 MB as these).
public struct LineStarts: RandomAccessCollection, Equatable, Sendable {
    private var offsets: [UInt32]

    /// One line, starting at 0.
    public init() { offsets = [0] }

    /// The given offsets, each below 2^32.
    public init(_ offsets: [Int]) {
        self.offsets = offsets.map { UInt32(truncatingIfNeeded: $0) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.count }

    public subscript(i: Int) -> Int {
        @inline(__always) get { Int(offsets[i]) }
    }

    mutating func append(_ offset: Int) {
        offsets.append(UInt32(truncatingIfNeeded: offset))
    }

    mutating func reserveCapacity(_ n: Int) {
        offsets.reserveCapacity(n)
    }
}
