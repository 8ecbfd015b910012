import CLibYAML

/// Builds node trees from libyaml's event API.
///
/// The builder keeps an explicit stack (no recursion), bounds nesting depth and alias expansion,
/// and rejects duplicate keys naming both positions. Anchored nodes are copied on alias; the
/// copy is cheap (copy-on-write) and the expansion budget stops billion-laughs documents.
public struct YAMLParser {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Decodes and parses raw file bytes.
    public func parse(bytes: [UInt8]) throws(YAMLError) -> YAMLStream {
        let source = try decode(bytes)
        return try parse(source: source)
    }

    /// `parse(bytes:)`, except that each item of the list under the key `key` of the first
    /// document's root mapping goes to `each` as soon as it is complete instead of into the
    /// tree, where that list is left empty. For a file that is one long list (a baseline): its
    /// tree would hold every item at once. Every check of `parse` still applies (duplicate keys,
    /// aliases, depth), and items come in order, before any error that follows them in the file.
    public func parse(bytes: [UInt8], streamingItemsOf key: String, each: (YAMLNode) -> Void) throws(YAMLError) -> YAMLStream {
        let source = try decode(bytes)
        return try withoutActuallyEscaping(each) { each throws(YAMLError) in
            var builder = TreeBuilder(source: source, limits: limits)
            builder.streamed = (key, each)
            return try parse(source: source, builder: &builder)
        }
    }

    /// `parse(bytes:)`, except that the value of the key `key` in each document's root mapping
    /// goes to `sink` as events when it is a list (see `YAMLSubtreeSink`). Errors are those
    /// `parse(bytes:)` reports: anything inside the value that would be one makes the parse give
    /// up first.
    public func parse(bytes: [UInt8], intercepting key: String, sink: any YAMLSubtreeSink) throws(YAMLError) -> InterceptedParse {
        let source = try decode(bytes)
        var builder = TreeBuilder(source: source, limits: limits)
        builder.intercepted = (key, sink)
        do {
            return .parsed(try parse(source: source, builder: &builder))
        } catch {
            if builder.gaveUp { return .gaveUp(source) }
            throw error
        }
    }

    /// The file's text, once it is within the size limit.
    private func decode(_ bytes: [UInt8]) throws(YAMLError) -> SourceText {
        if bytes.count > limits.maxFileBytes {
            throw YAMLError("file is \(formatBytes(bytes.count)), over the \(formatBytes(limits.maxFileBytes)) limit (--max-file-size)", at: .start)
        }
        return try SourceText(decoding: bytes)
    }

    /// `body`'s result with every text read by libyaml's own reader, never in place
    /// (`LibYAMLDirectInput`): for tests that compare the two.
    public static func withLibYAMLReader<R>(_ body: () throws -> R) rethrows -> R {
        try LibYAMLDirectInput.$isEnabled.withValue(false, operation: body)
    }

    /// Whether `source` would be read in place by libyaml (`LibYAMLDirectInput`).
    public static func readsInPlace(_ source: SourceText) -> Bool {
        LibYAMLDirectInput.isSupported && LibYAMLDirectInput.isEnabled && source.hasZeroPadding
    }

    public func parse(string: String) throws(YAMLError) -> YAMLStream {
        try parse(bytes: Array(string.utf8))
    }

    public func parse(source: SourceText) throws(YAMLError) -> YAMLStream {
        var builder = TreeBuilder(source: source, limits: limits)
        return try parse(source: source, builder: &builder)
    }

