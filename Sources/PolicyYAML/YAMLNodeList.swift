#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The items of a YAML list: an array of nodes, or, for a long list of short scalars and small
/// collections of them, the same nodes kept packed (`PackedItems`) and made one at a time as
/// they are read.
///
/// A node is 56 bytes; a 10 MB list of 1.25 million one-letter items was 70 MB of nodes, more
/// than the peak-memory target allows for that file (2 × its size + 64 MB), and a mapping of two
/// pairs is a node and a 256-byte array of four more. Packed, an item is 24 bytes and its text's
/// bytes, and each node inside a collection item (a key, a value) 12 bytes more. Short lists,
/// and lists of anything else, stay an array: what a policy of real size holds is read as before.
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

    /// `body`'s result with lists packed from `threshold` items on (1: every list that can be;
    /// `.max`: none), where 512 is the default: tests and the fuzzer hold the two trees equal.
    public static func withPackingThreshold<R>(_ threshold: Int, _ body: () throws -> R) rethrows -> R {
        try PackedItems.$threshold.withValue(threshold, operation: body)
    }

    /// Whether the items are kept packed (for tests and measurements).
    @inlinable public var isPacked: Bool {
        if case .packed = storage { return true }
        return false
    }
}

/// A list of scalars of at most 255 bytes each and of small collections of untagged scalars and
/// collections, without a merge key (`{id: p1, text: a}`, `{a: [b]}`, `[x, y]`, `{}`): 24 bytes
/// an item and 12 a node inside it, beside their text. An item may have a tag (at most 255
/// different ones in a list); the nodes inside one may not. Built by the tree builder once a list has
/// `PackedItems.threshold` such items, and never changed after its list closes.
@usableFromInline
final class PackedItems: @unchecked Sendable { // immutable once built; owns its chunks
    /// One item: its start, and its end as distances from the start (an item whose end is far
    /// from its start, or past column 65,535, is not packed).
    struct Record {
        var start: Mark
        /// Where the text starts: chunk index × 2^16 + byte offset in the chunk, or `inSource`.
        var text: UInt32
        var endColumn: UInt16
        var endOffsetDelta: UInt16
        var textCount: UInt8
        var endLineDelta: UInt8
        /// A scalar's style (0–4, as `styles`), or `mapping` (5) or `list` (6) for a collection,
        /// whose nodes are the inner records from `text` on: its `textCount` children, each
        /// followed by its own (an empty collection has none).
        var kind: UInt8
        /// 0 for no tag, else the tag `tags[tag - 1]` (a list holds at most 255 tags).
        var tag: UInt8
    }

    /// A node inside a collection item, 12 bytes: its start as distances from its item's start
    /// (the item ends within 255 lines and 65,535 bytes of it), its end from its own start
    /// (within 31 lines and 255 bytes; the column as a distance on the same line). A
    /// collection's children follow its record, each with its own children after it.
    struct InnerRecord {
        var startColumn: UInt16
        var startOffsetDelta: UInt16
        /// Where the text starts in chunk `textChunk`, or (`textChunk` 0xFF) `inSource`.
        var textOffset: UInt16
        var textChunk: UInt8
        var endOffsetDelta: UInt8
        /// `end.column - start.column` on the same line, else `end.column`.
        var endColumn: UInt8
        var startLineDelta: UInt8
        /// A scalar's text's bytes, or a collection's children (pairs of a mapping).
        var textCount: UInt8
        /// In the low 3 bits the kind, as `Record.kind`; the end's line distance above.
        var kindAndEndLines: UInt8

        var kind: UInt8 { kindAndEndLines & 7 }
        var endLineDelta: Int { Int(kindAndEndLines >> 3) }
        var text: UInt32 { textChunk == 0xFF ? PackedItems.inSource : UInt32(textChunk) << 16 | UInt32(textOffset) }
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
    /// The nodes inside collection items, in chunks as `records`.
    private let innerRecords: [UnsafeMutablePointer<InnerRecord>]
    private let texts: [UnsafeMutablePointer<UInt8>]
    /// The items' tags, each once (`Record.tag`).
    private let tags: [String]
    /// The file the list was read from: a text written there byte for byte (`inSource`) is
    /// read from it, not copied (the file stays in memory while its tree is read anyway).
    private let source: [UInt8]
    @usableFromInline let count: Int

