import Foundation
import PolicyLint
import PolicyYAML

/// Writes a finding as the JSON report's array item, straight to bytes: the same text as
/// `JSONReporter.finding(f).write(to:indent: 2, level: 2)` (a test compares them), without
/// building a tree of values first. The JSON report is mostly findings, so this is its hot path.
///
/// The rule's fields come as JSON text made once per run (`FindingRule.json`); the message is
/// escaped piece by piece from the rule's template (no message String is made), the matched text
/// straight from the prose string's bytes, the fingerprint from its hash value. Bytes go to the
/// array the part is handed over in (`ChunkBytes.writtenInPlace`) or, past its room, to a buffer
/// of its own that grows by doubling: each write checks the room once for a whole string
/// (escaping makes at most 6 bytes of one).
struct FindingJSON: PartWriter, ~Copyable {
    private var out: ReportBytes
    /// The last location's file and its JSON text (findings of one file repeat it).
    private var lastFile: String?
    private var lastFileJSON: [UInt8] = []

    init(capacity: Int = 1024) {
        out = ReportBytes(capacity: capacity)
    }

    /// Writes into `buffer` while it has room (see `ReportBytes.init(writingInto:)`).
    init(writingInto buffer: UnsafeMutableBufferPointer<UInt8>) {
        out = ReportBytes(writingInto: buffer)
    }

    /// Whether everything written since the last spill is still in the buffer given at `init`,
    /// its first `count` bytes.
    var isInGivenBuffer: Bool { !out.ownsBuffer }
    var count: Int { out.count }

    /// What went to a temporary file past `spill(over:)`'s limit (see `ChunkBytes`).
    private(set) var spool: ReportSpool?

    /// The text written so far.
    var bytes: [UInt8] { out.array }

    /// Moves what is written to a temporary file once it is `limit` bytes or more.
    mutating func spill(over limit: Int) { out.spill(over: limit, into: &spool) }

    /// Everything written, as one file's report part.
    var chunk: ChunkBytes { ChunkBytes(spool: spool, tail: out.array) }

    mutating func write(_ f: Finding) {
        let rule = f.ruleInfo.jsonBytes // buffers `f`'s rule owns (alive while `f` is): no reference counting per piece
        literal("{\n      \"rule\": ")
        append(rule.id)
        literal(",\n      \"title\": ")
        append(rule.title)
        literal(",\n      \"category\": ")
        append(rule.category)
        literal(",\n      \"severity\": ")
        append(rule.severity)
        literal(",\n      \"message\": \"")
        let templated = f.forEachTemplatePiece(literal: { append(rule.literals[$0]) }, value: { escape($0) })
        if !templated { f.forEachMessagePiece { escape($0) } }
        byte(0x22)
        f.withLocation { location($0, nested: false) }
        literal(",\n      \"match\": \"")
        f.withMatchedBytes { escape($0) }
        byte(0x22)
        literal(",\n      \"related\": ")
        if !f.hasRelated {
            literal("[]")
        } else {
            byte(0x5B)
            for (i, r) in f.related.enumerated() {
                if i > 0 { literal(",\n        {") } else { literal("\n        {") }
                location(r, nested: true)
                literal("\n        }")
            }
            literal("\n      ]")
        }
        literal(",\n      \"fix\": ")
        append(rule.fix)
        literal(",\n      \"fingerprint\": \"")
        if let hash = f.fingerprintHashValue {
            out.write(reserving: 16) { p in
                let digits: StaticString = "0123456789abcdef"
                for k in 0..<16 { p[k] = digits.utf8Start[Int((hash >> UInt64(60 - 4 * k)) & 0xF)] }
                return 16
            }
        } else {
            var text = f.fingerprint
            text.withUTF8 { escape($0) }
        }
        literal("\"\n    }")
    }

    /// A location's keys; `nested` ones (related locations) are indented deeper, the first without a comma.
    private mutating func location(_ l: borrowing Location, nested: Bool) {
        if nested { literal("\n          \"file\": ") } else { literal(",\n      \"file\": ") }
        if let last = lastFile, last == l.file {
            append(lastFileJSON)
        } else {
            var json: [UInt8] = []
            JSONValue.writeString(l.file, to: &json)
            append(json)
            lastFile = l.file
            lastFileJSON = json
        }
        if nested {
            literal(",\n          \"line\": "); int(l.line)
            literal(",\n          \"column\": "); int(l.column)
            literal(",\n          \"endLine\": "); int(l.endLine)
            literal(",\n          \"endColumn\": "); int(l.endColumn)
            literal(",\n          \"path\": \"")
        } else {
            literal(",\n      \"line\": "); int(l.line)
            literal(",\n      \"column\": "); int(l.column)
            literal(",\n      \"endLine\": "); int(l.endLine)
            literal(",\n      \"endColumn\": "); int(l.endColumn)
            literal(",\n      \"path\": \"")
        }
        string(l.path)
        if let m = l.message {
            if nested { literal(",\n          \"message\": \"") } else { literal(",\n      \"message\": \"") }
            string(m)
        }
    }

