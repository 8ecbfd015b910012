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
    /// The collector's state, behind a pointer the collector owns: a class's own stored
    /// properties are checked for exclusive access at run time on every access (two calls of the
    /// runtime per scalar of the terms).
    private struct State {
        /// The terms' prose strings per document (its index in the stream).
        var documents: [Int: ProseList] = [:]
        var document = 0
        var prose = ProseList()
        /// Item index; nesting inside the list (0: between items, 1: in an item's mapping).
        var item = -1
        var depth = 0
        /// The key whose value comes next, if a key was read.
        var key: Field?
        /// The fields seen in this item (`Field.rawValue` bits).
        var seen: UInt8 = 0
        /// A hash of each id's bytes: two ids with one hash (the same id, or a collision of
        /// 64-bit hashes) make the collector give up, and the walk decides whether they repeat.
        /// (An open-addressing table of the hashes: `Set`'s hashing of each was a tenth of the
        /// collector's time.)
        var ids = OccurrenceCounter()
    }
    private let state: UnsafeMutablePointer<State>

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The terms' prose strings per document (its index in the stream).
    var documents: [Int: ProseList] { state.pointee.documents }

    enum Field: UInt8 {
        case id = 1, title = 2, text = 4
    }

    func begin(document: Int) {
        state.pointee.document = document
        state.pointee.prose = ProseList()
        state.pointee.item = -1
        state.pointee.depth = 0
        state.pointee.key = nil
        state.pointee.ids = OccurrenceCounter()
    }

    func open(mapping: Bool) -> Bool {
        // Only an item's mapping, between items.
        guard mapping, state.pointee.depth == 0 else { return false }
        state.pointee.depth = 1
        state.pointee.item += 1
        state.pointee.seen = 0
        state.pointee.key = nil
        return true
    }

    func close() -> Bool {
        // An item without its required text: the walk reports it.
        let s = state
        guard s.pointee.depth == 1, s.pointee.key == nil, s.pointee.seen & Field.text.rawValue != 0 else { return false }
        s.pointee.depth = 0
        return true
    }

    func scalar(_ value: UnsafeBufferPointer<UInt8>, style: ScalarStyle, marks: () -> (start: Mark, end: Mark)) -> Bool {
        let s = state
        guard s.pointee.depth == 1 else { return false } // an item that is text or null
        guard let field = s.pointee.key else {
            guard let f = Self.field(value), s.pointee.seen & f.rawValue == 0 else { return false } // unknown or repeated key
            s.pointee.seen |= f.rawValue
            s.pointee.key = f
            return true
        }
        s.pointee.key = nil
        let isNull = style == .plain && YAMLNode.isNullSpelling(value) // tags never reach a sink
        switch field {
        case .id:
            // A null id or one seen before: the walk decides (its duplicate message).
            guard !isNull else { return false }
            var hash = StableHasher()
            for b in value { hash.add(b) }
            return s.pointee.ids.next(hash.value) == 0
        case .title, .text:
            if isNull {
                // A null title is no prose; a null text is a missing one.
                return field == .title
            }
            let (start, end) = marks() // only prose needs its marks
            // Made in the append's argument: a `let` for the node or the string cost a copy
            // and a destroy of each (outlined, with their reference counting) per string.
            s.pointee.prose.append(ProseString(text: ScalarText.string(value), style: style, start: start, end: end,
                                               item: s.pointee.item, field: field == .title ? .termTitle : .termText))
            return true
        }
    }

    /// Document `d`'s prose, handed over: the collector keeps no reference to it, so the
    /// document can take the list without copying it.
    func takeDocument(_ d: Int) -> ProseList? {
        state.pointee.documents.removeValue(forKey: d)
    }

    /// Drops what was collected: after giving up, before the file is parsed again into the
    /// whole tree, so that the two are not held at once (a file of megabytes of terms).
    func discard() {
        state.pointee.documents = [:]
        state.pointee.prose = ProseList()
        state.pointee.ids = OccurrenceCounter()
    }

    func end() -> Bool {
        let s = state
        guard s.pointee.depth == 0 else { return false }
        s.pointee.documents[s.pointee.document] = s.pointee.prose
        s.pointee.prose = ProseList()
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
}
