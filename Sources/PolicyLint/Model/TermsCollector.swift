import PolicyYAML

/// The prose of a policy's `terms:` list, taken straight from libyaml's events
/// (`YAMLSubtreeSink`): no node, pair array or key string per term, and no walk of them.
///
/// It accepts only terms the schema walk would pass without an issue: a list of mappings whose
/// keys are `id`, `title` and `text` (each once, `text` not null) with scalar values and no
/// repeated id. At anything else it gives up, and the file is parsed again into a whole tree,
/// whose schema walk reports what is unusual as it always did. For what it accepts, the prose
/// strings are those the walk makes, with the same paths, values, styles and marks, in order.
final class TermsCollector: YAMLSubtreeSink {
    /// The terms' prose strings per document (its index in the stream).
    private(set) var documents: [Int: [ProseString]] = [:]

    private var document = 0
    private var prose: [ProseString] = []
    /// Item index; nesting inside the list (0: between items, 1: in an item's mapping).
    private var item = -1
    private var depth = 0
    /// The key whose value comes next, if a key was read.
    private var key: Field?
    /// The fields seen in this item (`Field.rawValue` bits).
    private var seen: UInt8 = 0
    private var ids: Set<String> = []

    private enum Field: UInt8 {
        case id = 1, title = 2, text = 4
        var name: String { self == .id ? "id" : self == .title ? "title" : "text" }
    }

    func begin(document: Int) {
        self.document = document
        prose = []
        item = -1
        depth = 0
        key = nil
        ids.removeAll(keepingCapacity: true)
    }

    func open(mapping: Bool) -> Bool {
        // Only an item's mapping, between items.
        guard mapping, depth == 0 else { return false }
        depth = 1
        item += 1
        seen = 0
        key = nil
        return true
    }

    func close() -> Bool {
        // An item without its required text: the walk reports it.
        guard depth == 1, key == nil, seen & Field.text.rawValue != 0 else { return false }
        depth = 0
        return true
    }

    func scalar(_ value: UnsafeBufferPointer<UInt8>, style: ScalarStyle, start: Mark, end: Mark) -> Bool {
        guard depth == 1 else { return false } // an item that is text or null
        guard let field = key else {
            guard let f = Self.field(value), seen & f.rawValue == 0 else { return false } // unknown or repeated key
            seen |= f.rawValue
            key = f
            return true
        }
        key = nil
        let isNull = style == .plain && Self.isNullSpelling(value)
        switch field {
        case .id:
            // A null id or one seen before: the walk decides (its duplicate message).
            guard !isNull else { return false }
            return ids.insert(String(decoding: value, as: UTF8.self)).inserted
        case .title, .text:
            if isNull {
                // A null title is no prose; a null text is a missing one.
                return field == .title
            }
            let node = YAMLNode(.scalar(String(decoding: value, as: UTF8.self), style), start: start, end: end)
            // The path as the schema walk renders it (one string of its final size).
            let path = NodePath(under: NodePath(parent: "terms", key: nil, index: item), key: field.name).rendered
            prose.append(ProseString(path: path, node: node))
            return true
        }
    }

    func end() -> Bool {
        guard depth == 0 else { return false }
        documents[document] = prose
        prose = []
        return true
    }

    private static func field(_ key: UnsafeBufferPointer<UInt8>) -> Field? {
        switch key.count {
        case 2: return key[0] == 0x69 && key[1] == 0x64 ? .id : nil
        case 4: return key.elementsEqual("text".utf8) ? .text : nil
        case 5: return key.elementsEqual("title".utf8) ? .title : nil
        default: return nil
        }
    }

    /// The plain spellings of null (`YAMLNode.isNull`; tags never reach a sink).
    private static func isNullSpelling(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        switch v.count {
        case 0: return true
        case 1: return v[0] == 0x7E
        case 4: return v.elementsEqual("null".utf8) || v.elementsEqual("Null".utf8) || v.elementsEqual("NULL".utf8)
        default: return false
        }
    }
}