    // MARK: - Bytes

    @inline(__always)
    private mutating func byte(_ b: UInt8) { out.byte(b) }

    /// Literal JSON text (punctuation, line breaks, indentation and keys), copied in one go.
    @inline(__always)
    mutating func literal(_ s: StaticString) { out.literal(s) }

    private mutating func append(_ bytes: [UInt8]) { out.append(bytes) }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { out.append(bytes) }

    private mutating func int(_ n: Int) { out.int(n) }

    /// A string's content escaped, then its closing quote (the opening one is in the key's literal).
    private mutating func string(_ s: String) {
        let done = s.utf8.withContiguousStorageIfAvailable { escape($0); return true } ?? false
        if !done {
            var s = s
            s.withUTF8 { escape($0) }
        }
        byte(0x22)
    }

    /// Appends `b` escaped as inside a JSON string literal: byte for byte the text of
    /// `JSONValue.writeString` without its quotes (runs of plain bytes are copied eight at a time).
    mutating func escape(_ b: UnsafeBufferPointer<UInt8>) { out.jsonEscaped(b) }

    /// Writes `n` bytes from `src` escaped at `start`; returns how many bytes it wrote.
    @inline(__always)
    static func escape(_ src: UnsafePointer<UInt8>, _ n: Int, to start: UnsafeMutablePointer<UInt8>) -> Int {
        var out = start
        var i = 0, run = 0
        while i < n {
            while i + 8 <= n, FindingJSON.isPlainASCII(UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)) { i += 8 }
            // Fewer than eight bytes left: plain if the string's last eight are (they include
            // them), which spares most strings the byte loop's mispredicted exit at their end.
            if i + 8 > n, n >= 8, FindingJSON.isPlainASCII(UnsafeRawPointer(src + n - 8).loadUnaligned(as: UInt64.self)) { break }
            let stop = min(n, i + 8)
            while i < stop {
                let c = src[i]
                if c >= 0x20, c != 0x22, c != 0x5C, c != 0x7F, c != 0xC2, c != 0xE2 { i += 1; continue }
                if run < i { out.update(from: src + run, count: i - run); out += i - run }
                i = FindingJSON.escapeByte(src, n, at: i, to: &out)
                run = i
            }
        }
        if run < n { out.update(from: src + run, count: n - run); out += n - run }
        return out - start
    }

    /// Writes the byte at `i` escaped as `JSONValue`'s writer does; returns the next index.
    private static func escapeByte(_ b: UnsafePointer<UInt8>, _ n: Int, at i: Int, to out: inout UnsafeMutablePointer<UInt8>) -> Int {
        @inline(__always) func two(_ x: UInt8) { out[0] = 0x5C; out[1] = x; out += 2 }
        /// `\uXXXX` with the four digits given.
        @inline(__always) func unicode(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
            out[0] = 0x5C; out[1] = 0x75; out[2] = a; out[3] = b; out[4] = c; out[5] = d; out += 6
        }
        let hexDigits: StaticString = "0123456789ABCDEF"
        let c = b[i]
        switch c {
        case 0x22: two(0x22)
        case 0x5C: two(0x5C)
        case 0x0A: two(0x6E)
        case 0x0D: two(0x72)
        case 0x09: two(0x74)
        case 0x08: two(0x62)
        case 0x0C: two(0x66)
        case 0x00..<0x20, 0x7F:
            unicode(0x30, 0x30, hexDigits.utf8Start[Int(c >> 4)], hexDigits.utf8Start[Int(c & 0xF)])
        // NEL, LS and PS: escaped, as `JSONValue.writeString` does.
        case 0xC2 where i + 1 < n && b[i + 1] == 0x85:
            unicode(0x30, 0x30, 0x38, 0x35); return i + 2
        case 0xE2 where i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9):
            unicode(0x32, 0x30, 0x32, b[i + 2] == 0xA8 ? 0x38 : 0x39); return i + 3
        default: out[0] = c; out += 1
        }
        return i + 1
    }

    /// Whether all eight bytes of `w` are in 0x20...0x7E and none is `"` or `\` (as
    /// `JSONValue.isPlainASCII`, which explains the arithmetic).
    @inline(__always)
    static func isPlainASCII(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & high != 0 }
        return ((w &- 0x20 &* ones) | w | (w &+ ones)) & high == 0
            && !hasZeroByte(w ^ (0x22 &* ones)) && !hasZeroByte(w ^ (0x5C &* ones))
    }
}

extension ReportBytes {
    /// `b` escaped as inside a JSON string literal (`FindingJSON.escape`), without quotes.
    mutating func jsonEscaped(_ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        guard n > 0, let src = b.baseAddress else { return }
        // The most any byte becomes is `\u00XX`.
        write(reserving: 6 * n) { start in FindingJSON.escape(src, n, to: start) }
    }
}