    private func parse(source: SourceText, builder: inout TreeBuilder) throws(YAMLError) -> YAMLStream {
        let result: Result<[YAMLDocument], YAMLError> = source.bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) != 0 else {
                return .failure(YAMLError("libyaml could not initialise (out of memory)", at: .start))
            }
            defer { yaml_parser_delete(&parser) }
            // An empty buffer still needs a valid pointer.
            let empty: [UInt8] = [0]
            return empty.withUnsafeBufferPointer { fallback in
                let base = buffer.count > 0 ? buffer.baseAddress! : fallback.baseAddress!
                yaml_parser_set_input_string(&parser, base, buffer.count)
                yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
                // The text is already checked: libyaml reads it in place (`LibYAMLDirectInput`).
                // Its own buffer is put back before the `yaml_parser_delete` above frees it.
                let saved = Self.readsInPlace(source) ? LibYAMLDirectInput.attach(&parser, to: buffer) : nil
                defer { if let saved { LibYAMLDirectInput.restore(&parser, saved) } }
                var event = yaml_event_t()
                // Held here for the whole parse and handed down as an argument: read out of the
                // builder for each event, it cost a retain and a release an event of the value.
                let sink = builder.intercepted?.sink
                while true {
                    guard yaml_parser_parse(&parser, &event) != 0 else {
                        return .failure(builder.libyamlError(parser))
                    }
                    defer { yaml_event_delete(&event) }
                    if event.type == YAML_STREAM_END_EVENT { return .success(builder.documents) }
                    if let error = withUnsafePointer(to: &event, { builder.handle($0, sink: sink) }) { return .failure(error) }
                }
            }
        }
        switch result {
        case .success(let documents): return YAMLStream(source: source, documents: documents)
        case .failure(let error): throw error
        }
    }
}

func formatBytes(_ n: Int) -> String {
    if n >= 1024 * 1024 { return "\(n / (1024 * 1024)) MB" + (n % (1024 * 1024) == 0 ? "" : "+") }
    if n >= 1024 { return "\(n / 1024) KB" }
    return "\(n) bytes"
}

/// Event-to-tree state machine.
struct TreeBuilder: ~Copyable {
    let source: SourceText
    let limits: YAMLLimits
    var documents: [YAMLDocument] = []

    /// An open collection. Mutated in place at the top of the stack (`stack[top]`), never
    /// popped and pushed back. Its children wait in `children`, from `first` on.
    private struct Frame {
        var isMapping: Bool
        var start: Mark
        var tag: String?
        var anchor: String?
        /// Where this collection's children start in `children` (a mapping's: key, value, ...).
        var first: Int
        var seen = SeenKeys()
        /// Nodes in this collection, itself included, counting alias expansions.
        var count = 1
        /// Collection levels in this collection, itself included, counting alias expansions.
        var height = 1
        /// A list whose items go to `streamed` instead of into the tree.
        var streams = false
        /// False once a list is known to hold an item that cannot be packed (`PackedItems`);
        /// the packed items of a list with `PackedItems.threshold` items or more, which are
        /// then not in `children`.
        var packable = true
        var packed: PackedItems.Builder?
    }

    /// The key whose list's items are handed over as they complete (`parse(bytes:streamingItemsOf:each:)`).
    var streamed: (key: String, each: (YAMLNode) -> Void)?

    /// The root key whose list value goes to a sink as events (`parse(bytes:intercepting:sink:)`).
    var intercepted: (key: String, sink: any YAMLSubtreeSink)?
    /// Open collections of the value going to the sink, the list itself included; 0: none.
    private var interceptDepth = 0
    private var interceptStart = Mark.start
    /// Collections of the intercepted value that are built as nodes too, because an alias may
    /// repeat them (inside the value or after it): one with an anchor, and every collection
    /// inside it. Their frames sit on `stack` from `shadowBase` on; -1: none.
    private var shadowBase = -1
    private var documentIntercepted = false
    /// Set when the sink or the parser gave up on the intercepted value (the parse then stops).
    private(set) var gaveUp = false

    private var stack: [Frame] = []
    /// The children of every open collection, innermost last. A collection's array is made
    /// once, at its exact size, when it closes (growing one array per collection cost more).
    private var children = NodeStack()
    private var anchors: [String: (node: YAMLNode, count: Int, height: Int)] = [:]
    private var expanded = 0
    private var documentStart = Mark.start
    private var root: YAMLNode?
    private var mergeKeys = false
    // Cache for mark conversion: libyaml reports character columns; lines can be long.
    private var cacheLine = -1, cacheColumn = 1, cacheOffset = 0

    /// `PackedItems.threshold`, read once.
    private let packThreshold = PackedItems.threshold

