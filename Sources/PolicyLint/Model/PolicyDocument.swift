import PolicyYAML

/// A problem with the document's shape, reported by the built-in `schema` rule.
public struct SchemaIssue: Sendable {
    public var message: String
    public var path: String
    public var start: Mark
    public var end: Mark
}

/// One policy: the YAML tree (merge keys applied), its prose strings, and schema issues.
public struct PolicyDocument: Sendable {
    public let source: SourceText
    public let root: YAMLNode
    public internal(set) var prose: ProseList
    public let schemaIssues: [SchemaIssue]
    /// `policy.language`, else the default language (`en` unless configured).
    public let language: String
    /// Where document-level findings sit: the `policy` key, else the document start.
    public internal(set) var anchor: (start: Mark, end: Mark)

    /// `defaultLanguage` applies when the document does not set `policy.language`.
    /// `mayHaveMergeKeys: false` (the parser's `YAMLDocument.hasMergeKeys`) spares the walk that
    /// looks for them.
    public init(root rawRoot: YAMLNode, source: SourceText, defaultLanguage: String = "en", mayHaveMergeKeys: Bool = true) {
        self.init(root: rawRoot, source: source, defaultLanguage: defaultLanguage, mayHaveMergeKeys: mayHaveMergeKeys, terms: nil)
    }

    /// `terms`: the prose of the document's `terms:` list when a `TermsCollector` took it from
    /// the parser's events (the tree then holds an empty list there); it stands in for the walk
    /// of that list, which is what it equals.
    /// Taken (`consuming`): the walk then holds the only reference to the list's segments, which
    /// join the document's prose as they are.
    /// `maxIssues`: the schema issues kept (the linter's findings limit: a file with more is
    /// rejected, and a 10 MB list of a million wrong items kept a million messages).
    init(root rawRoot: YAMLNode, source: SourceText, defaultLanguage: String, mayHaveMergeKeys: Bool, terms: consuming ProseList?,
         maxIssues: Int = .max) {
        let root = mayHaveMergeKeys ? rawRoot.resolvingMergeKeys() : rawRoot
        self.source = source
        self.root = root
        var walker = SchemaWalker()
        walker.issueLimit = maxIssues
        walker.collectedTerms = consume terms
        walker.walk(root, type: PolicySchema.root, at: NodePath(parent: "", key: ""))
        walker.checkReferences(root)
        self.prose = walker.prose
        self.schemaIssues = walker.issues
        let lang = root["policy"]?["language"]?.scalar?.lowercased()
        self.language = (lang?.isEmpty == false ? lang! : defaultLanguage)
        if let key = root.pair("policy")?.key {
            anchor = (key.start, key.end)
        } else {
            anchor = (root.start, Mark(line: root.start.line, column: root.start.column + 1, offset: root.start.offset + 1))
        }
    }

    /// A document built from text in another format: `root` is the generated policy tree,
    /// `original` the file as written, and `offsets` maps each prose path (`terms[3].text`) to
    /// the original byte offset of every byte of its text. Document-level findings sit at 1:1.
    public init(importedRoot root: YAMLNode, original: SourceText, offsets: [String: [Int]]) {
        self.init(root: root, source: original)
        prose = ProseList(prose.map { $0.withOriginalOffsets(offsets[$0.path]) })
        anchor = (Mark.start, original.mark(atByte: min(1, original.bytes.count)))
    }

    /// Each value at a path such as `support.first_response` or `promises[*].text` that is
    /// present and not null, in document order, its path rendered only when asked: no list of them.
    public func forEachValue(at path: PathPattern, _ body: (ConcretePath, YAMLNode) -> Void) {
        path.forEach(in: root, skippingNulls: true, body)
    }

    /// Whether a value at `path` that is not null satisfies `test` (no paths made).
    public func hasValue(at path: PathPattern, where test: (YAMLNode) -> Bool) -> Bool {
        path.contains(in: root) { !$0.isNull && test($0) }
    }
}

