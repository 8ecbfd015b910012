import Foundation
import PolicyYAML

/// A place in a file: 1-based line and column; the end is exclusive (the column after the last
/// character), as in SARIF.
public struct Location: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    /// Path in the document, e.g. `promises[0].text`.
    public var path: String
    /// A note on what this location is (for related locations: "the claim").
    public var message: String?

}

extension Location {
    // In an extension, calling the memberwise initialiser the compiler then still makes (see
    // `YAMLNode`'s): written in the struct, it copied every location it made once more.
    public init(file: String, start: Mark, end: Mark, path: String, message: String? = nil) {
        self.init(file: file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column,
                  path: path, message: message)
    }
}

/// What every finding of one rule repeats: its id, title, category, severity, fix and message
/// template, shared by reference (one retain per finding instead of one per string), with their
/// JSON string literals written once per run (`json`).
///
/// `@unchecked Sendable`: besides its constants it holds `jsonBytes` and `slots`, buffers it
/// allocates once, never changes and frees in `deinit`.
public final class FindingRule: @unchecked Sendable {
    public let id: String
    public let title: String
    public let category: String
    public let severity: Severity
    public let fix: String?
    /// The message template (`{name}` placeholders): the rule's message, else its title.
    public let template: String
    /// The fields as JSON string literals (quotes included; `fix` is `null` when there is none).
    public let json: JSONText
    /// `StableHasher`'s state after the id and the end of that part: where every fingerprint of
    /// the rule's findings starts.
    let fingerprintSeed: UInt64
    /// The template cut at each `{name}`, as if every name had a value (`Finding.forEachTemplatePiece`).
    public let segments: [TemplateSegment]

    /// Template text up to a placeholder (or to the end, in the last segment: `name` nil).
    public struct TemplateSegment: Sendable {
        public let literal: [UInt8]
        /// `literal` escaped as inside a JSON string (no quotes).
        public let literalJSON: [UInt8]
        public let name: [UInt8]?
    }

    public struct JSONText: Sendable {
        public let id: [UInt8], title: [UInt8], category: [UInt8], severity: [UInt8], fix: [UInt8]
    }

    /// `json`'s literals and each template segment's `literalJSON`, in one allocation the rule
    /// owns: a report writer reads them through these buffers, which are valid while the rule
    /// is (for as long as a finding that holds it). Each array read out of `json` or `segments`
    /// for a finding cost a retain and a release (atomic, about 2.5 ns each), a dozen per
    /// finding in the JSON report. For this package's writers only (`package`).
    package struct JSONBytes: @unchecked Sendable {
        package let id, title, category, severity, fix: UnsafeBufferPointer<UInt8>
        /// Per template segment (`segments`), its literal text escaped for a JSON string.
        package let literals: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>
    }
    package let jsonBytes: JSONBytes

    /// What a template segment's placeholder is, decided once per rule: the names a finding
    /// gives a value without looking at its extra values (`path`; `match` when it is a value),
    /// the metric's `value` and `limit`, any other name, or none (the last segment).
    enum TemplateSlot: UInt8 {
        case end, path, match, value, limit, other
    }
    /// Per template segment (`segments`).
    let slots: UnsafeBufferPointer<TemplateSlot>
    private let storage: UnsafeMutableRawPointer

