/// How a scalar was written; block and quoted styles change how its value maps to the source.
public enum ScalarStyle: String, Sendable {
    case plain, singleQuoted = "single-quoted", doubleQuoted = "double-quoted", literal, folded
}

/// A node of a YAML document. Every node keeps where it starts and ends in the source.
/// Scalars stay text: typing (`no` as a string, `7 days` as a duration) is the caller's choice.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(String, ScalarStyle)
        case sequence(YAMLNodeList)
        case mapping([YAMLPair])
    }

    public var content: Content
    /// The resolved tag (`tag:yaml.org,2002:str` for `!!str`), or nil when none was written.
    public var tag: String? {
        get { taggedAs?.tag }
        set { taggedAs = newValue.map(Tag.init) }
    }
    public var start: Mark
    public var end: Mark
    /// Nearly every node has no tag: a reference (8 bytes) instead of an optional `String` (16)
    /// keeps a node at 56 bytes, which matters for one large policy file's peak memory.
    fileprivate var taggedAs: Tag?

    fileprivate final class Tag: Sendable {
        let tag: String
        init(_ tag: String) { self.tag = tag }
    }

    public var scalar: String? {
        if case .scalar(let s, _) = content { return s }
        return nil
    }

    public var style: ScalarStyle? {
        if case .scalar(_, let style) = content { return style }
        return nil
    }

    public var items: YAMLNodeList? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// A plain, untagged null (`~`, `null`, or nothing at all).
    public var isNull: Bool {
        guard case .scalar(let s, .plain) = content, tag == nil || tag == "tag:yaml.org,2002:null" else { return false }
        // By length first: comparing long text with each spelling cost more than the rest.
        switch s.utf8.count {
        case 0: return true
        case 1: return s == "~"
        case 4: return s == "null" || s == "Null" || s == "NULL"
        default: return false
        }
    }

    /// Whether a plain scalar's bytes spell null, as `isNull` reads them (for the bytes of an
    /// event, before any node is made: `YAMLSubtreeSink`s).
    public static func isNullSpelling(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        switch v.count {
        case 0: return true
        case 1: return v[0] == 0x7E
        case 4: return v.elementsEqual("null".utf8) || v.elementsEqual("Null".utf8) || v.elementsEqual("NULL".utf8)
        default: return false
        }
    }

    /// The kind of node, in words, for messages.
    public var kindName: String {
        switch content {
        case .scalar: return isNull ? "null" : "text"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// The pair whose key is the scalar `key`.
    public func pair(_ key: String) -> YAMLPair? {
        guard case .mapping(let pairs) = content else { return nil }
        for pair in pairs {
            if case .scalar(let s, _) = pair.key.content, s == key { return pair }
        }
        return nil
    }

    /// The value of the scalar key `key` in a mapping.
    public subscript(key: String) -> YAMLNode? { pair(key)?.value }
}

extension YAMLNode {
    // In an extension, so that the compiler still makes the memberwise initialiser: this one
    // calls it. Written in the struct, assigning field by field, it built each node on the
    // stack and copied it out (an outlined copy and destroy, a retain and a release per node).
    public init(_ content: Content, tag: String? = nil, start: Mark, end: Mark) {
        self.init(content: content, start: start, end: end, taggedAs: tag.map(Tag.init))
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// One document of a stream.
public struct YAMLDocument: Sendable {
    /// The root node; an empty document (`---` alone) has an empty plain scalar, i.e. null.
    public var root: YAMLNode
    public var start: Mark
    public var end: Mark
    /// Whether some mapping of the document has a merge key (`<<`), noted while parsing so
    /// that a document without one (nearly all) is not walked again to find out.
    public var hasMergeKeys = true
    /// Whether the value of the intercepted key went to a `YAMLSubtreeSink` (see there).
    public var interceptedValue = false
}

/// A parsed stream: the decoded source and its documents.
public struct YAMLStream: Sendable {
    public var source: SourceText
    public var documents: [YAMLDocument]
}