/// Where a node sits: its parent's path and its own key or index. The text (`terms[3].text`) is
/// made only when needed: for a prose string, an issue, or a collection's children. Most
/// leaves need none. A key under a list item (`terms[3]` then `text`) also keeps the item's
/// index (`itemIndex`), so the item's own path is never rendered on the way to its children's.
struct NodePath {
    var parent: String
    var key: String?
    var index = 0
    /// When >= 0: `parent` is the list, and this is key `key` of its item `itemIndex`.
    var itemIndex = -1

    init(parent: String, key: String?, index: Int = 0) {
        self.parent = parent
        self.key = key
        self.index = index
    }

    /// The path of key `key` under the node at `place`: a list item's child keeps the item's
    /// index instead of rendering the item's path.
    init(under place: NodePath, key: String) {
        if place.key == nil, place.itemIndex < 0 {
            self.parent = place.parent
            self.key = key
            self.itemIndex = place.index
        } else {
            self.parent = place.rendered
            self.key = key
        }
    }

    var rendered: String {
        if itemIndex < 0, let key, parent.isEmpty { return key }
        // Written as bytes into one string of the final size: `+` and `append` (generic, with
        // a temporary per step) cost about a thousand instructions a path.
        var parent = parent, last = key ?? String(index)
        let isIndex = key == nil
        var item = itemIndex >= 0 ? String(itemIndex) : ""
        let count = parent.utf8.count + last.utf8.count + (isIndex ? 2 : 1) + (itemIndex >= 0 ? item.utf8.count + 2 : 0)
        return parent.withUTF8 { head in
            last.withUTF8 { tail in
                item.withUTF8 { itemDigits in
                    String(unsafeUninitializedCapacity: count) { out in
                        var at = 0
                        func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                            for b in bytes { out[at] = b; at += 1 }
                        }
                        put(head)
                        if itemIndex >= 0 {
                            out[at] = UInt8(ascii: "["); at += 1
                            put(itemDigits)
                            out[at] = UInt8(ascii: "]"); at += 1
                        }
                        out[at] = isIndex ? UInt8(ascii: "[") : UInt8(ascii: "."); at += 1
                        put(tail)
                        if isIndex { out[at] = UInt8(ascii: "]"); at += 1 }
                        return at
                    }
                }
            }
        }
    }
}

/// Walks the tree along the schema: collects prose, reports unknown keys and wrong types.
struct SchemaWalker {
    var prose = ProseList()
    var issues: [SchemaIssue] = []
    /// The most issues kept; later ones are dropped (`PolicyDocument.init`'s `maxIssues`).
    var issueLimit = Int.max
    /// Candidates that "did you mean" for references may still compare (`checkReferences`).
    var suggestionBudget = 1_000_000
    /// The prose of the root's `terms:` list, collected from the parser's events (`TermsCollector`):
    /// taken in place of walking that list.
    var collectedTerms: ProseList?

    /// The message is made only for an issue that is kept.
    mutating func issue(_ message: @autoclosure () -> String, _ path: String, _ node: YAMLNode) {
        guard issues.count < issueLimit else { return }
        issues.append(SchemaIssue(message: message(), path: path, start: node.start, end: endOnLine(node)))
    }

    /// Underline only the first line of a multi-line node.
    func endOnLine(_ node: YAMLNode) -> Mark {
        if node.end.line == node.start.line { return node.end }
        return Mark(line: node.start.line, column: node.start.column + 1, offset: node.start.offset + 1)
    }

    private static let proseList: FieldType = .list(.prose)