    public init(id: String, title: String, category: String, severity: Severity, fix: String?, template: String) {
        self.id = id
        self.title = title
        self.category = category
        self.severity = severity
        self.fix = fix
        self.template = template
        var seed = StableHasher()
        seed.add(id); seed.endPart()
        fingerprintSeed = seed.value
        func literal(_ s: String) -> [UInt8] {
            var out: [UInt8] = []
            JSONValue.writeString(s, to: &out)
            return out
        }
        json = JSONText(id: literal(id), title: literal(title), category: literal(category),
                        severity: literal(severity.rawValue), fix: fix.map(literal) ?? Array("null".utf8))
        var segments: [TemplateSegment] = []
        func segment(_ bytes: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>?) {
            let text = String(decoding: bytes, as: UTF8.self)
            let quoted = literal(text)
            segments.append(TemplateSegment(literal: Array(bytes), literalJSON: Array(quoted.dropFirst().dropLast()),
                                            name: name.map { Array($0) }))
        }
        let t = Array(template.utf8)
        var start = 0, i = 0
        while i < t.count {
            if t[i] == 0x7B, let close = t[(i + 1)...].firstIndex(of: 0x7D) {
                segment(t[start..<i], t[(i + 1)..<close])
                i = close + 1
                start = i
                continue
            }
            i += 1
        }
        segment(t[start...], nil)
        self.segments = segments
        // One allocation: the slots, the literals' buffers, then their bytes.
        let pieces = [json.id, json.title, json.category, json.severity, json.fix] + segments.map(\.literalJSON)
        let slotBytes = segments.count * MemoryLayout<TemplateSlot>.stride
        let listOffset = (slotBytes + 15) & ~15
        let bytesOffset = listOffset + segments.count * MemoryLayout<UnsafeBufferPointer<UInt8>>.stride
        storage = .allocate(byteCount: bytesOffset + pieces.reduce(0) { $0 + $1.count }, alignment: 16)
        let slotStart = storage.bindMemory(to: TemplateSlot.self, capacity: segments.count)
        for (k, s) in segments.enumerated() {
            let slot: TemplateSlot
            switch s.name.map({ String(decoding: $0, as: UTF8.self) }) {
            case nil: slot = .end
            case "path": slot = .path
            case "match": slot = .match
            case "value": slot = .value
            case "limit": slot = .limit
            default: slot = .other
            }
            (slotStart + k).initialize(to: slot)
        }
        slots = UnsafeBufferPointer(start: slotStart, count: segments.count)
        var at = storage + bytesOffset
        var buffers: [UnsafeBufferPointer<UInt8>] = []
        for piece in pieces {
            let p = at.bindMemory(to: UInt8.self, capacity: piece.count)
            p.initialize(from: piece, count: piece.count)
            buffers.append(UnsafeBufferPointer(start: p, count: piece.count))
            at += piece.count
        }
        let list = (storage + listOffset).bindMemory(to: UnsafeBufferPointer<UInt8>.self, capacity: segments.count)
        list.initialize(from: Array(buffers[5...]), count: segments.count)
        jsonBytes = JSONBytes(id: buffers[0], title: buffers[1], category: buffers[2], severity: buffers[3], fix: buffers[4],
                              literals: UnsafeBufferPointer(start: list, count: segments.count))
    }

    deinit { storage.deallocate() }

    public convenience init(_ rule: Rule) {
        self.init(id: rule.id, title: rule.title, category: rule.category, severity: rule.severity, fix: rule.fix,
                  template: rule.message ?? rule.title)
    }

    /// A copy with one field changed (`Finding`'s setters).
    func with(id: String? = nil, title: String? = nil, category: String? = nil, severity: Severity? = nil,
              fix: String?? = nil) -> FindingRule {
        FindingRule(id: id ?? self.id, title: title ?? self.title, category: category ?? self.category,
                    severity: severity ?? self.severity, fix: fix ?? self.fix, template: template)
    }
}

/// A finding's template values besides `{match}` and `{path}` (which come from the finding).
enum TemplateExtra: Sendable {
    case none
    /// `{value}` and `{limit}` as decimal numbers (the sentence-length metric): no strings made.
    case counts(value: Int, limit: Int)
    /// Of several values of one name, the later wins.
    case pairs([(String, String)])
}

/// One reported problem.
///
/// Stored lean: the rule's fields are one shared `FindingRule`; the message is rendered from the
/// rule's template when asked for (`message`, `forEachMessagePiece`); the matched text is a byte
/// range of the prose string; the fingerprint is its hash value. The public properties read and
/// write as plain values.
public struct Finding: Sendable, Equatable {
    /// The stored fields, in one immutable box shared by copies: a finding is copied several
    /// times on its way to a report (into the engine's list, out to a reporter), and a copy of
    /// the fields themselves cost a retain and a release of each of their eight references
    /// (atomic, about 2.5 ns each) and the outlined code that walks them: 2.5% of a run's
    /// instructions on the 10 MB benchmark corpus. A copy of the box is one retain. A change
    /// (rare: suppression, a conflict's claim, the public setters) makes a new box.
    private var box: Box

    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private struct Fields: Sendable {
        var ruleInfo: FindingRule
        var storedMessage: String?
        var extra: TemplateExtra
        var matchIsValue: Bool
        var storedLocation: Location
        var related: [Location]
        var matchSource: String
        var matchStart: Int32, matchEnd: Int32
        var fingerprintHash: UInt64
        var fingerprintText: String?
    }

