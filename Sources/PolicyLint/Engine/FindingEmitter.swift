import PolicyYAML

/// Builds findings: positions from source maps, messages from templates, stable fingerprints.
struct FindingEmitter {
    let file: String
    let document: PolicyDocument
    /// Findings so far per fingerprint base (the hash value behind its hex digits).
    private var occurrences = OccurrenceCounter()

    init(file: String, document: PolicyDocument) {
        self.file = file
        self.document = document
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
                            path: sp.path, message: note)
        }
        // `sp`'s source map, made at its first finding and kept with it, read in place: a copy
        // retained and released its runs and the file's text once per finding.
        if sp.sourceMap == nil { sp.sourceMap = ProseSourceMap(node: sp.prose.node, source: document.source) }
        let span = sp.sourceMap!.span(range, source: document.source)
        return Location(file: file, start: span.start, end: span.end, path: sp.path, message: note)
    }

    /// A finding on words `first...last`; `extra` adds template values.
    mutating func prose(_ rule: FindingRule, _ sp: Engine.ScannedProse, first: Int, last: Int,
                        extra: TemplateExtra = .none, underlineFirstWords: Int? = nil) -> Finding {
        let t = sp.text.tokens
        let underlineLast = underlineFirstWords.map { min(last, first + $0 - 1) } ?? last
        let loc = location(sp, first: first, last: underlineLast)
        // The fingerprint's key is the normalised words joined by spaces: hashed straight from
        // the tokenizer's buffer, where they are so (`TokenizedText.normalized`; its words are
        // whole UTF-8 scalars, so the bytes are the same).
        var key = StableHasher(state: rule.fingerprintSeed) // the rule id, hashed once per rule
        key.add(loc.path); key.endPart()
        key.add(UnsafeBufferPointer(rebasing: sp.text.normalized[t[first].normalized.lowerBound..<t[last].normalized.upperBound]))
        return Finding(rule: rule, location: loc, extra: extra, matchIsValue: true, matchSource: sp.prose.text,
                       matchRange: t[first].start..<t[last].end, fingerprint: fingerprint(key.value))
    }

    mutating func structural(rule: FindingRule, message: String?, path: String, start: Mark, end: Mark,
                             values: [(String, String)] = [], matched: String = "") -> Finding {
        let loc = Location(file: file, start: start, end: end, path: path)
        var key = StableHasher(state: rule.fingerprintSeed) // the rule id, hashed once per rule
        key.add(loc.path); key.endPart()
        key.add(message ?? "")
        var f = Finding(rule: rule, location: loc, extra: values.isEmpty ? .none : .pairs(values), matchIsValue: false,
                        matchSource: matched, matchRange: 0..<matched.utf8.count, fingerprint: fingerprint(key.value))
        if let message { f.message = message }
        return f
    }

    /// `key` is `stableHash([rule id, path, key text])`'s value; repeats get the occurrence hashed
    /// in (`stableHash([hex, String(n)])`).
    private mutating func fingerprint(_ key: UInt64) -> UInt64 {
        let n = occurrences.next(key)
        if n == 0 { return key }
        var h = StableHasher()
        h.add(StableHasher.hex(key)); h.endPart(); h.add(String(n))
        return h.value
    }
}

/// Counts per 64-bit key, for fingerprint occurrences (and `TermsCollector`'s ids): the keys are
/// hash values already, so an open-addressing table indexed by their low bits does without
/// `Dictionary`'s hashing.
struct OccurrenceCounter {
    private var keys: [UInt64] = []
    private var counts: [Int32] = [] // 0: empty slot
    private var used = 0

    /// How many times `key` was counted before; counts it once more.
    mutating func next(_ key: UInt64) -> Int {
        if (used + 1) * 2 > counts.count { grow() }
        let mask = counts.count - 1
        var i = Int(truncatingIfNeeded: key ^ (key >> 32)) & mask
        while counts[i] != 0 {
            if keys[i] == key {
                counts[i] += 1
                return Int(counts[i] - 1)
            }
            i = (i + 1) & mask
        }
        keys[i] = key
        counts[i] = 1
        used += 1
        return 0
    }

    private mutating func grow() {
        let oldKeys = keys, oldCounts = counts
        let size = max(256, counts.count * 2) // a file's findings or a list's ids: about a hundred
        keys = [UInt64](repeating: 0, count: size)
        counts = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for (k, c) in zip(oldKeys, oldCounts) where c != 0 {
            var i = Int(truncatingIfNeeded: k ^ (k >> 32)) & mask
            while counts[i] != 0 { i = (i + 1) & mask }
            keys[i] = k
            counts[i] = c
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