    init(source: SourceText, limits: YAMLLimits) {
        self.source = source
        self.limits = limits
    }

    mutating func mark(_ m: yaml_mark_t) -> Mark {
        let line = Int(m.line) + 1, column = Int(m.column) + 1
        // Count on from the last conversion when it is earlier on the same line.
        let hint = line == cacheLine && column >= cacheColumn ? (column: cacheColumn, offset: cacheOffset) : nil
        let offset = source.byteOffset(line: line, column: column, hint: hint)
        cacheLine = line; cacheColumn = column; cacheOffset = offset
        return Mark(line: line, column: column, offset: offset)
    }

    func libyamlError(_ parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        if parser.error == YAML_READER_ERROR {
            return YAMLError(problem, at: source.mark(atByte: Int(parser.problem_offset)))
        }
        // libyaml's `index` counts characters, not bytes: derive the byte offset from line and column.
        let line = Int(parser.problem_mark.line) + 1, column = Int(parser.problem_mark.column) + 1
        let at = Mark(line: line, column: column, offset: source.byteOffset(line: line, column: column))
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            let c = parser.context_mark
            message += " (\(context) at \(c.line + 1):\(c.column + 1))"
        }
        if parser.error == YAML_MEMORY_ERROR { message = "out of memory while parsing" }
        return YAMLError(message, at: at)
    }

    private func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
    }

    /// Handles one event; returns an error to stop.
    /// `sink`: `intercepted`'s sink (nil when none).
    mutating func handle(_ event: UnsafePointer<yaml_event_t>, sink: (any YAMLSubtreeSink)?) -> YAMLError? {
        if intercepted != nil {
            if interceptDepth > 0 { return intercept(event, sink: sink.unsafelyUnwrapped) }
            if event.pointee.type == YAML_SEQUENCE_START_EVENT, event.pointee.data.sequence_start.anchor == nil,
               event.pointee.data.sequence_start.tag == nil, startsInterceptedValue() {
                let start = mark(event.pointee.start_mark)
                if stack.count >= limits.maxDepth {
                    return YAMLError("nesting deeper than \(limits.maxDepth) levels", at: start)
                }
                sink.unsafelyUnwrapped.begin(document: documents.count)
                interceptDepth = 1
                interceptStart = start
                return nil
            }
        }
        switch event.pointee.type {
        case YAML_DOCUMENT_START_EVENT:
            if documents.count >= limits.maxDocuments {
                return YAMLError("more than \(limits.maxDocuments) documents in one stream", at: mark(event.pointee.start_mark))
            }
            documentStart = mark(event.pointee.start_mark)
            anchors.removeAll(keepingCapacity: true)
            expanded = 0
            root = nil
            mergeKeys = false
            documentIntercepted = false
        case YAML_DOCUMENT_END_EVENT:
            let end = mark(event.pointee.end_mark)
            if let root {
                documents.append(YAMLDocument(root: root, start: documentStart, end: end, hasMergeKeys: mergeKeys,
                                              interceptedValue: documentIntercepted))
            }
        case YAML_SCALAR_EVENT:
            let s = event.pointee.data.scalar
            // An item of a packed list goes straight to it: no node, no `String`.
            // (Asked in this order, nearly every scalar is let through by one test, and no
            // reference is taken.)
            if let top = stack.indices.last, stack[top].packed != nil, s.tag == nil, s.anchor == nil,
               stack[top].packed.unsafelyUnwrapped.append(UnsafeBufferPointer(start: s.value, count: Int(s.length)),
                                                          style: Self.style(s.style), start: mark(event.pointee.start_mark),
                                                          end: mark(event.pointee.end_mark)) {
                stack[top].count += 1
                stack[top].height = max(stack[top].height, 1)
                return nil
            }
            let value = ScalarText.string(UnsafeBufferPointer(start: s.value, count: Int(s.length)))
            let style = Self.style(s.style)
            let tag = resolveTag(string(s.tag)), start = mark(event.pointee.start_mark), end = mark(event.pointee.end_mark)
            return add(YAMLNode(.scalar(value, style), tag: tag, start: start, end: end), count: 1, height: 0,
                       anchor: string(s.anchor))
        case YAML_ALIAS_EVENT:
            let at = mark(event.pointee.start_mark)
            switch resolveAlias(event, at: at, depth: stack.count) {
            case .success(let target): return add(target.node, count: target.count, height: target.height, anchor: nil, at: at)
            case .failure(let error): return error
            }
        case YAML_SEQUENCE_START_EVENT:
            let s = event.pointee.data.sequence_start
            let start = mark(event.pointee.start_mark)
            if stack.count >= limits.maxDepth {
                return YAMLError("nesting deeper than \(limits.maxDepth) levels", at: start)
            }
            stack.append(Frame(isMapping: false, start: start, tag: resolveTag(string(s.tag)), anchor: string(s.anchor),
                               first: children.count, streams: streamed != nil && streamsNextList()))
        case YAML_MAPPING_START_EVENT:
            let s = event.pointee.data.mapping_start
            let start = mark(event.pointee.start_mark)
            if stack.count >= limits.maxDepth {
                return YAMLError("nesting deeper than \(limits.maxDepth) levels", at: start)
            }
            stack.append(Frame(isMapping: true, start: start, tag: resolveTag(string(s.tag)), anchor: string(s.anchor),
                               first: children.count))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard !stack.isEmpty else { return nil }
            let (node, frame) = closeCollection(event)
            return add(node, count: frame.count, height: frame.height, anchor: frame.anchor)
        default:
            break
        }
        return nil
    }

    /// The anchor an alias names, once the checks the tree makes hold: the anchor is known, the
    /// expansion stays within the alias limit, and its tree nested at `depth` open collections
    /// stays within the depth limit.
    private mutating func resolveAlias(_ event: UnsafePointer<yaml_event_t>, at: Mark,
                                       depth: Int) -> Result<(node: YAMLNode, count: Int, height: Int), YAMLError> {
        let name = string(event.pointee.data.alias.anchor) ?? ""
        guard let target = anchors[name] else { return .failure(YAMLError("unknown alias *\(name)", at: at)) }
        expanded += target.count
        if expanded > limits.maxAliasNodes {
            return .failure(YAMLError("aliases expand to more than \(limits.maxAliasNodes) nodes (an alias bomb?)", at: at))
        }
        // An alias nests its anchor's whole tree here: the depth bound holds for the tree.
        if depth + target.height > limits.maxDepth {
            return .failure(YAMLError("nesting deeper than \(limits.maxDepth) levels (through alias *\(name))", at: at))
        }
        return .success(target)
    }

    /// Closes the innermost open collection (the stack is not empty): its node, made of the
    /// children it took off `children`, and its frame.
    private mutating func closeCollection(_ event: UnsafePointer<yaml_event_t>) -> (YAMLNode, Frame) {
        let frame = stack.removeLast()
        let end = mark(event.pointee.end_mark)
        let content: YAMLNode.Content
        if frame.isMapping {
            content = .mapping(takePairs(from: frame.first))
        } else if let packed = frame.packed {
            content = .sequence(YAMLNodeList(packed: PackedItems(packed)))
        } else {
            content = .sequence(YAMLNodeList(takeItems(from: frame.first)))
        }
        return (YAMLNode(content, tag: frame.tag, start: frame.start, end: end), frame)
    }

    /// Adds a finished node to its parent (or as the document root). `at` is where it was
    /// written when that differs from its marks (an alias keeps its anchor's marks).
    private mutating func add(_ node: consuming YAMLNode, count: Int, height: Int, anchor: String?, at: Mark? = nil) -> YAMLError? {
        if let anchor { anchors[anchor] = (copy node, count, height) }
        let top = stack.count - 1
        guard top >= 0 else {
            root = consume node
            return nil
        }
        stack[top].count += count
        stack[top].height = max(stack[top].height, height + 1)
        // In a mapping, an even number of children so far means this node is a key.
        guard stack[top].isMapping else {
            if stack[top].streams { streamed?.each(node); return nil }
            // A short list, or one that cannot be packed: as any other node, without a call.
            if stack[top].packed == nil, !stack[top].packable || children.count - stack[top].first + 1 < packThreshold {
                children.append(consume node) // moved, not copied
            } else {
                pack(node, inFrame: top)
            }
            return nil
        }
        guard (children.count - stack[top].first) % 2 == 0, let id = Self.keyIdentity(node) else {
            if !mergeKeys, node.isMergeKey { mergeKeys = true }
            children.append(consume node)
            return nil
        }
        let position = at ?? node.start
        if let first = firstPosition(of: id, inFrame: top) {
            return YAMLError("duplicate key '\(displayKey(node))' (first defined at \(first.line):\(first.column))", at: position)
        }
        children.append(consume node)
        stack[top].seen.insert(id, at: position, index: children.count - 1, isAlias: at != nil)
        if !stack[top].seen.isIndexed, stack[top].seen.keyCount >= SeenKeys.listLimit {
            stack[top].seen.index(keysFrom: stack[top].first, in: children, identity: Self.keyIdentity)
        }
        return nil
    }

    /// An event inside the intercepted value: handed to the sink, or the parse gives up where the
    /// tree would hold something the sink is not shown (a tag) or would report an error (nesting
    /// past the limit, an unknown alias, an alias bomb, a duplicate key in an anchored mapping).
    /// An anchored node is built as a node too (`shadowBase`), and an alias is handed to the
    /// sink as the events of its anchor's node (`replay`): what the tree would hold there.
    private mutating func intercept(_ event: UnsafePointer<yaml_event_t>, sink: any YAMLSubtreeSink) -> YAMLError? {
        var ok = true
        switch event.pointee.type {
        case YAML_SCALAR_EVENT:
            let s = event.pointee.data.scalar
            guard s.tag == nil else { return giveUp() }
            let style = Self.style(s.style)
            let value = UnsafeBufferPointer(start: s.value, count: Int(s.length))
            guard shadowBase >= 0 || s.anchor != nil else {
                // Nearly every scalar: no node, and marks only if the sink asks.
                ok = sink.scalar(value, style: style) { (mark(event.pointee.start_mark), mark(event.pointee.end_mark)) }
                break
            }
            let start = mark(event.pointee.start_mark), end = mark(event.pointee.end_mark)
            let node = YAMLNode(.scalar(ScalarText.string(value), style), start: start, end: end)
            if shadowBase >= 0 {
                guard add(node, count: 1, height: 0, anchor: string(s.anchor)) == nil else { return giveUp() }
            } else {
                anchors[string(s.anchor)!] = (node, 1, 0)
            }
            ok = sink.scalar(value, style: style) { (start, end) }
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.pointee.type == YAML_MAPPING_START_EVENT
            let (anchor, tag) = isMapping
                ? (event.pointee.data.mapping_start.anchor, event.pointee.data.mapping_start.tag)
                : (event.pointee.data.sequence_start.anchor, event.pointee.data.sequence_start.tag)
            // The tree's depth here: the document's open collections and the value's.
            guard tag == nil, interceptedDepth < limits.maxDepth else { return giveUp() }
            if shadowBase >= 0 || anchor != nil {
                if shadowBase < 0 { shadowBase = stack.count }
                stack.append(Frame(isMapping: isMapping, start: mark(event.pointee.start_mark), tag: nil,
                                   anchor: string(anchor), first: children.count))
            }
            interceptDepth += 1
            ok = sink.open(mapping: isMapping)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            interceptDepth -= 1
            if shadowBase >= 0 {
                // Inside an anchored collection every collection is a frame: this one closes.
                let (node, frame) = closeCollection(event)
                if stack.count > shadowBase {
                    guard add(node, count: frame.count, height: frame.height, anchor: frame.anchor) == nil else { return giveUp() }
                } else {
                    anchors[frame.anchor!] = (node, frame.count, frame.height)
                    shadowBase = -1
                }
            }
            guard interceptDepth == 0 else {
                ok = sink.close()
                break
            }
            guard sink.end() else { return giveUp() }
            documentIntercepted = true
            let end = mark(event.pointee.end_mark)
            return add(YAMLNode(.sequence([]), start: interceptStart, end: end), count: 1, height: 1, anchor: nil)
        case YAML_ALIAS_EVENT:
            // What the tree would report as an error makes the parse give up.
            let at = mark(event.pointee.start_mark)
            guard case .success(let target) = resolveAlias(event, at: at, depth: interceptedDepth) else { return giveUp() }
            if shadowBase >= 0 {
                guard add(target.node, count: target.count, height: target.height, anchor: nil, at: at) == nil else { return giveUp() }
            }
            ok = Self.replay(target.node, to: sink)
        default:
            break
        }
        return ok ? nil : giveUp()
    }

    /// Open collections where the tree would have them: the document's, and the intercepted
    /// value's (whose anchored ones are on `stack` too).
    private var interceptedDepth: Int { (shadowBase >= 0 ? shadowBase : stack.count) + interceptDepth }

    /// Hands `node` to the sink as the events that would build it: an alias inside the
    /// intercepted value, which the tree holds as a copy of its anchor's node, marks and all.
    /// Its size is bounded: the alias counted its nodes against the alias limit.
    private static func replay(_ node: YAMLNode, to sink: any YAMLSubtreeSink) -> Bool {
        switch node.content {
        case .scalar(var text, let style):
            return text.withUTF8 { sink.scalar($0, style: style) { (node.start, node.end) } }
        case .sequence(let items):
            guard sink.open(mapping: false) else { return false }
            for item in items where !replay(item, to: sink) { return false }
            return sink.close()
        case .mapping(let pairs):
            guard sink.open(mapping: true) else { return false }
            for pair in pairs where !replay(pair.key, to: sink) || !replay(pair.value, to: sink) { return false }
            return sink.close()
        }
    }

    /// A scalar's style as libyaml reports it.
    private static func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    private mutating func giveUp() -> YAMLError {
        gaveUp = true
        return YAMLError("the intercepted value's shape is not the sink's", at: .start)
    }

    /// Whether a list starting now is the value of the intercepted key in a document's root mapping.
    private func startsInterceptedValue() -> Bool {
        guard let key = intercepted?.key else { return false }
        return nextValueIsRootKey(key)
    }

    /// Whether the list starting now is the value of the streamed key in the first document's
    /// root mapping.
    private func streamsNextList() -> Bool {
        guard let key = streamed?.key, documents.isEmpty else { return false }
        return nextValueIsRootKey(key)
    }

    /// Whether the node starting now is the value of the scalar key `key` in the root mapping:
    /// the root is the only open collection and its last child is that key.
    private func nextValueIsRootKey(_ key: String) -> Bool {
        guard stack.count == 1, stack[0].isMapping, (children.count - stack[0].first) % 2 == 1,
              case .scalar(let s, _) = children[children.count - 1].content
        else { return false }
        return s == key
    }

    /// Where the key `id` was first written in the open mapping `stack[top]`, if it was: a short
    /// mapping scans its keys (already in `children`), a long one asks its index.
    private func firstPosition(of id: String, inFrame top: Int) -> Mark? {
        if stack[top].seen.isIndexed { return stack[top].seen.indexed(id) }
        var i = stack[top].first
        while i < children.count {
            if keyAt(i, is: id) { return stack[top].seen.aliasPosition(ofKeyAt: i) ?? children[i].start }
            i += 2
        }
        return nil
    }

    /// `keyIdentity(children[i]) == id`, read in place: passing the node copied it.
    private func keyAt(_ i: Int, is id: String) -> Bool {
        guard case .scalar(let s, let style) = children[i].content else { return false }
        if style == .plain, s.utf8.count == 2, s == "<<" { return false }
        return children[i].isNull ? id == "\u{0}" : s == id
    }

    /// Adds `node` to the list `stack[top]`, not yet known to hold an item that cannot be
    /// packed: to `children` while it is short; at `packThreshold` items, if they can all be
    /// packed, to its packed items (those in `children` are moved there). An item that cannot be
    /// packed ends the packing: the packed items go back to `children` as nodes, in order (the
    /// list's children are the last ones there: every collection inside it has closed).
    private mutating func pack(_ node: consuming YAMLNode, inFrame top: Int) {
        if stack[top].packed != nil {
            if stack[top].packed!.append(node) { return }
            let packed = PackedItems(stack[top].packed.take()!)
            for i in 0..<packed.count { children.append(packed.node(at: i)) }
            stack[top].packable = false
        } else if children.count - stack[top].first + 1 >= packThreshold {
            // Whether the items so far can be packed is asked here, once: not for every item
            // of every short list. If one cannot, they all go back, in order.
            let items = takeItems(from: stack[top].first)
            let packed = PackedItems.Builder(source: source.bytes)
            var k = 0
            while k < items.count, packed.append(items[k]) { k += 1 }
            if k == items.count, packed.append(node) {
                stack[top].packed = packed
                return
            }
            for item in items { children.append(item) }
            stack[top].packable = false
        }
        children.append(consume node)
    }

    /// Moves the children from `first` on out of `children`, into an array of exactly their
    /// number (filled from the end when long: see `NodeStack.pop`).
    private mutating func takeItems(from first: Int) -> [YAMLNode] {
        let n = children.count - first
        if n <= NodeStack.slice {
            // One slice, moved out in order: filled by `append` after `reserveCapacity`, which
            // the compiler specializes. `init(unsafeUninitializedCapacity:)` goes through the
            // standard library's unspecialized allocation, which looks the storage class's
            // metadata up at run time: about 700 instructions an array, 0.4% of a corpus run.
            var items: [YAMLNode] = []
            items.reserveCapacity(n)
            children.pop(from: first) { nodes, _, count in
                for k in 0..<count { items.append((nodes + k).move()) }
            }
            return items
        }
        return [YAMLNode](unsafeUninitializedCapacity: n) { buffer, initialized in
            let out = buffer.baseAddress
            children.pop(from: first) { nodes, offset, count in
                (out.unsafelyUnwrapped + offset).moveInitialize(from: nodes, count: count)
            }
            initialized = n
        }
    }

    /// As `takeItems`, pairing keys with values.
    private mutating func takePairs(from first: Int) -> [YAMLPair] {
        // libyaml gives every key a value; a dangling key would be dropped.
        if (children.count - first) % 2 == 1 { _ = children.removeLast() }
        let n = (children.count - first) / 2
        if 2 * n <= NodeStack.slice { // as in `takeItems`
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(n)
            children.pop(from: first, stride: 2) { nodes, _, count in
                var k = 0
                while k < count {
                    pairs.append(YAMLPair(key: (nodes + k).move(), value: (nodes + k + 1).move()))
                    k += 2
                }
            }
            return pairs
        }
        return [YAMLPair](unsafeUninitializedCapacity: n) { buffer, initialized in
            let out = buffer.baseAddress
            children.pop(from: first, stride: 2) { nodes, offset, count in
                var k = 0
                while k < count {
                    (out.unsafelyUnwrapped + (offset + k) / 2).initialize(to: YAMLPair(key: (nodes + k).move(), value: (nodes + k + 1).move()))
                    k += 2
                }
            }
            initialized = n
        }
    }

    /// Scalar keys are compared by their text, as the policy model looks them up (`"a"` and `a`
    /// are the same key), and every spelling of null is one key. Collection keys are not
    /// compared: the YAML test suite reads `{ &a [a]: 1, *a : 2 }` as valid (case X38W).
    /// `<<` may repeat (several merges are legal in practice).
    private static func keyIdentity(_ node: YAMLNode) -> String? {
        guard case .scalar(let s, let style) = node.content else { return nil }
        if style == .plain, s.utf8.count == 2, s == "<<" { return nil }
        if node.isNull { return "\u{0}" }
        return s
    }

    private func displayKey(_ node: YAMLNode) -> String {
        let s = node.scalar ?? "?"
        return s.count > 40 ? String(s.prefix(40)) + "…" : s
    }

    private func resolveTag(_ tag: String?) -> String? { tag }
}
