/// The items of a YAML list: an array of nodes, or, for a long list of short scalars, the
/// same nodes kept packed (`PackedScalars`) and made one at a time as they are read.
///
/// A node is 56 bytes; a 10 MB list of 1.25 million one-letter items was 70 MB of nodes, more
/// than the peak-memory target allows for that file (2 × its size + 64 MB). Packed, an item is
/// 24 bytes and its text's bytes. Short lists, and lists of anything but such scalars, stay an
/// array: what a policy of real size holds is read as before.
public struct YAMLNodeList: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case nodes([YAMLNode])
        case packed(PackedScalars)
    }

    @usableFromInline let storage: Storage

    public init(_ nodes: [YAMLNode]) { storage = .nodes(nodes) }
    public init(arrayLiteral nodes: YAMLNode...) { storage = .nodes(nodes) }
    init(packed: PackedScalars) { storage = .packed(packed) }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int {
        switch storage {
        case .nodes(let nodes): return nodes.count
        case .packed(let packed): return packed.count
        }
    }

    @inlinable public subscript(position: Int) -> YAMLNode {
        switch storage {
        case .nodes(let nodes): return nodes[position]
        case .packed(let packed): return packed.node(at: position)
        }
    }

    /// Calls `body` with each item and its index, borrowing the items of an array (iterating
    /// or subscripting copied each node: a retain and a release of its content).
    @inlinable public func forEachItem(_ body: (Int, borrowing YAMLNode) throws -> Void) rethrows {
        switch storage {
        case .nodes(let nodes):
            try nodes.withUnsafeBufferPointer { nodes in
                for i in nodes.indices { try body(i, nodes[i]) }
            }
        case .packed(let packed):
            for i in 0..<packed.count { try body(i, packed.node(at: i)) }
        }
    }

    /// Whether the items are kept packed (for tests and measurements).
    @inlinable public var isPacked: Bool {
        if case .packed = storage { return true }
        return false
    }
}

/// A list of untagged scalars of at most 255 bytes each, 24 bytes an item beside its text.
/// Built by the tree builder once a list has `PackedScalars.threshold` such items, and never
/// changed after its list closes.
@usableFromInline
final class PackedScalars: @unchecked Sendable { // immutable once built; owns its chunks
    /// One item: its start, and its end as distances from the start (a scalar whose end is far
    /// from its start, or past column 65,535, is not packed).
    struct Record {
        var start: Mark
        /// Where the text starts: chunk index × 2^16 + byte offset in the chunk.
        var text: UInt32
        var endColumn: UInt16
        var endOffsetDelta: UInt16
        var textCount: UInt8
        var endLineDelta: UInt8
        var style: UInt8
    }

    /// A list takes this many items as nodes before it is packed: every list of a policy of
    /// real size stays an array of nodes. Read once per parse; tests set it (1: every list of
    /// scalars is packed from its first item; `.max`: none is).
    @TaskLocal static var threshold = 512
    static let recordShift = 12
    static let recordsPerChunk = 1 << recordShift
    static let textChunkBytes = 1 << 16

    /// Records and text in chunks of a fixed size, each allocated once at its full size: a
    /// growing array would hold its old and new blocks at once (see `NodeStack`).
    private let records: [UnsafeMutablePointer<Record>]
    private let texts: [UnsafeMutablePointer<UInt8>]
    @usableFromInline let count: Int

    init(_ builder: Builder) {
        records = builder.records
        texts = builder.texts
        count = builder.count
        builder.records = []
        builder.texts = []
    }

    deinit {
        for chunk in records { chunk.deallocate() }
        for chunk in texts { chunk.deallocate() }
    }

    @usableFromInline func node(at i: Int) -> YAMLNode {
        precondition(i >= 0 && i < count, "index out of range")
        let r = records[i &>> Self.recordShift][i & (Self.recordsPerChunk - 1)]
        let text = ScalarText.string(UnsafeBufferPointer(start: texts[Int(r.text &>> 16)] + Int(r.text & 0xFFFF), count: Int(r.textCount)))
        let end = Mark(line: r.start.line + Int(r.endLineDelta), column: Int(r.endColumn),
                       offset: r.start.offset + Int(r.endOffsetDelta))
        return YAMLNode(.scalar(text, Self.styles[Int(r.style)]), start: r.start, end: end)
    }

    private static let styles: [ScalarStyle] = [.plain, .singleQuoted, .doubleQuoted, .literal, .folded]

    /// The items of one open list. A class: the tree builder's frame of every open collection
    /// holds one reference. Used by one parse at a time (no access checks on its fields).
    final class Builder {
        @exclusivity(unchecked) fileprivate var records: [UnsafeMutablePointer<Record>] = []
        @exclusivity(unchecked) fileprivate var texts: [UnsafeMutablePointer<UInt8>] = []
        @exclusivity(unchecked) fileprivate var count = 0
        /// Room left in the last text chunk.
        @exclusivity(unchecked) private var textRoom = 0

        deinit { // what `PackedScalars.init` did not take (a list that stopped being packable)
            for chunk in records { chunk.deallocate() }
            for chunk in texts { chunk.deallocate() }
        }

        /// Adds `node` if it can be packed; false (and nothing added) if not.
        func append(_ node: borrowing YAMLNode) -> Bool {
            guard node.tag == nil, case .scalar(var text, let style) = node.content else { return false }
            return text.withUTF8 { append($0, style: style, start: node.start, end: node.end) }
        }

        /// Adds a scalar of these bytes if it can be packed; false (and nothing added) if not.
        func append(_ bytes: UnsafeBufferPointer<UInt8>, style: ScalarStyle, start: Mark, end: Mark) -> Bool {
            guard var record = Self.record(text: bytes.count, start: start, end: end, style: style) else { return false }
            if bytes.count > textRoom || texts.isEmpty { // (an empty text too has a chunk)
                guard texts.count < 1 << 16 else { return false } // the chunk index's 16 bits
                texts.append(.allocate(capacity: PackedScalars.textChunkBytes))
                textRoom = PackedScalars.textChunkBytes
            }
            let offset = PackedScalars.textChunkBytes - textRoom
            if let base = bytes.baseAddress { (texts[texts.count - 1] + offset).initialize(from: base, count: bytes.count) }
            textRoom -= bytes.count
            record.text = UInt32(texts.count - 1) << 16 | UInt32(offset)
            let slot = count & (PackedScalars.recordsPerChunk - 1)
            if slot == 0 { records.append(.allocate(capacity: PackedScalars.recordsPerChunk)) }
            (records[records.count - 1] + slot).initialize(to: record)
            count += 1
            return true
        }

        private static func record(text count: Int, start: Mark, end: Mark, style: ScalarStyle) -> Record? {
            let lines = end.line &- start.line, bytes = end.offset &- start.offset
            guard UInt(bitPattern: count) <= UInt(UInt8.max), UInt(bitPattern: lines) <= UInt(UInt8.max),
                  UInt(bitPattern: bytes) <= UInt(UInt16.max), UInt(bitPattern: end.column) <= UInt(UInt16.max)
            else { return nil }
            let styleIndex: UInt8
            switch style {
            case .plain: styleIndex = 0
            case .singleQuoted: styleIndex = 1
            case .doubleQuoted: styleIndex = 2
            case .literal: styleIndex = 3
            case .folded: styleIndex = 4
            }
            return Record(start: start, text: 0, endColumn: UInt16(end.column), endOffsetDelta: UInt16(bytes),
                          textCount: UInt8(count), endLineDelta: UInt8(lines), style: styleIndex)
        }
    }
}
