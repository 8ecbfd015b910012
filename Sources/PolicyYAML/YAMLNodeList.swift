/// The items of a YAML list: an array of nodes, or, for a long list of short scalars and empty
/// collections, the same nodes kept packed (`PackedItems`) and made one at a time as they are read.
///
/// A node is 56 bytes; a 10 MB list of 1.25 million one-letter items was 70 MB of nodes, more
/// than the peak-memory target allows for that file (2 × its size + 64 MB). Packed, an item is
/// 24 bytes and its text's bytes. Short lists, and lists of anything else, stay an array: what a
/// policy of real size holds is read as before.
public struct YAMLNodeList: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case nodes([YAMLNode])
        case packed(PackedItems)
    }

    @usableFromInline let storage: Storage

    public init(_ nodes: [YAMLNode]) { storage = .nodes(nodes) }
    public init(arrayLiteral nodes: YAMLNode...) { storage = .nodes(nodes) }
    init(packed: PackedItems) { storage = .packed(packed) }

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

/// A list of untagged scalars of at most 255 bytes each and untagged empty collections (`{}`,
/// `[]`), 24 bytes an item beside its text. Built by the tree builder once a list has
/// `PackedItems.threshold` such items, and never changed after its list closes.
@usableFromInline
final class PackedItems: @unchecked Sendable { // immutable once built; owns its chunks
    /// One item: its start, and its end as distances from the start (an item whose end is far
    /// from its start, or past column 65,535, is not packed).
    struct Record {
        var start: Mark
        /// Where the text starts: chunk index × 2^16 + byte offset in the chunk.
        var text: UInt32
        var endColumn: UInt16
        var endOffsetDelta: UInt16
        var textCount: UInt8
        var endLineDelta: UInt8
        /// A scalar's style (0–4, as `kinds`), or 5 for an empty mapping, 6 for an empty list.
        var kind: UInt8
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
        let end = Mark(line: r.start.line + Int(r.endLineDelta), column: Int(r.endColumn),
                       offset: r.start.offset + Int(r.endOffsetDelta))
        switch r.kind {
        case Self.emptyMapping: return YAMLNode(.mapping([]), start: r.start, end: end)
        case Self.emptyList: return YAMLNode(.sequence([]), start: r.start, end: end)
        default:
            let text = ScalarText.string(UnsafeBufferPointer(start: texts[Int(r.text &>> 16)] + Int(r.text & 0xFFFF), count: Int(r.textCount)))
            return YAMLNode(.scalar(text, Self.styles[Int(r.kind)]), start: r.start, end: end)
        }
    }

    private static let styles: [ScalarStyle] = [.plain, .singleQuoted, .doubleQuoted, .literal, .folded]
    private static let emptyMapping: UInt8 = 5, emptyList: UInt8 = 6

    /// The items of one open list. A class: the tree builder's frame of every open collection
    /// holds one reference. Used by one parse at a time (no access checks on its fields).
    final class Builder {
        @exclusivity(unchecked) fileprivate var records: [UnsafeMutablePointer<Record>] = []
        @exclusivity(unchecked) fileprivate var texts: [UnsafeMutablePointer<UInt8>] = []
        @exclusivity(unchecked) fileprivate var count = 0
        /// Room left in the last text chunk.
        @exclusivity(unchecked) private var textRoom = 0

        deinit { // what `PackedItems.init` did not take (a list that stopped being packable)
            for chunk in records { chunk.deallocate() }
            for chunk in texts { chunk.deallocate() }
        }

        /// Adds `node` if it can be packed; false (and nothing added) if not.
        func append(_ node: borrowing YAMLNode) -> Bool {
            guard node.tag == nil else { return false }
            switch node.content {
            case .scalar(var text, let style):
                return text.withUTF8 { append($0, kind: Self.kind(style), start: node.start, end: node.end) }
            case .mapping(let pairs):
                return pairs.isEmpty && append(UnsafeBufferPointer(start: nil, count: 0), kind: emptyMapping, start: node.start, end: node.end)
            case .sequence(let items):
                return items.isEmpty && append(UnsafeBufferPointer(start: nil, count: 0), kind: emptyList, start: node.start, end: node.end)
            }
        }

        /// Adds a scalar of these bytes if it can be packed; false (and nothing added) if not.
        func append(_ bytes: UnsafeBufferPointer<UInt8>, style: ScalarStyle, start: Mark, end: Mark) -> Bool {
            append(bytes, kind: Self.kind(style), start: start, end: end)
        }

        private func append(_ bytes: UnsafeBufferPointer<UInt8>, kind: UInt8, start: Mark, end: Mark) -> Bool {
            guard var record = Self.record(text: bytes.count, start: start, end: end, kind: kind) else { return false }
            if bytes.count > textRoom || texts.isEmpty { // (an empty text too has a chunk)
                guard texts.count < 1 << 16 else { return false } // the chunk index's 16 bits
                texts.append(.allocate(capacity: PackedItems.textChunkBytes))
                textRoom = PackedItems.textChunkBytes
            }
            let offset = PackedItems.textChunkBytes - textRoom
            if let base = bytes.baseAddress { (texts[texts.count - 1] + offset).initialize(from: base, count: bytes.count) }
            textRoom -= bytes.count
            record.text = UInt32(texts.count - 1) << 16 | UInt32(offset)
            let slot = count & (PackedItems.recordsPerChunk - 1)
            if slot == 0 { records.append(.allocate(capacity: PackedItems.recordsPerChunk)) }
            (records[records.count - 1] + slot).initialize(to: record)
            count += 1
            return true
        }

        private static func record(text count: Int, start: Mark, end: Mark, kind: UInt8) -> Record? {
            let lines = end.line &- start.line, bytes = end.offset &- start.offset
            guard UInt(bitPattern: count) <= UInt(UInt8.max), UInt(bitPattern: lines) <= UInt(UInt8.max),
                  UInt(bitPattern: bytes) <= UInt(UInt16.max), UInt(bitPattern: end.column) <= UInt(UInt16.max)
            else { return nil }
            return Record(start: start, text: 0, endColumn: UInt16(end.column), endOffsetDelta: UInt16(bytes),
                          textCount: UInt8(count), endLineDelta: UInt8(lines), kind: kind)
        }

        private static func kind(_ style: ScalarStyle) -> UInt8 {
            switch style {
            case .plain: return 0
            case .singleQuoted: return 1
            case .doubleQuoted: return 2
            case .literal: return 3
            case .folded: return 4
            }
        }
    }
}
