/// The policy/v1 format: which keys exist, what each holds, which strings a customer reads.
public indirect enum FieldType: Sendable {
    /// Text a customer reads: checked for language signals.
    case prose
    /// A name, address or label.
    case text
    case duration
    /// An identifier unique within its list.
    case id
    /// The id of an item of a top-level list (`fulfilled_by` names a partner).
    case reference(String)
    case list(FieldType)
    /// One prose string or a list of them (`if_missed`).
    case proseOrList
    case mapping([Field])

    var expected: String {
        switch self {
        case .prose, .text, .id, .reference: return "text"
        case .duration: return "a duration such as '24 hours' or '5 business days'"
        case .list: return "a list"
        case .proseOrList: return "text or a list of texts"
        case .mapping: return "a mapping"
        }
    }
}

public struct Field: Sendable {
    public var name: String
    public var type: FieldType
    public var required: Bool

    public init(_ name: String, _ type: FieldType, required: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
    }
}

public enum PolicySchema {
    public static let root: FieldType = .mapping([
        Field("policy", .mapping([
            Field("name", .text, required: true),
            Field("owner", .text),
            Field("version", .text),
            Field("language", .text),
            Field("updated", .text),
            Field("url", .text),
            Field("summary", .prose),
        ]), required: true),
        Field("promises", .list(.mapping([
            Field("id", .id, required: true),
            Field("text", .prose, required: true),
            Field("deadline", .duration),
            Field("fulfilled_by", .reference("partners")),
            Field("if_missed", .proseOrList),
        ]))),
        Field("partners", .list(.mapping([
            Field("id", .id, required: true),
            Field("name", .text),
            Field("provides", .text),
            Field("accountability", .prose),
        ]))),
        Field("refunds", .mapping([
            Field("guarantee", .prose),
            Field("window", .duration),
            Field("processing", .duration),
            Field("exceptions", .list(.prose)),
            Field("conditions", .proseOrList),
        ])),
        Field("support", .mapping([
            Field("channels", .list(.text)),
            Field("first_response", .duration),
            Field("hours", .text),
            Field("notes", .proseOrList),
        ])),
        Field("complaints", .mapping([
            Field("channels", .list(.text)),
            Field("acknowledge_within", .duration),
            Field("resolve_within", .duration),
            Field("escalation", .prose),
            Field("remedies", .list(.prose)),
            Field("staff_authority", .prose),
            Field("root_cause", .prose),
        ])),
        Field("delays", .mapping([
            Field("notify_within", .duration),
            Field("notice", .prose),
        ])),
        Field("terms", .list(.mapping([
            Field("id", .id),
            Field("title", .prose),
            Field("text", .prose, required: true),
        ]))),
    ])

    /// Top-level section names, for suggestions and documentation.
    public static var sections: [String] {
        if case .mapping(let fields) = root { return fields.map(\.name) }
        return []
    }
}

/// The nearest candidate for a "did you mean" suggestion, if any is near enough.
public func suggestion(for key: String, among candidates: [String]) -> String? {
    let k = key.lowercased()
    let length = k.count
    var best: (String, Int)?
    for c in candidates {
        let count = c.count
        let limit = max(1, min(3, count / 3))
        let prefix = length >= 4 && (c.hasPrefix(k) || k.hasPrefix(c))
        // When one is a prefix of the other the distance is the difference in length, and keys
        // whose lengths differ by more than the limit cannot be within it: no distance table for
        // a megabyte-long key (5 MB took 19 s, docs/reliability.md). Past the limit the exact
        // distance does not matter, so the table stops there (a file of 300,000 unknown keys
        // spent most of its 2.4 s in full tables, docs/reliability.md).
        let gap = abs(length - count)
        let d = prefix || gap > limit ? gap : levenshtein(k, c, atMost: limit)
        if d <= limit || prefix {
            if best == nil || d < best!.1 { best = (c, d) }
        }
    }
    return best?.0
}

/// Edit distance (insertions, deletions, substitutions) between the characters of two strings.
public func levenshtein(_ a: String, _ b: String) -> Int {
    levenshtein(a, b, atMost: .max)
}

/// `levenshtein(a, b)` when it is at most `bound`; otherwise some value above `bound` (the table
/// stops at the first row whose every entry is past it: later rows never go below it).
func levenshtein(_ a: String, _ b: String, atMost bound: Int) -> Int {
    // ASCII without CR (a CR LF pair is one Character): a character is a byte.
    func isPlain(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } }
    if isPlain(a), isPlain(b) {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in editDistance(x, y, atMost: bound) } }
    }
    return Array(a).withUnsafeBufferPointer { x in
        Array(b).withUnsafeBufferPointer { y in editDistance(x, y, atMost: bound) }
    }
}

/// The two-row dynamic programme over any elements, stopping once a row is past `bound`.
private func editDistance<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>, atMost bound: Int) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (b.count + 1)) { rows in
        var prev = rows.baseAddress!, cur = prev + (b.count + 1)
        for j in 0...b.count { prev[j] = j }
        for i in 1...a.count {
            cur[0] = i
            var rowMin = i
            for j in 1...b.count {
                let d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                cur[j] = d
                rowMin = min(rowMin, d)
            }
            if rowMin > bound { return rowMin }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
