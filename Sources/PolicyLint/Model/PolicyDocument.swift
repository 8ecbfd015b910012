import PolicyYAML

/// A string a customer reads, with where it sits.
public struct ProseString: Sendable {
    public var path: String
    public var node: YAMLNode
    public var text: String { node.scalar ?? "" }
    /// For text imported from another format (Markdown, HTML, plain text): the byte offset in
    /// the original file of each UTF-8 byte of `text`. Findings then point into that file.
    public var originalOffsets: [Int]?

    public init(path: String, node: YAMLNode, originalOffsets: [Int]? = nil) {
        self.path = path
        self.node = node
        self.originalOffsets = originalOffsets
    }
}

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
    public internal(set) var prose: [ProseString]
    public let schemaIssues: [SchemaIssue]
    /// `policy.language`, else the default language (`en` unless configured).
    public let language: String
    /// Where document-level findings sit: the `policy` key, else the document start.
    public internal(set) var anchor: (start: Mark, end: Mark)

    /// `defaultLanguage` applies when the document does not set `policy.language`.
    public init(root rawRoot: YAMLNode, source: SourceText, defaultLanguage: String = "en") {
        let root = rawRoot.resolvingMergeKeys()
        self.source = source
        self.root = root
        var walker = SchemaWalker()
        walker.walk(root, type: PolicySchema.root, path: "")
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
        prose = prose.map { p in
            var p = p
            p.originalOffsets = offsets[p.path]
            return p
        }
        anchor = (Mark.start, original.mark(atByte: min(1, original.bytes.count)))
    }

    /// A value at a path such as `support.first_response`, if present and not null.
    public func value(at path: PathPattern) -> [(path: String, node: YAMLNode)] {
        path.resolve(in: root).filter { !$0.node.isNull }
    }
}

/// Walks the tree along the schema: collects prose, reports unknown keys and wrong types.
struct SchemaWalker {
    var prose: [ProseString] = []
    var issues: [SchemaIssue] = []

    mutating func issue(_ message: String, _ path: String, _ node: YAMLNode) {
        issues.append(SchemaIssue(message: message, path: path, start: node.start, end: endOnLine(node)))
    }

    /// Underline only the first line of a multi-line node.
    func endOnLine(_ node: YAMLNode) -> Mark {
        if node.end.line == node.start.line { return node.end }
        return Mark(line: node.start.line, column: node.start.column + 1, offset: node.start.offset + 1)
    }

    mutating func walk(_ node: YAMLNode, type: FieldType, path: String) {
        if node.isNull { return }
        switch type {
        case .prose:
            if node.scalar != nil { prose.append(ProseString(path: path, node: node)) }
            else { issue("'\(path)' should be text, not \(node.kindName)", path, node) }
        case .text, .id, .reference:
            if node.scalar == nil { issue("'\(path)' should be text, not \(node.kindName)", path, node) }
        case .duration:
            guard let s = node.scalar else {
                issue("'\(path)' should be \(type.expected), not \(node.kindName)", path, node); return
            }
            if Duration.parse(s) == nil {
                issue("'\(path)': '\(s)' is not a duration (write e.g. '24 hours', '5 business days', '48h' or 'P7D')", path, node)
            }
        case .proseOrList:
            if node.scalar != nil { walk(node, type: .prose, path: path) }
            else if node.items != nil { walk(node, type: .list(.prose), path: path) }
            else { issue("'\(path)' should be \(type.expected), not \(node.kindName)", path, node) }
        case .list(let element):
            guard let items = node.items else {
                issue("'\(path)' should be a list, not \(node.kindName)", path, node); return
            }
            var ids: [String: Mark] = [:]
            var hasIDs = false // asked once per list, not once per item
            if case .mapping(let fields) = element { hasIDs = fields.contains { $0.name == "id" } }
            for (i, item) in items.enumerated() {
                walk(item, type: element, path: path + "[" + String(i) + "]")
                if hasIDs, let idNode = item["id"], let id = idNode.scalar {
                    if let first = ids[id] {
                        issue("duplicate id '\(id)' in '\(path)' (first at \(first.line):\(first.column))", "\(path)[\(i)].id", idNode)
                    } else {
                        ids[id] = idNode.start
                    }
                }
            }
        case .mapping(let fields):
            guard let pairs = node.pairs else {
                let what = path.isEmpty ? "the document" : "'\(path)'"
                issue("\(what) should be a mapping, not \(node.kindName)", path, node); return
            }
            for pair in pairs {
                guard let key = pair.key.scalar else {
                    issue("keys must be text, not \(pair.key.kindName)", path, pair.key); continue
                }
                let childPath = path.isEmpty ? key : path + "." + key
                if let field = fields.first(where: { $0.name == key }) {
                    walk(pair.value, type: field.type, path: childPath)
                } else {
                    let names = fields.map(\.name)
                    let place = path.isEmpty ? "at the top level" : "in '\(path)'"
                    var message = "unknown key '\(key)' \(place)"
                    if let s = suggestion(for: key, among: names) { message += "; did you mean '\(s)'?" }
                    else { message += " (known: \(names.joined(separator: ", ")))" }
                    issue(message, childPath, pair.key)
                }
            }
            for field in fields where field.required {
                if node[field.name] == nil || node[field.name]!.isNull {
                    let what = path.isEmpty ? "the document" : "'\(path)'"
                    issue("\(what) has no '\(field.name)'", path.isEmpty ? field.name : "\(path).\(field.name)", node)
                }
            }
        }
    }

    /// `fulfilled_by` (and any reference) must name an id of its target list.
    mutating func checkReferences(_ root: YAMLNode) {
        let partnerIDs = (root["partners"]?.items ?? []).compactMap { $0["id"]?.scalar }
        for (i, promise) in (root["promises"]?.items ?? []).enumerated() {
            guard let ref = promise["fulfilled_by"], let name = ref.scalar, !ref.isNull else { continue }
            if !partnerIDs.contains(name) {
                var message = "'promises[\(i)].fulfilled_by' names '\(name)', but no partner has that id"
                if let s = suggestion(for: name, among: partnerIDs) { message += "; did you mean '\(s)'?" }
                else if !partnerIDs.isEmpty { message += " (partners: \(partnerIDs.joined(separator: ", ")))" }
                else { message += " (add it under 'partners')" }
                issue(message, "promises[\(i)].fulfilled_by", ref)
            }
        }
    }
}