    /// Chunks of copied text (for tests: text the source holds is not copied).
    var textChunkCount: Int { texts.count }

    /// `Record.text` of a text that is the source's bytes from the scalar's start (after its
    /// opening quote). No chunk index reaches it (`Builder.store`).
    static let inSource = UInt32.max

    init(_ builder: Builder) {
        source = builder.source
        tags = builder.tags
        records = builder.records
        innerRecords = builder.innerRecords
        texts = builder.texts
        count = builder.count
        builder.records = []
        builder.innerRecords = []
        builder.texts = []
    }

    deinit {
        for chunk in records { chunk.deallocate() }
        for chunk in innerRecords { chunk.deallocate() }
        for chunk in texts { chunk.deallocate() }
    }

    @usableFromInline func node(at i: Int) -> YAMLNode {
        precondition(i >= 0 && i < count, "index out of range")
        let r = records[i &>> Self.recordShift][i & (Self.recordsPerChunk - 1)]
        switch r.kind {
        case Self.mapping, Self.list:
            var k = Int(r.text)
            let content = children(mapping: r.kind == Self.mapping, count: Int(r.textCount), at: &k, item: r.start)
            return YAMLNode(content, tag: tag(of: r), start: r.start, end: Self.end(of: r))
        default:
            return scalarNode(r)
        }
    }

    /// A collection's `count` children (pairs of a mapping), from inner record `k` on; `k` ends
    /// past the last one's own children. `reserveCapacity` and `append`, not
    /// `init(unsafeUninitializedCapacity:)`: see `TreeBuilder.takeItems`.
    private func children(mapping: Bool, count: Int, at k: inout Int, item: Mark) -> YAMLNode.Content {
        if mapping {
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(count)
            for _ in 0..<count {
                let key = innerNode(at: &k, item: item) // (the key's record comes first)
                let value = innerNode(at: &k, item: item)
                pairs.append(YAMLPair(key: consume key, value: consume value))
            }
            return .mapping(pairs)
        }
        var items: [YAMLNode] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(innerNode(at: &k, item: item)) }
        return .sequence(YAMLNodeList(items))
    }

    /// Inner record `k` as a node (its children read too); `k` moves past them.
    private func innerNode(at k: inout Int, item: Mark) -> YAMLNode {
        let p = innerRecords[k &>> Self.recordShift][k & (Self.recordsPerChunk - 1)]
        k &+= 1
        let start = Mark(line: item.line + Int(p.startLineDelta), column: Int(p.startColumn),
                         offset: item.offset + Int(p.startOffsetDelta))
        let endLines = p.endLineDelta
        let end = Mark(line: start.line + endLines, column: endLines == 0 ? start.column + Int(p.endColumn) : Int(p.endColumn),
                       offset: start.offset + Int(p.endOffsetDelta))
        switch p.kind {
        case Self.mapping, Self.list:
            return YAMLNode(children(mapping: p.kind == Self.mapping, count: Int(p.textCount), at: &k, item: item), start: start, end: end)
        default:
            return YAMLNode(.scalar(text(p.text, count: p.textCount, kind: p.kind, start: start.offset), Self.styles[Int(p.kind)]),
                            start: start, end: end)
        }
    }

    private func scalarNode(_ r: Record) -> YAMLNode {
        YAMLNode(.scalar(text(r.text, count: r.textCount, kind: r.kind, start: r.start.offset), Self.styles[Int(r.kind)]),
                 tag: tag(of: r), start: r.start, end: Self.end(of: r))
    }

    private func tag(of r: Record) -> String? { r.tag == 0 ? nil : tags[Int(r.tag) - 1] }