    /// Changes the fields in a box of this finding's own.
    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = box.fields
        change(&fields)
        box = Box(fields)
    }

    public private(set) var ruleInfo: FindingRule {
        _read { yield box.fields.ruleInfo }
        set { update { $0.ruleInfo = newValue } }
    }
    /// The message when it is not the rule's template rendered (set explicitly, or frozen before a
    /// change to something the template reads).
    var storedMessage: String? {
        _read { yield box.fields.storedMessage }
        set { update { $0.storedMessage = newValue } }
    }
    var extra: TemplateExtra {
        _read { yield box.fields.extra }
        set { update { $0.extra = newValue } }
    }
    /// Whether `{match}` is a template value (prose findings).
    var matchIsValue: Bool { box.fields.matchIsValue }
    private var storedLocation: Location {
        _read { yield box.fields.storedLocation }
        set { update { $0.storedLocation = newValue } }
    }
    public var related: [Location] {
        _read { yield box.fields.related }
        set { update { $0.related = newValue } }
    }
    /// Whether there are related locations, read in place (`related.isEmpty` retained and
    /// released the list in a report writer, once per finding).
    public var hasRelated: Bool { !box.fields.related.isEmpty }
    /// The matched text is `matchSource`'s UTF-8 bytes `matchStart..<matchEnd` (on scalar boundaries).
    var matchSource: String { _read { yield box.fields.matchSource } }
    var matchStart: Int32 { box.fields.matchStart }
    var matchEnd: Int32 { box.fields.matchEnd }
    /// The fingerprint: 16 hex digits of `fingerprintHash`, unless `fingerprintText` is set.
    var fingerprintHash: UInt64 { box.fields.fingerprintHash }
    var fingerprintText: String? {
        _read { yield box.fields.fingerprintText }
        set { update { $0.fingerprintText = newValue } }
    }

    public init(rule: String, title: String, category: String, severity: Severity, message: String, location: Location,
                related: [Location], fix: String?, matchedText: String, fingerprint: String) {
        box = Box(Fields(ruleInfo: FindingRule(id: rule, title: title, category: category, severity: severity, fix: fix, template: title),
                         storedMessage: message, extra: .none, matchIsValue: false, storedLocation: location,
                         related: related, matchSource: matchedText, matchStart: 0,
                         matchEnd: Int32(matchedText.utf8.count), fingerprintHash: 0, fingerprintText: fingerprint))
    }

    /// A finding as the engine makes it: the message is `rule.template` with `extra`, `{path}` (the
    /// location's) and, if `matchIsValue`, `{match}` (the matched text).
    init(rule: FindingRule, location: Location, extra: TemplateExtra, matchIsValue: Bool, matchSource: String,
         matchRange: Range<Int>, fingerprint: UInt64) {
        box = Box(Fields(ruleInfo: rule, storedMessage: nil, extra: extra, matchIsValue: matchIsValue,
                         storedLocation: location, related: [], matchSource: matchSource,
                         matchStart: Int32(truncatingIfNeeded: matchRange.lowerBound),
                         matchEnd: Int32(truncatingIfNeeded: matchRange.upperBound),
                         fingerprintHash: fingerprint, fingerprintText: nil))
    }

    /// Keeps the message as it is now, before something its template reads changes.
    private mutating func freezeMessage() {
        if storedMessage == nil { storedMessage = message }
    }

    public var rule: String {
        get { ruleInfo.id }
        set { freezeMessage(); ruleInfo = ruleInfo.with(id: newValue) }
    }
    public var title: String {
        get { ruleInfo.title }
        set { freezeMessage(); ruleInfo = ruleInfo.with(title: newValue) }
    }
    public var category: String {
        get { ruleInfo.category }
        set { freezeMessage(); ruleInfo = ruleInfo.with(category: newValue) }
    }
    public var severity: Severity {
        get { ruleInfo.severity }
        set { freezeMessage(); ruleInfo = ruleInfo.with(severity: newValue) }
    }
    public var fix: String? {
        get { ruleInfo.fix }
        set { freezeMessage(); ruleInfo = ruleInfo.with(fix: .some(newValue)) }
    }

    public var location: Location {
        get { storedLocation }
        set { freezeMessage(); storedLocation = newValue }
    }

    /// The location lent in place, for a report writer: `location` returns a copy, three strings
    /// retained and then released per finding written.
    public func withLocation(_ body: (borrowing Location) -> Void) {
        body(box.fields.storedLocation)
    }

    public var message: String {
        get {
            if let storedMessage { return storedMessage }
            let template = ruleInfo.template
            // Most templates have no placeholder: the template itself, shared.
            guard template.utf8.contains(0x7B) else { return template }
            var count = 0
            forEachMessagePiece { count += $0.count }
            return String(unsafeUninitializedCapacity: count) { out in
                var n = 0
                forEachMessagePiece { piece in
                    guard !piece.isEmpty else { return }
                    (out.baseAddress! + n).initialize(from: piece.baseAddress!, count: piece.count)
                    n += piece.count
                }
                return n
            }
        }
        set { storedMessage = newValue }
    }

    /// The words the finding is about, as written (empty for structural findings).
    public var matchedText: String {
        get {
            let start = Int(matchStart), end = Int(matchEnd)
            if start == 0 && end == matchSource.utf8.count { return matchSource }
            return withMatched { String(decoding: $0, as: UTF8.self) }
        }
        set {
            freezeMessage()
            update {
                $0.matchSource = newValue
                $0.matchStart = 0
                $0.matchEnd = Int32(newValue.utf8.count)
            }
        }
    }

    /// Calls `body` with the matched text's UTF-8 bytes, without making a String.
    public func withMatchedBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withMatched(body)
    }

    func withMatched<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = Int(matchStart), end = Int(matchEnd)
        if let r = matchSource.utf8.withContiguousStorageIfAvailable({ body(UnsafeBufferPointer(rebasing: $0[start..<end])) }) {
            return r
        }
        var copy = matchSource
        return copy.withUTF8 { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Stable across line shifts: rule, document path, normalised matched words, occurrence.
    public var fingerprint: String {
        get { fingerprintText ?? StableHasher.hex(fingerprintHash) }
        set { fingerprintText = newValue }
    }

    /// The hash whose 16 lower-case hex digits are the fingerprint; nil when it was set to other text.
    public var fingerprintHashValue: UInt64? { fingerprintText == nil ? fingerprintHash : nil }

    public var file: String { storedLocation.file }
    public var line: Int { storedLocation.line }
    public var column: Int { storedLocation.column }
    public var endLine: Int { storedLocation.endLine }
    public var endColumn: Int { storedLocation.endColumn }

    public static func == (a: Finding, b: Finding) -> Bool {
        a.rule == b.rule && a.title == b.title && a.category == b.category && a.severity == b.severity
            && a.fix == b.fix && a.location == b.location && a.related == b.related
            && a.fingerprint == b.fingerprint && a.matchedText == b.matchedText && a.message == b.message
    }

    /// The message as the rule's template pieces: `literal(k)` stands for `ruleInfo.segments[k]`'s
    /// literal text, `value` gets each placeholder's value, in order. Returns false, having called
    /// neither, when the message is not made that way (set explicitly, or a placeholder without a
    /// value, which stays as written): `forEachMessagePiece` then has it.
    public func forEachTemplatePiece(literal: (Int) -> Void, value: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        guard storedMessage == nil else { return false }
        // By the rule's slots: no segment (three arrays) copied, no name compared, for the usual
        // placeholders; any other name is looked up as `forEachMessagePiece` does.
        let slots = ruleInfo.slots
        for k in 0..<slots.count where !hasValue(slots[k], segment: k) { return false }
        let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        for k in 0..<slots.count {
            literal(k)
            switch slots[k] {
            case .end: break
            case .path: var path = storedLocation.path; path.withUTF8(value)
            case .match where matchIsValue: withMatchedBytes(value)
            case .value, .limit:
                if case let .counts(v, limit) = extra { Self.emitDecimal(slots[k] == .value ? v : limit, value); continue }
                fallthrough
            default:
                ruleInfo.segments[k].name!.withUnsafeBufferPointer { n in _ = emitValue(n, after: none, value) }
            }
        }
        return true
    }

    /// Whether template segment `k`'s placeholder (`slot`) has a value (`end`: there is none).
    private func hasValue(_ slot: FindingRule.TemplateSlot, segment k: Int) -> Bool {
        switch slot {
        case .end, .path: return true
        case .match where matchIsValue: return true
        case .value, .limit:
            if case .counts = extra { return true }
            fallthrough
        default:
            return ruleInfo.segments[k].name!.withUnsafeBufferPointer { hasValue($0) }
        }
    }

    /// `n` in decimal digits.
    private static func emitDecimal(_ n: Int, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var v = n.magnitude, k = 24
            repeat { k -= 1; buffer[k] = UInt8(v % 10) + 0x30; v /= 10 } while v > 0
            if n < 0 { k -= 1; buffer[k] = 0x2D }
            emit(UnsafeBufferPointer(rebasing: buffer[k...]))
        }
    }

    /// Whether `{name}` has a value (see `emitValue`).
    private func hasValue(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        func named(_ s: StaticString) -> Bool {
            s.utf8CodeUnitCount == name.count && memcmp(s.utf8Start, name.baseAddress!, name.count) == 0
        }
        if named("path") || (matchIsValue && named("match")) { return true }
        switch extra {
        case .none: return false
        case .counts: return named("value") || named("limit")
        case .pairs(let pairs):
            return pairs.contains { pair in
                var key = pair.0
                return key.withUTF8 { $0.count == name.count && (name.isEmpty || memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0) }
            }
        }
    }

    /// Calls `emit` with the message's UTF-8 pieces in order; together they are `message`.
    /// `{name}` becomes its value (`path`, then `match` for prose findings, then the rule's extra
    /// values, the last of a name winning); a name without a value stays as written.
    public func forEachMessagePiece(_ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        if var stored = storedMessage { stored.withUTF8(emit); return }
        var template = ruleInfo.template
        template.withUTF8 { t in
            var literal = 0 // start of the text not yet emitted
            var i = 0
            while i < t.count {
                if t[i] == 0x7B, let close = t[(i + 1)...].firstIndex(of: 0x7D) {
                    let name = UnsafeBufferPointer(rebasing: t[(i + 1)..<close])
                    let before = UnsafeBufferPointer(rebasing: t[literal..<i])
                    if emitValue(name, after: before, emit) {
                        i = close + 1
                        literal = i
                        continue
                    }
                }
                i += 1
            }
            emit(UnsafeBufferPointer(rebasing: t[literal...]))
        }
    }

    /// If `name` has a value: emits `before`, then the value, and returns true.
    private func emitValue(_ name: UnsafeBufferPointer<UInt8>, after before: UnsafeBufferPointer<UInt8>,
                           _ emit: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        func named(_ s: StaticString) -> Bool {
            s.utf8CodeUnitCount == name.count && memcmp(s.utf8Start, name.baseAddress!, name.count) == 0
        }
        if named("path") {
            emit(before)
            var path = storedLocation.path
            path.withUTF8(emit)
            return true
        }
        if matchIsValue && named("match") {
            emit(before)
            withMatchedBytes(emit)
            return true
        }
        switch extra {
        case .none:
            return false
        case let .counts(value, limit):
            let n: Int
            if named("value") { n = value } else if named("limit") { n = limit } else { return false }
            emit(before)
            Self.emitDecimal(n, emit)
            return true
        case .pairs(let pairs):
            for k in pairs.indices.reversed() {
                var key = pairs[k].0
                let same = key.withUTF8 { $0.count == name.count && (name.isEmpty || memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0) }
                if same {
                    emit(before)
                    var value = pairs[k].1
                    value.withUTF8(emit)
                    return true
                }
            }
            return false
        }
    }
}

/// A problem with an input (unreadable, malformed, over a limit): the file is not linted.
public struct InputError: Error, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int = 1, column: Int = 1, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public init(file: String, _ error: YAMLError) {
        self.init(file: file, line: error.mark.line, column: error.mark.column, message: error.message)
    }

    /// `path:line:col: error: message`
    public var rendered: String { "\(file):\(line):\(column): error: \(message)" }
}
