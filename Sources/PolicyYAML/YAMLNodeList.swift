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
final class PackedScalars: Sendable {
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
    static let recordsPerChunk = 4_096
    static let textChunkBytes = 1 << 16

    /// Records and text in chunks of a fixed size, each allocated once at its full size: a
    /// growing array would hold its old and new blocks at once (see `NodeStack`).
    let records: [[Record]]
    let texts: [[UInt8]]
    @usableFromInline let count: Int

    init(_ builder: Builder) {
        records = builder.records
        texts = builder.texts
        count = builder.count
    }

    @usableFromInline func node(at i: Int) -> YAMLNode {
        precondition(i >= 0 && i < count, "index out of range")
        let r = records[i / Self.recordsPerChunk][i % Self.recordsPerChunk]
        let chunk = Int(r.text >> 16), offset = Int(r.text & 0xFFFF)
        let text = texts[chunk].withUnsafeBufferPointer { bytes in
            ScalarText.string(UnsafeBufferPointer(rebasing: bytes[offset..<offset + Int(r.textCount)]))
        }
        let end = Mark(line: r.start.line + Int(r.endLineDelta), column: Int(r.endColumn),
                       offset: r.start.offset + Int(r.endOffsetDelta))
        return YAMLNode(.scalar(text, Self.styles[Int(r.style)]), start: r.start, end: end)
    }

    private static let styles: [ScalarStyle] = [.plain, .singleQuoted, .doubleQuoted, .literal, .folded]

    /// The items of one open list. A class: the tree builder's frame of every open collection
    /// holds one reference, not the arrays.
    final class Builder {
        var records: [[Record]] = []
        var texts: [[UInt8]] = []
        var count = 0

        /// Adds `node` if it can be packed; false (and nothing added) if not.
        func append(_ node: borrowing YAMLNode) -> Bool {
            guard node.tag == nil, case .scalar(var text, let style) = node.content,
                  var record = Self.record(text: text.utf8.count, start: node.start, end: node.end, style: style)
            else { return false }
            text.withUTF8 { bytes in record.text = store(bytes) }
            if records.isEmpty || records[records.count - 1].count == PackedScalars.recordsPerChunk {
                records.append([])
                records[records.count - 1].reserveCapacity(PackedScalars.recordsPerChunk)
            }
            records[records.count - 1].append(record)
            count += 1
            return true
        }

        /// Whether `node` can be packed (`append` would take it).
        static func accepts(_ node: borrowing YAMLNode) -> Bool {
            guard node.tag == nil, case .scalar(let text, let style) = node.content else { return false }
            return record(text: text.utf8.count, start: node.start, end: node.end, style: style) != nil
        }

        private static func record(text count: Int, start: Mark, end: Mark, style: ScalarStyle) -> Record? {
            let lines = end.line - start.line, bytes = end.offset - start.offset
            guard count <= Int(UInt8.max), lines >= 0, lines <= Int(UInt8.max), bytes >= 0, bytes <= Int(UInt16.max),
                  end.column >= 0, end.column <= Int(UInt16.max) else { return nil }
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

        /// Copies `bytes` into the text chunks (never across two); returns where they start.
        private func store(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
            if texts.isEmpty || texts[texts.count - 1].count + bytes.count > PackedScalars.textChunkBytes {
                texts.append([])
                texts[texts.count - 1].reserveCapacity(PackedScalars.textChunkBytes)
            }
            let chunk = texts.count - 1
            let offset = texts[chunk].count
            texts[chunk].append(contentsOf: bytes)
            return UInt32(chunk) << 16 | UInt32(offset)
        }
    }
}