    mutating func walk(_ node: YAMLNode, type: FieldType, at place: NodePath) {
        if node.isNull { return }
        switch type {
        case .prose:
            if case .scalar(let text, let style) = node.content {
                // A field of an item of a list at the root (the list's path is its key: `terms`,
                // `promises`) keeps the compact place the terms collector gives its strings: no
                // path rendered, no object per string.
                if place.itemIndex >= 0, let key = place.key, let field = ProseString.ItemField(list: place.parent, key: key) {
                    prose.append(ProseString(text: text, style: style, start: node.start, end: node.end,
                                             item: place.itemIndex, field: field))
                } else {
                    prose.append(ProseString(path: place.rendered, node: node))
                }
            } else {
                let path = place.rendered
                issue("'\(path)' should be text, not \(node.kindName)", path, node)
            }
        case .text, .id, .reference:
            if case .scalar = node.content { return }
            let path = place.rendered
            issue("'\(path)' should be text, not \(node.kindName)", path, node)
        case .duration:
            guard case .scalar(let s, _) = node.content else {
                let path = place.rendered
                issue("'\(path)' should be \(type.expected), not \(node.kindName)", path, node); return
            }
            if Duration.parse(s) == nil {
                let path = place.rendered
                issue("'\(path)': '\(s)' is not a duration (write e.g. '24 hours', '5 business days', '48h' or 'P7D')", path, node)
            }
        case .proseOrList:
            switch node.content {
            case .scalar: walk(node, type: .prose, at: place)
            case .sequence: walk(node, type: Self.proseList, at: place)
            case .mapping:
                let path = place.rendered
                issue("'\(path)' should be \(type.expected), not \(node.kindName)", path, node)
            }
        case .list(let element):
            let path = place.rendered
            guard case .sequence(let items) = node.content else {
                issue("'\(path)' should be a list, not \(node.kindName)", path, node); return
            }
            var ids = IDTable()
            var hasIDs = false // asked once per list, not once per item
            if case .mapping(let fields) = element { hasIDs = fields.contains { $0.name == "id" } }
            // Items borrowed, where `items[i]` copied each node.
            let count = items.count
            items.forEachItem { i, item in
                walk(item, type: element, at: NodePath(parent: path, key: nil, index: i))
                if hasIDs, case .mapping(let itemPairs) = item.content, let k = Self.index(of: "id", in: itemPairs),
                   case .scalar(let id, _) = itemPairs[k].value.content {
                    // Room for the rest of the items' ids, made at the first id: a list
                    // without ids takes none (reserved for every item, a 10 MB list of a
                    // million short terms without ids allocated a 59 MB table, mostly never
                    // touched: address space rather than resident memory).
                    if ids.isEmpty { ids.reserve(count - i) }
                    if let j = ids.insertFirst(id, item: i, idAt: { Self.id(of: items[$0])?.value.scalar }) {
                        let first = Self.id(of: items[j])!.value.start // an item with an id, recorded before
                        issue("duplicate id '\(id)' in '\(path)' (first at \(first.line):\(first.column))", "\(path)[\(i)].id", itemPairs[k].value)
                    }
                }
            }
        case .mapping(let fields):
            guard case .mapping(let pairs) = node.content else {
                let path = place.rendered
                let what = path.isEmpty ? "the document" : "'\(path)'"
                issue("\(what) should be a mapping, not \(node.kindName)", path, node); return
            }
            // The mapping's own path is rendered only for an issue: its children's paths are
            // made from `place` (a list item's keys never render the item's path).
            // The path, the known names and their list, made at the first unknown key, not at each.
            var names: [String] = [], known = "", path = ""
            pairs.withUnsafeBufferPointer { pairs in
                for i in pairs.indices {
                    guard case .scalar(let key, _) = pairs[i].key.content else {
                        issue("keys must be text, not \(pairs[i].key.kindName)", place.rendered, pairs[i].key); continue
                    }
                    if let field = fields.first(where: { $0.name == key }) {
                        // The root (its path has an empty key, no other place has) and its `terms:`.
                        if collectedTerms != nil, key == "terms", place.key == "", place.parent.isEmpty {
                            // Joined by segments, not copied: no string of the terms is
                            // retained again or moved in memory.
                            let terms = collectedTerms.take()!
                            collectedTerms = ProseList()
                            prose.append(contentsOf: terms)
                            continue
                        }
                        walk(pairs[i].value, type: field.type, at: NodePath(under: place, key: key))
                    } else {
                        if names.isEmpty { names = fields.map(\.name); path = place.rendered }
                        let childPath = path.isEmpty ? key : path + "." + key
                        let location = path.isEmpty ? "at the top level" : "in '\(path)'"
                        var message = "unknown key '\(key)' \(location)"
                        if let s = suggestion(for: key, among: names) { message += "; did you mean '\(s)'?" }
                        else {
                            if known.isEmpty { known = names.joined(separator: ", ") }
                            message += " (known: \(known))"
                        }
                        issue(message, childPath, pairs[i].key)
                    }
                }
                for field in fields where field.required {
                    let k = Self.index(of: field.name, in: pairs)
                    if k == nil || pairs[k!].value.isNull {
                        let path = place.rendered
                        let what = path.isEmpty ? "the document" : "'\(path)'"
                        issue("\(what) has no '\(field.name)'", path.isEmpty ? field.name : "\(path).\(field.name)", node)
                    }
                }
            }
        }
    }

