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
    /// A hash of each id's bytes: two ids with one hash (the same id, or a collision of 64-bit
    /// hashes) make the collector give up, and the walk decides whether they repeat.
    /// (An open-addressing table of the hashes: `Set`'s hashing of each was a tenth of the
    /// collector's time.)
    private var ids = OccurrenceCounter()

    enum Field: UInt8 {
        case id = 1, title = 2, text = 4
    }

    func begin(document: Int) {
        self.document = document
        prose = []
        item = -1
        depth = 0
        key = nil
        ids = OccurrenceCounter()
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

    func scalar(_ value: UnsafeBufferPointer<UInt8>, style: ScalarStyle, marks: () -> (start: Mark, end: Mark)) -> Bool {
        guard depth == 1 else { return false } // an item that is text or null
        guard let field = key else {
            guard let f = Self.field(value), seen & f.rawValue == 0 else { return false } // unknown or repeated key
            seen |= f.rawValue
            key = f
            return true
        }
        key = nil
        let isNull = style == .plain && YAMLNode.isNullSpelling(value) // tags never reach a sink
        switch field {
        case .id:
            // A null id or one seen before: the walk decides (its duplicate message).
            guard !isNull else { return false }
            var hash = StableHasher()
            for b in value { hash.add(b) }
            return ids.next(hash.value) == 0
        case .title, .text:
            if isNull {
                // A null title is no prose; a null text is a missing one.
                return field == .title
            }
            let (start, end) = marks() // only prose needs its marks
            // Made in the append's argument: a `let` for the node or the string cost a copy
            // and a destroy of each (outlined, with their reference counting) per string.
            prose.append(ProseString(path: Self.path(item: item, field),
                                     node: YAMLNode(.scalar(ScalarText.string(value), style), start: start, end: end)))
            return true
        }
    }

    /// Document `d`'s prose, handed over: the collector keeps no reference to it, so the
    /// document can take the list without copying it.
    func takeDocument(_ d: Int) -> [ProseString]? {
        documents.removeValue(forKey: d)
    }

    /// Drops what was collected: after giving up, before the file is parsed again into the
    /// whole tree, so that the two are not held at once (a file of megabytes of terms).
    func discard() {
        documents = [:]
        prose = []
        ids = OccurrenceCounter()
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
        case 4: return UnsafeRawPointer(key.baseAddress!).loadUnaligned(as: UInt32.self) == textKey ? .text : nil
        case 5:
            return UnsafeRawPointer(key.baseAddress!).loadUnaligned(as: UInt32.self) == titlKey && key[4] == 0x65 ? .title : nil
        default: return nil
        }
    }

    /// "text" and "titl" as the integers their bytes load as.
    private static let textKey = UInt32(0x74) | UInt32(0x65) << 8 | UInt32(0x78) << 16 | UInt32(0x74) << 24
    private static let titlKey = UInt32(0x74) | UInt32(0x69) << 8 | UInt32(0x74) << 16 | UInt32(0x6C) << 24

    /// `terms[item].field`, as the schema walk renders it (`NodePath`), written in one go.
    static func path(item: Int, _ field: Field) -> String {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // room for any Int's decimal digits
        return withUnsafeMutableBytes(of: &digits) { buffer in
            var n = item.magnitude, k = buffer.count
            repeat { k -= 1; buffer[k] = UInt8(n % 10) + 0x30; n /= 10 } while n > 0
            let number = UnsafeRawBufferPointer(rebasing: buffer[k...])
            let name: StaticString = field == .id ? "id" : field == .title ? "title" : "text"
            let count = 6 + number.count + 2 + name.utf8CodeUnitCount
            return String(unsafeUninitializedCapacity: count) { out in
                var at = 0
                for b in "terms[".utf8 { out[at] = b; at += 1 }
                for b in number { out[at] = b; at += 1 }
                out[at] = 0x5D; out[at + 1] = 0x2E; at += 2 // "]."
                for i in 0..<name.utf8CodeUnitCount { out[at] = name.utf8Start[i]; at += 1 }
                return at
            }
        }
    }
}