    /// The text of a scalar of this kind that starts at source offset `start`.
    private func text(_ at: UInt32, count: UInt8, kind: UInt8, start: Int) -> String {
        if count == 0 { return "" }
        if at == Self.inSource {
            let from = start + Self.quoteBytes(kind)
            return source.withUnsafeBufferPointer { ScalarText.string(UnsafeBufferPointer(rebasing: $0[from..<(from + Int(count))])) }
        }
        return ScalarText.string(UnsafeBufferPointer(start: texts[Int(at &>> 16)] + Int(at & 0xFFFF), count: Int(count)))
    }

    /// Bytes before a scalar's text in the source: its opening quote.
    private static func quoteBytes(_ kind: UInt8) -> Int { kind == 1 || kind == 2 ? 1 : 0 }

    private static func end(of r: Record) -> Mark {
        Mark(line: r.start.line + Int(r.endLineDelta), column: Int(r.endColumn), offset: r.start.offset + Int(r.endOffsetDelta))
    }

    private static let styles: [ScalarStyle] = [.plain, .singleQuoted, .doubleQuoted, .literal, .folded]
    /// `Record.kind` and `InnerRecord.kind` of a collection (0–4 are the scalar styles).
    private static let mapping: UInt8 = 5, list: UInt8 = 6
    /// Collections nested deeper inside an item are not packed (the reading recurses).
    private static let innerDepth = 16

    /// The items of one open list. A class: the tree builder's frame of every open collection
    /// holds one reference. Used by one parse at a time (no access checks on its fields).
    final class Builder {
        fileprivate let source: [UInt8]
        @exclusivity(unchecked) fileprivate var tags: [String] = []
        @exclusivity(unchecked) fileprivate var records: [UnsafeMutablePointer<Record>] = []
        @exclusivity(unchecked) fileprivate var innerRecords: [UnsafeMutablePointer<InnerRecord>] = []
        @exclusivity(unchecked) fileprivate var texts: [UnsafeMutablePointer<UInt8>] = []
        @exclusivity(unchecked) fileprivate var count = 0
        @exclusivity(unchecked) private var innerCount = 0
        /// Room left in the last text chunk.
        @exclusivity(unchecked) private var textRoom = 0

        init(source: [UInt8]) { self.source = source }

        deinit { // what `PackedItems.init` did not take (a list that stopped being packable)
            for chunk in records { chunk.deallocate() }
            for chunk in innerRecords { chunk.deallocate() }
            for chunk in texts { chunk.deallocate() }
        }

        /// Adds `node` if it can be packed; false (and nothing added) if not.
        func append(_ node: borrowing YAMLNode) -> Bool {
            guard let tag = tagNumber(node.tag) else { return false }
            switch node.content {
            case .scalar(var text, let style):
                return text.withUTF8 { append($0, kind: Self.kind(style), tag: tag, start: node.start, end: node.end) }
            case .mapping(let pairs):
                return appendTree(node, kind: mapping, tag: tag, children: pairs.count)
            case .sequence(let items):
                return appendTree(node, kind: list, tag: tag, children: items.count)
            }
        }

        /// `Record.tag` for an item's tag (added to the list's tags), or nil past 255 tags.
        private func tagNumber(_ tag: String?) -> UInt8? {
            guard let tag else { return 0 }
            if let k = tags.firstIndex(of: tag) { return UInt8(k + 1) }
            guard tags.count < Int(UInt8.max) else { return nil }
            tags.append(tag)
            return UInt8(tags.count)
        }

        /// Adds a scalar of these bytes if it can be packed; false (and nothing added) if not.
        func append(_ bytes: UnsafeBufferPointer<UInt8>, style: ScalarStyle, start: Mark, end: Mark) -> Bool {
            append(bytes, kind: Self.kind(style), tag: 0, start: start, end: end)
        }

        private func append(_ bytes: UnsafeBufferPointer<UInt8>, kind: UInt8, tag: UInt8, start: Mark, end: Mark) -> Bool {
            guard var record = Self.record(text: bytes.count, start: start, end: end, kind: kind),
                  let text = place(bytes, kind: kind, start: start.offset) else { return false }
            record.text = text
            record.tag = tag
            appendItem(record)
            return true
        }