    /// The index of the pair whose key is the scalar `key`, as `YAMLNode.pair(_:)` finds it,
    /// without copying the pair out (`node[key]` did, for every item's id).
    static func index(of key: String, in pairs: [YAMLPair]) -> Int? {
        pairs.withUnsafeBufferPointer { index(of: key, in: $0) }
    }

    static func index(of key: String, in pairs: UnsafeBufferPointer<YAMLPair>) -> Int? {
        pairs.indices.first { i in
            if case .scalar(let s, _) = pairs[i].key.content { return s == key }
            return false
        }
    }

    /// The `id` pair of a list item (an earlier one, read again for `IDTable`).
    static func id(of item: YAMLNode) -> YAMLPair? {
        guard case .mapping(let pairs) = item.content, let k = index(of: "id", in: pairs) else { return nil }
        return pairs[k]
    }

    /// `fulfilled_by` (and any reference) must name an id of its target list.
    ///
    /// Linear in the document: ids are looked up by hash (a search of the list per promise made
    /// 50,000 promises over 50,000 partners take 6 s), the partners' list for messages is made
    /// once and names at most `listedPartners` of them, and "did you mean" compares at most
    /// `suggestionBudget` partner ids in all (a document of real size never gets near it).
    mutating func checkReferences(_ root: YAMLNode) {
        let partnerIDs = (root["partners"]?.items ?? []).compactMap { $0["id"]?.scalar }
        let known = Set(partnerIDs)
        var listed: String?
        for (i, promise) in (root["promises"]?.items ?? []).enumerated() {
            guard let ref = promise["fulfilled_by"], let name = ref.scalar, !ref.isNull else { continue }
            if !known.contains(name) {
                var message = "'promises[\(i)].fulfilled_by' names '\(name)', but no partner has that id"
                var suggested: String?
                if suggestionBudget >= partnerIDs.count {
                    suggestionBudget -= partnerIDs.count
                    suggested = suggestion(for: name, among: partnerIDs)
                }
                if let s = suggested { message += "; did you mean '\(s)'?" }
                else if !partnerIDs.isEmpty {
                    if listed == nil { listed = Self.list(partnerIDs, atMost: Self.listedPartners) }
                    message += " (partners: \(listed!))"
                }
                else { message += " (add it under 'partners')" }
                issue(message, "promises[\(i)].fulfilled_by", ref)
            }
        }
    }

    /// How many partner ids a message lists.
    static let listedPartners = 20

    /// `names` joined by commas, the first `limit` of them and how many more there are.
    static func list(_ names: [String], atMost limit: Int) -> String {
        guard names.count > limit else { return names.joined(separator: ", ") }
        return names.prefix(limit).joined(separator: ", ") + " and \(names.count - limit) more"
    }
}
