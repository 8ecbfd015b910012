import PolicyYAML

/// Builds findings: positions from source maps, messages from templates, stable fingerprints.
struct FindingEmitter {
    let file: String
    let document: PolicyDocument
    /// Findings so far per fingerprint base (the hash value behind its hex digits).
    private var occurrences: [UInt64: Int] = [:]

    init(file: String, document: PolicyDocument) {
        self.file = file
        self.document = document
    }

    /// `sp`'s source map, made at its first finding and kept with it.
    func sourceMap(_ sp: Engine.ScannedProse) -> ProseSourceMap {
        if let m = sp.sourceMap { return m }
        let m = ProseSourceMap(node: sp.prose.node, source: document.source)
        sp.sourceMap = m
        return m
    }

    func original(_ sp: Engine.ScannedProse, first: Int, last: Int) -> String {
        var text = sp.prose.text
        let t = sp.text.tokens
        return text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[t[first].start..<t[last].end]), as: UTF8.self) }
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
        let span = sourceMap(sp).span(range, source: document.source)
        return Location(file: file, start: span.start, end: span.end, path: sp.prose.path, message: note)
    }

    /// A finding on words `first...last`; `extra` adds template values (later names win).
    mutating func prose(_ rule: Rule, _ sp: Engine.ScannedProse, first: Int, last: Int,
                        extra: [(String, String)] = [], underlineFirstWords: Int? = nil) -> Finding {
        let matched = original(sp, first: first, last: last)
        let underlineLast = underlineFirstWords.map { min(last, first + $0 - 1) } ?? last
        let loc = location(sp, first: first, last: underlineLast)
        // The fingerprint's key is the normalised words joined by spaces: hashed straight from
        // the tokenizer's buffer (its words are whole UTF-8 scalars, so the bytes are the same).
        var key = StableHasher()
        key.add(rule.id); key.endPart()
        key.add(loc.path); key.endPart()
        sp.text.normalized.withUnsafeBufferPointer { words in
            for i in first...last {
                if i > first { key.add(0x20) }
                for b in UnsafeBufferPointer(rebasing: words[sp.text.tokens[i].normalized]) { key.add(b) }
            }
        }
        return make(rule, loc, values: TemplateValues(extra: extra, match: matched, path: sp.prose.path), matched: matched, key: key.value)
    }

    mutating func structural(rule: Rule, message: String?, path: String, start: Mark, end: Mark,
                             values: [(String, String)] = [], matched: String = "") -> Finding {
        let loc = Location(file: file, start: start, end: end, path: path)
        var key = StableHasher()
        key.add(rule.id); key.endPart()
        key.add(loc.path); key.endPart()
        key.add(message ?? "")
        var f = make(rule, loc, values: TemplateValues(extra: values, match: nil, path: path), matched: matched, key: key.value)
        if let message { f.message = message }
        return f
    }

    /// `key` is `stableHash([rule id, path, key text])`'s value; repeats get the occurrence hashed in.
    private mutating func make(_ rule: Rule, _ loc: Location, values: TemplateValues, matched: String, key: UInt64) -> Finding {
        let base = StableHasher.hex(key)
        func postIncrement(_ count: inout Int) -> Int { defer { count += 1 }; return count }
        let n = postIncrement(&occurrences[key, default: 0]) // one look-up
        let fingerprint = n == 0 ? base : stableHash([base, String(n)])
        return Finding(rule: rule.id, title: rule.title, category: rule.category, severity: rule.severity,
                       message: MessageTemplate.render(rule.message ?? rule.title, values), location: loc,
                       related: [], fix: rule.fix, matchedText: matched, fingerprint: fingerprint)
    }
}

/// A finding's template values: `extra`, then `match` (prose findings), then `path`; of
/// several values of one name, the later wins. Not an array: a finding then allocates none.
struct TemplateValues {
    var extra: [(String, String)]
    var match: String? = nil
    var path: String? = nil

    func value(_ name: String) -> String? {
        if name == "path", let path { return path }
        if name == "match", let match { return match }
        return extra.last { $0.0 == name }?.1
    }
}

enum MessageTemplate {
    /// Replaces `{name}` with values (the last pair of that name); unknown names stay as written.
    static func render(_ template: String, _ values: [(String, String)]) -> String {
        render(template, TemplateValues(extra: values))
    }

    /// Replaces `{name}` with its value; names without a value stay as written.
    /// Works on UTF-8 bytes.
    static func render(_ template: String, _ values: TemplateValues) -> String {
        let hasBrace = template.utf8.withContiguousStorageIfAvailable { $0.contains(0x7B) } ?? template.utf8.contains(0x7B)
        guard hasBrace else { return template }
        var template = template
        return template.withUTF8 { t -> String in
            // Measure, then write straight into the result's storage (no byte array in between).
            var count = 0
            pieces(t, values) { literal, value in count += literal.count + (value?.utf8.count ?? 0) }
            return String(unsafeUninitializedCapacity: count) { out in
                var n = 0
                pieces(t, values) { literal, value in
                    if !literal.isEmpty {
                        (out.baseAddress! + n).initialize(from: literal.baseAddress!, count: literal.count)
                        n += literal.count
                    }
                    if var value {
                        value.withUTF8 { v in
                            if v.isEmpty { return }
                            (out.baseAddress! + n).initialize(from: v.baseAddress!, count: v.count)
                            n += v.count
                        }
                    }
                }
                return n
            }
        }
    }

    /// Calls `emit` with the template's pieces in order: text kept as written, each followed by
    /// the value that replaces the `{name}` after it (nil after the last piece).
    @inline(__always)
    private static func pieces(_ t: UnsafeBufferPointer<UInt8>, _ values: TemplateValues,
                               _ emit: (UnsafeBufferPointer<UInt8>, String?) -> Void) {
        var literal = 0 // start of the text not yet emitted
        var i = 0
        while i < t.count {
            if t[i] == 0x7B, let close = t[(i + 1)...].firstIndex(of: 0x7D) {
                let name = String(decoding: UnsafeBufferPointer(rebasing: t[(i + 1)..<close]), as: UTF8.self)
                if let v = values.value(name) {
                    emit(UnsafeBufferPointer(rebasing: t[literal..<i]), v)
                    i = close + 1
                    literal = i
                    continue
                }
            }
            i += 1
        }
        emit(UnsafeBufferPointer(rebasing: t[literal...]), nil)
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