        /// A collection of untagged scalars and collections (no merge key `<<`, whose mapping
        /// `resolvingMergeKeys` would have to read): its record, whose `text` is where its inner
        /// records start and `textCount` how many children it has, and an inner record for every
        /// node inside it, in order.
        private func appendTree(_ node: borrowing YAMLNode, kind: UInt8, tag: UInt8, children: Int) -> Bool {
            // Checked before anything is stored: an item is packed whole or not at all.
            // (An inner scalar's copied text must land in one of the first 255 chunks.)
            guard children <= Int(UInt8.max), var record = Self.record(text: 0, start: node.start, end: node.end, kind: kind),
                  let size = Self.innerSize(ofChildrenOf: node, in: node.start, depth: 1),
                  size == 0 || texts.count &+ size < 0xFF, innerCount &+ size <= Int(UInt32.max) else { return false }
            record.text = UInt32(innerCount)
            record.textCount = UInt8(children)
            record.tag = tag
            emitChildren(of: node, in: node.start)
            appendItem(record)
            return true
        }

        /// How many inner records the nodes inside `node` take, or nil if one cannot be packed.
        private static func innerSize(ofChildrenOf node: borrowing YAMLNode, in item: Mark, depth: Int) -> Int? {
            var size = 0
            switch node.content {
            case .scalar:
                break
            case .mapping(let pairs):
                // Read in place: `for pair in pairs` copied each pair (a retain and a release of each text).
                let fits = pairs.withUnsafeBufferPointer { pairs -> Bool in
                    for i in pairs.indices {
                        guard !pairs[i].key.isMergeKey, let key = innerSize(of: pairs[i].key, in: item, depth: depth),
                              let value = innerSize(of: pairs[i].value, in: item, depth: depth) else { return false }
                        size += key + value
                    }
                    return true
                }
                if !fits { return nil }
            case .sequence(let items):
                for i in items.indices {
                    guard let itemSize = innerSize(of: items[i], in: item, depth: depth) else { return nil }
                    size += itemSize
                }
            }
            return size
        }

        /// How many inner records `node` and the nodes inside it take, or nil.
        private static func innerSize(of node: borrowing YAMLNode, in item: Mark, depth: Int) -> Int? {
            guard innerRecord(node, in: item) != nil else { return nil }
            if case .scalar = node.content { return 1 }
            guard depth < PackedItems.innerDepth, let inside = innerSize(ofChildrenOf: node, in: item, depth: depth + 1) else { return nil }
            return 1 + inside
        }

        /// The record of an untagged node inside an item that starts at `item`, if it can be
        /// packed (its children apart); a scalar's text not yet stored. (An alias keeps its
        /// anchor's marks, which may lie outside the item: such a node is not packed.)
        private static func innerRecord(_ node: borrowing YAMLNode, in item: Mark) -> InnerRecord? {
            guard node.tag == nil else { return nil }
            let count: Int, kind: UInt8
            switch node.content {
            case .scalar(let text, let style): count = text.utf8.count; kind = Self.kind(style)
            case .mapping(let pairs): count = pairs.count; kind = mapping
            case .sequence(let items): count = items.count; kind = list
            }
            let start = node.start, end = node.end
            let startLines = start.line &- item.line, startBytes = start.offset &- item.offset
            let lines = end.line &- start.line, bytes = end.offset &- start.offset
            let endColumn = lines == 0 ? end.column &- start.column : end.column
            guard UInt(bitPattern: count) <= UInt(UInt8.max), UInt(bitPattern: startLines) <= UInt(UInt8.max),
                  UInt(bitPattern: lines) <= 31, UInt(bitPattern: startBytes) <= UInt(UInt16.max),
                  UInt(bitPattern: bytes) <= UInt(UInt8.max), UInt(bitPattern: start.column) <= UInt(UInt16.max),
                  UInt(bitPattern: endColumn) <= UInt(UInt8.max)
            else { return nil }
            return InnerRecord(startColumn: UInt16(start.column), startOffsetDelta: UInt16(startBytes), textOffset: 0, textChunk: 0,
                               endOffsetDelta: UInt8(bytes), endColumn: UInt8(endColumn), startLineDelta: UInt8(startLines),
                               textCount: UInt8(count), kindAndEndLines: kind | UInt8(lines) << 3)
        }

