import PolicyYAML

/// Builds findings: positions from source maps, messages from templates, stable fingerprints.
struct FindingEmitter {
    let file: String
    let document: PolicyDocument
    private var sourceMaps: [Int: ProseSourceMap] = [:] // by node start offset
    /// Findings so far per fingerprint base (the hash value behind its hex digits).
    private var occurrences: [UInt64: Int] = [:]

    init(file: String, document: PolicyDocument) {
        self.file = file
        self.document = document
    }

    mutating func sourceMap(_ node: YAMLNode) -> ProseSourceMap {
        if let m = sourceMaps[node.start.offset] { return m }
        let m = ProseSourceMap(node: node, source: document.source)
        sourceMaps[node.start.offset] = m
        return m
    }

    func original(_ sp: Engine.ScannedProse, first: Int, last: Int) -> String {
        let u = sp.prose.text.utf8
        let t = sp.text.tokens
        let a = u.index(u.startIndex, offsetBy: t[first].start), b = u.index(u.startIndex, offsetBy: t[last].end)
        return String(decoding: u[a..<b], as: UTF8.self)
    }

    mutating func location(_ sp: Engine.ScannedProse, first: Int, last: Int, note: String? = nil) -> Location {
        let t = sp.text.tokens
        let range = t[first].start..<t[last].end
        if let offsets = sp.prose.originalOffsets, !offsets.isEmpty {
            // Imported text: positions in the original file.
            let a = offsets[min(range.lowerBound, offsets.count - 1)]
            let b = offsets[min(range.upperBound - 1, offsets.count - 1)] + 1
            return Location(file: file, start: document.source.mark(atByte: a), end: document.source.mark(atByte: b),
                            path: sp.prose.path, message: note)
        }
        let span = sourceMap(sp.prose.node).span(range, source: document.source)
        return Location(file: file, start: span.start, end: span.end, path: sp.prose.path, message: note)
    }

    /// A finding on words `first...last`; `extra` adds template values (later names win).
    mutating func prose(_ rule: Rule, _ sp: Engine.ScannedProse, first: Int, last: Int,
                        extra: [(String, String)] = [], underlineFirstWords: Int? = nil) -> Finding {
        let matched = original(sp, first: first, last: last)
        let underlineLast = underlineFirstWords.map { min(last, first + $0 - 1) } ?? last
        let loc = location(sp, first: first, last: underlineLast)
        var values = extra
        values.append(("match", matched))
        values.append(("path", sp.prose.path))
        // The fingerprint's key is the normalised words joined by spaces: hashed straight from
        // the tokenizer's buffer (its words are whole UTF-8 scalars, so the bytes are the same).
        var key = StableHasher()
        key.add(rule.id); key.endPart()
        key.add(loc.path); key.endPart()
        for i in first...last {
            if i > first { key.add(0x20) }
            key.add(sp.text.normalized[sp.text.tokens[i].normalized])
        }
        return make(rule, loc, values: values, matched: matched, key: key.value)
    }

    mutating func structural(rule: Rule, message: String?, path: String, start: Mark, end: Mark,
                             values: [(String, String)] = [], matched: String = "") -> Finding {
        let loc = Location(file: file, start: start, end: end, path: path)
        var values = values
        values.append(("path", path))
        var key = StableHasher()
        key.add(rule.id); key.endPart()
        key.add(loc.path); key.endPart()
        key.add(message ?? "")
        var f = make(rule, loc, values: values, matched: matched, key: key.value)
        if let message { f.message = message }
        return f
    }

    /// `key` is `stableHash([rule id, path, key text])`'s value; repeats get the occurrence hashed in.
    private mutating func make(_ rule: Rule, _ loc: Location, values: [(String, String)], matched: String, key: UInt64) -> Finding {
        let base = StableHasher.hex(key)
        let n = occurrences[key, default: 0]
        occurrences[key] = n + 1
        let fingerprint = n == 0 ? base : stableHash([base, String(n)])
        return Finding(rule: rule.id, title: rule.title, category: rule.category, severity: rule.severity,
                       message: MessageTemplate.render(rule.message ?? rule.title, values), location: loc,
                       related: [], fix: rule.fix, matchedText: matched, fingerprint: fingerprint)
    }
}

enum MessageTemplate {
    /// Replaces `{name}` with values (the last pair of that name); unknown names stay as written.
    /// Works on UTF-8 bytes.
    static func render(_ template: String, _ values: [(String, String)]) -> String {
        guard template.utf8.contains(0x7B) else { return template }
        var template = template
        return template.withUTF8 { t -> String in
            var out: [UInt8] = []
            out.reserveCapacity(t.count + 64)
            var literal = 0 // start of the text not yet copied
            var i = 0
            while i < t.count {
                if t[i] == 0x7B, let close = t[(i + 1)...].firstIndex(of: 0x7D) {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: t[(i + 1)..<close]), as: UTF8.self)
                    if let v = values.last(where: { $0.0 == name })?.1 {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: t[literal..<i]))
                        out.append(contentsOf: v.utf8)
                        i = close + 1
                        literal = i
                        continue
                    }
                }
                i += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: t[literal...]))
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// The built-in check of the document's shape against policy/v1.
public enum SchemaRule {
    public static let id = "schema"
    public static func rule(severity: Severity = .error) -> Rule {
        Rule(id: id, pack: "builtin", title: "Policy file does not match the policy/v1 format", severity: severity,
             category: "schema", lesson: nil,
             why: "A misspelt or misplaced key is silently ignored by every other rule, so a promise you think you made may not be checked at all.",
             fix: "Use the keys of the policy/v1 format (see docs/policy-format.md); the message suggests the nearest one.",
             message: nil, check: .absent(fields: [], phrases: nil), badExamples: [], goodExamples: [], origin: "built-in")
    }
}
