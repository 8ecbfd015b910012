import PolicyYAML

/// A string a customer reads, with where it sits.
///
/// 48 bytes: its text, its node's two marks, and one word (`Place`) for its path and style.
/// One large policy file can hold a million of them (a `terms:` list of short items); a
/// rendered path and a whole `YAMLNode` per string made that file's prose 80 bytes a string
/// plus a heap string for every path over 15 bytes (docs/performance.md, "One large file").
public struct ProseString: Sendable {
    public var text: String
    /// Where the scalar starts and ends in the source (its node's marks).
    public var start: Mark
    public var end: Mark
    var place: Place

    /// The path and the style. A prose field of an item of the root's `terms:`, `promises:` or
    /// `partners:` list (nearly every string of a large file) is three numbers whose path is
    /// rendered when asked; any other string keeps its rendered path (and, for imported text,
    /// its offsets) in a shared object.
    enum Place: Sendable {
        case item(UInt32, field: ItemField, style: ScalarStyle)
        case other(Detail)
    }

    /// A prose field of an item of a list at the root (`terms[*].text`, `promises[*].text`,
    /// ...; the collector's `id` is no prose), by its index among those `PolicySchema` has:
    /// one byte, so that `Place` stays one word.
    struct ItemField: Hashable, Sendable {
        let index: UInt8

        /// Every list at the root whose items are mappings, with each of their prose fields
        /// (`prose`, or the scalar form of `proseOrList`), in the schema's order.
        static let all: [(list: String, key: String)] = {
            guard case .mapping(let sections) = PolicySchema.root else { return [] }
            var out: [(list: String, key: String)] = []
            for section in sections {
                guard case .list(.mapping(let fields)) = section.type else { continue }
                for field in fields {
                    switch field.type {
                    case .prose, .proseOrList: out.append((section.name, field.name))
                    default: break
                    }
                }
            }
            precondition(out.count <= Int(UInt8.max), "more prose fields in root lists than one byte numbers")
            return out
        }()

        static var allCases: [ItemField] { all.indices.map { ItemField(index: UInt8($0)) } }
        static let termTitle = ItemField(list: "terms", key: "title")!
        static let termText = ItemField(list: "terms", key: "text")!

        private init(index: UInt8) { self.index = index }

        /// The field `key` of an item of the root's list `list`, if it is a prose field.
        init?(list: String, key: String) {
            guard let i = Self.all.firstIndex(where: { $0.list == list && $0.key == key }) else { return nil }
            index = UInt8(i)
        }

        var list: String { Self.all[Int(index)].list }
        var key: String { Self.all[Int(index)].key }
    }

    final class Detail: Sendable {
        let path: String
        let style: ScalarStyle
        let originalOffsets: [Int]?

        init(path: String, style: ScalarStyle, originalOffsets: [Int]?) {
            self.path = path
            self.style = style
            self.originalOffsets = originalOffsets
        }
    }

    /// Where the string sits, as the schema walk names it (`terms[3].text`). Rendered on each
    /// call for a list item's field: read it once per string.
    public var path: String {
        switch place {
        case .item(let item, let field, _): return Self.itemPath(item: Int(item), field)
        case .other(let detail): return detail.path
        }
    }

    public var style: ScalarStyle {
        switch place {
        case .item(_, _, let style): return style
        case .other(let detail): return detail.style
        }
    }

    /// For text imported from another format (Markdown, HTML, plain text): the byte offset in
    /// the original file of each UTF-8 byte of `text`. Findings then point into that file.
    public var originalOffsets: [Int]? {
        if case .other(let detail) = place { return detail.originalOffsets }
        return nil
    }

    /// The scalar node the string was read from (made when asked: a string keeps its parts).
    public var node: YAMLNode { YAMLNode(.scalar(text, style), start: start, end: end) }

    /// This string with `offsets` as its original offsets.
    func withOriginalOffsets(_ offsets: [Int]?) -> ProseString {
        var copy = self
        copy.place = .other(Detail(path: path, style: style, originalOffsets: offsets))
        return copy
    }

    /// `list[item].key`, as the schema walk renders it (`NodePath`), written in one go.
    /// Not through `NodePath.rendered`: a path is rendered for every string with a finding, and
    /// that way cost 8.2 M more instructions on the 10 MB corpus (+0.37%, cachegrind).
    /// `TermsCollectorTests.testPathsAreTheWalks` holds the two to the same text.
    static func itemPath(item: Int, _ field: ItemField) -> String {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // room for any Int's decimal digits
        return withUnsafeMutableBytes(of: &digits) { buffer in
            var n = item.magnitude, k = buffer.count
            repeat { k -= 1; buffer[k] = UInt8(n % 10) + 0x30; n /= 10 } while n > 0
            let number = UnsafeRawBufferPointer(rebasing: buffer[k...])
            var list = field.list, name = field.key
            let count = list.utf8.count + 1 + number.count + 2 + name.utf8.count
            return list.withUTF8 { list in
                name.withUTF8 { name in
                    String(unsafeUninitializedCapacity: count) { out in
                        var at = 0
                        for b in list { out[at] = b; at += 1 }
                        out[at] = 0x5B; at += 1 // "["
                        for b in number { out[at] = b; at += 1 }
                        out[at] = 0x5D; out[at + 1] = 0x2E; at += 2 // "]."
                        for b in name { out[at] = b; at += 1 }
                        return at
                    }
                }
            }
        }
    }
}

extension ProseString {
    // In an extension, calling the memberwise initialiser the compiler then still makes (see
    // `YAMLNode`'s): written in the struct, assigning field by field, it copied each value once more.

    /// The string at `path`, taken from its scalar node (`node` must be a scalar).
    public init(path: String, node: YAMLNode) {
        self.init(path: path, node: node, originalOffsets: nil)
    }

    init(path: String, node: YAMLNode, originalOffsets: [Int]?) {
        self.init(text: node.scalar ?? "", start: node.start, end: node.end,
                  place: .other(Detail(path: path, style: node.style ?? .plain, originalOffsets: originalOffsets)))
    }

    /// Field `field` of item `item` of a list at the root (`TermsCollector`, the schema walk).
    init(text: String, style: ScalarStyle, start: Mark, end: Mark, item: Int, field: ItemField) {
        self.init(text: text, start: start, end: end, place: UInt32(exactly: item).map { .item($0, field: field, style: style) }
                  ?? .other(Detail(path: Self.itemPath(item: item, field), style: style, originalOffsets: nil)))
    }
}