        /// Stores the inner records of `node` and the nodes inside it (`innerSize` said they
        /// can be packed), and its scalars' text.
        private func emit(_ node: borrowing YAMLNode, in item: Mark) {
            guard var record = Self.innerRecord(node, in: item) else { preconditionFailure("checked by appendTree") }
            if case .scalar(var text, _) = node.content {
                guard let stored = text.withUTF8({ place($0, kind: record.kind, start: node.start.offset) }) else {
                    preconditionFailure("checked by appendTree")
                }
                record.textChunk = stored == PackedItems.inSource ? 0xFF : UInt8(stored >> 16) // < 0xFF: appendTree
                record.textOffset = UInt16(truncatingIfNeeded: stored)
            }
            let slot = innerCount & (PackedItems.recordsPerChunk - 1)
            if slot == 0 { innerRecords.append(.allocate(capacity: PackedItems.recordsPerChunk)) }
            (innerRecords[innerRecords.count - 1] + slot).initialize(to: record)
            innerCount += 1
            emitChildren(of: node, in: item)
        }

        private func emitChildren(of node: borrowing YAMLNode, in item: Mark) {
            switch node.content {
            case .scalar:
                break
            case .mapping(let pairs):
                pairs.withUnsafeBufferPointer { pairs in
                    for i in pairs.indices {
                        emit(pairs[i].key, in: item)
                        emit(pairs[i].value, in: item)
                    }
                }
            case .sequence(let items):
                for i in items.indices { emit(items[i], in: item) }
            }
        }

        /// `inSource` for a text the source holds byte for byte where the scalar starts (plain
        /// text on one line, quoted text without escapes: most of a long list's), else `store`'s.
        private func place(_ bytes: UnsafeBufferPointer<UInt8>, kind: UInt8, start: Int) -> UInt32? {
            if bytes.isEmpty { return PackedItems.inSource } // (no chunk, no comparison)
            let from = start + PackedItems.quoteBytes(kind)
            if kind <= 2, from >= 0, from + bytes.count <= source.count,
               source.withUnsafeBufferPointer({ memcmp($0.baseAddress! + from, bytes.baseAddress!, bytes.count) == 0 }) {
                return PackedItems.inSource
            }
            return store(bytes)
        }

        /// Copies a text (at most 255 bytes) into the text chunks; where it starts, or nil when
        /// the chunk index would reach 0xFFFF (`inSource` is chunk 0xFFFF's last byte).
        private func store(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
            if bytes.count > textRoom || texts.isEmpty {
                guard texts.count < 0xFFFF else { return nil }
                texts.append(.allocate(capacity: PackedItems.textChunkBytes))
                textRoom = PackedItems.textChunkBytes
            }
            let offset = PackedItems.textChunkBytes - textRoom
            if let base = bytes.baseAddress { (texts[texts.count - 1] + offset).initialize(from: base, count: bytes.count) }
            textRoom -= bytes.count
            return UInt32(texts.count - 1) << 16 | UInt32(offset)
        }

        private func appendItem(_ record: Record) {
            let slot = count & (PackedItems.recordsPerChunk - 1)
            if slot == 0 { records.append(.allocate(capacity: PackedItems.recordsPerChunk)) }
            (records[records.count - 1] + slot).initialize(to: record)
            count += 1
        }

        private static func record(text count: Int, start: Mark, end: Mark, kind: UInt8) -> Record? {
            let lines = end.line &- start.line, bytes = end.offset &- start.offset
            guard UInt(bitPattern: count) <= UInt(UInt8.max), UInt(bitPattern: lines) <= UInt(UInt8.max),
                  UInt(bitPattern: bytes) <= UInt(UInt16.max), UInt(bitPattern: end.column) <= UInt(UInt16.max)
            else { return nil }
            return Record(start: start, text: 0, endColumn: UInt16(end.column), endOffsetDelta: UInt16(bytes),
                          textCount: UInt8(count), endLineDelta: UInt8(lines), kind: kind, tag: 0)
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
