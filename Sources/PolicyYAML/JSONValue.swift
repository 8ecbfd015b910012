/// A JSON value with a deterministic writer (keys keep their order). Used by `parse` to show
/// the tree and by every JSON-based report format.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y || (Double(x) != nil && Double(x) == Double(y))
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            return zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public static func int(_ n: Int) -> JSONValue { .number(String(n)) }

    /// Serialises; `indent` nil gives one line.
    public func serialized(indent: Int? = 2) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out, indent: indent, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text as UTF-8 (bytes, not String appends: this is the hot path of
    /// every JSON-based report).
    public func write(to out: inout [UInt8], indent: Int?, level: Int) {
        switch self {
        case .null: out.append(contentsOf: JSONValue.nullBytes)
        case .bool(let b): out.append(contentsOf: b ? JSONValue.trueBytes : JSONValue.falseBytes)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out.append(0x5B); out.append(0x5D); return }
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                JSONValue.newline(&out, indent, level + 1)
                item.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent, level)
            out.append(0x5D)
        case .object(let pairs):
            if pairs.isEmpty { out.append(0x7B); out.append(0x7D); return }
            out.append(0x7B)
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(0x2C) }
                JSONValue.newline(&out, indent, level + 1)
                JSONValue.writeString(k, to: &out)
                out.append(0x3A)
                if indent != nil { out.append(0x20) }
                v.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent, level)
            out.append(0x7D)
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)
    private static let nullBytes = Array("null".utf8), trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

    private static func newline(_ out: inout [UInt8], _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out.append(0x0A)
        let count = indent * level
        if count <= spaces.count { out.append(contentsOf: spaces[..<count]) } // one copy, not a loop
        else { out.append(contentsOf: repeatElement(0x20, count: count)) }
    }

    /// Appends `s` as a JSON string literal.
    public static func writeString(_ s: String, to out: inout String) {
        var bytes: [UInt8] = []
        writeString(s, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    public static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { b in
            // Bytes that need no escape are copied a run at a time; `escape` handles the rest
            // exactly as a byte-by-byte writer would (JSONValueTests compares both).
            var i = 0, run = 0
            let n = b.count
            while i < n {
                // Eight bytes at a time while all are printable ASCII but `"` and `\` (a subset
                // of the bytes the check below lets through).
                while i + 8 <= n, isPlainASCII(UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)) { i += 8 }
                let stop = min(n, i + 8)
                while i < stop {
                    let c = b[i]
                    if c >= 0x20, c != 0x22, c != 0x5C, c != 0x7F, c != 0xC2, c != 0xE2 { i += 1; continue }
                    if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i])) }
                    i = escape(b, at: i, to: &out)
                    run = i
                }
            }
            if run < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<n])) }
        }
        out.append(0x22)
    }

    /// Whether all eight bytes of `w` are in 0x20...0x7E and none is `"` or `\`. A byte below
    /// 0x20 makes the subtraction borrow, 0x7F makes the addition reach 0x80, a byte from 0x80
    /// has its top bit; `"` and `\` make a zero byte after the xor. Carries and borrows only
    /// spread from a byte that already fails, so the answer is exact.
    @inline(__always)
    static func isPlainASCII(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & high != 0 }
        return ((w &- 0x20 &* ones) | w | (w &+ ones)) & high == 0
            && !hasZeroByte(w ^ (0x22 &* ones)) && !hasZeroByte(w ^ (0x5C &* ones))
    }

    /// Appends an integer's decimal digits, without making a String.
    public static func writeInt(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(0x2D) }
        var v = n.magnitude
        var divisor: UInt = 1
        while v / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(v / divisor) + 0x30)
            v %= divisor
            divisor /= 10
        }
    }

    /// Writes the byte at `i` (escaped if JSON or YAML needs it); returns the next index.
    private static func escape(_ b: UnsafeBufferPointer<UInt8>, at i: Int, to out: inout [UInt8]) -> Int {
        let c = b[i], n = b.count
        switch c {
        case 0x22: out.append(0x5C); out.append(0x22)
        case 0x5C: out.append(0x5C); out.append(0x5C)
        case 0x0A: out.append(0x5C); out.append(0x6E)
        case 0x0D: out.append(0x5C); out.append(0x72)
        case 0x09: out.append(0x5C); out.append(0x74)
        case 0x08: out.append(0x5C); out.append(0x62)
        case 0x0C: out.append(0x5C); out.append(0x66)
        case 0x00..<0x20, 0x7F: out.append(contentsOf: ("\\u" + hex(UInt32(c))).utf8)
        // NEL, LS and PS are line breaks to YAML (and to JavaScript): escape them, so the
        // text also survives as a YAML double-quoted scalar (import, rule examples).
        case 0xC2 where i + 1 < n && b[i + 1] == 0x85:
            out.append(contentsOf: "\\u0085".utf8); return i + 2
        case 0xE2 where i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9):
            out.append(contentsOf: (b[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8); return i + 3
        default: out.append(c)
        }
        return i + 1
    }
}

extension YAMLNode {
    /// The node as JSON under YAML 1.2's core schema (the form of the YAML test suite's
    /// `in.json`): untagged plain scalars become null, booleans and numbers; everything else text.
    /// With `marks`, every node becomes an object with its kind, style and positions.
    public func json(marks: Bool = false) -> JSONValue {
        if marks { return markedJSON() }
        switch content {
        case .scalar(let s, let style):
            return YAMLNode.coreSchemaJSON(s, style: style, tag: tag)
        case .sequence(let items):
            return .array(items.map { $0.json() })
        case .mapping(let pairs):
            return .object(pairs.map { (YAMLNode.keyText($0.key), $0.value.json()) })
        }
    }

    private static func keyText(_ key: YAMLNode) -> String {
        if let s = key.scalar { return key.isNull ? "" : s }
        return key.json().serialized(indent: nil)
    }

    private func markedJSON() -> JSONValue {
        var fields: [(String, JSONValue)] = []
        switch content {
        case .scalar(let s, let style):
            fields.append(("kind", .string("scalar")))
            fields.append(("style", .string(style.rawValue)))
            fields.append(("value", .string(s)))
        case .sequence(let items):
            fields.append(("kind", .string("sequence")))
            fields.append(("items", .array(items.map { $0.markedJSON() })))
        case .mapping(let pairs):
            fields.append(("kind", .string("mapping")))
            fields.append(("pairs", .array(pairs.map { .object([("key", $0.key.markedJSON()), ("value", $0.value.markedJSON())]) })))
        }
        if let tag { fields.append(("tag", .string(tag))) }
        fields.append(("start", .object([("line", .int(start.line)), ("column", .int(start.column)), ("offset", .int(start.offset))])))
        fields.append(("end", .object([("line", .int(end.line)), ("column", .int(end.column)), ("offset", .int(end.offset))])))
        return .object(fields)
    }

    static func coreSchemaJSON(_ s: String, style: ScalarStyle, tag: String?) -> JSONValue {
        let core = "tag:yaml.org,2002:"
        if let tag {
            switch tag {
            case core + "null": return .null
            case core + "bool": return .bool(s == "true" || s == "True" || s == "TRUE")
            case core + "int", core + "float": return numberJSON(s) ?? .string(s)
            default: return .string(s)
            }
        }
        guard style == .plain else { return .string(s) }
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: return numberJSON(s) ?? .string(s)
        }
    }

    /// Core-schema int and float forms, written as JSON numbers.
    static func numberJSON(_ s: String) -> JSONValue? {
        let b = Array(s.utf8)
        guard !b.isEmpty else { return nil }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if s.hasPrefix("0o"), b.count > 2, b.dropFirst(2).allSatisfy({ $0 >= 48 && $0 <= 55 }) {
            return Int(s.dropFirst(2), radix: 8).map { .int($0) }
        }
        if s.hasPrefix("0x"), b.count > 2, let v = Int(s.dropFirst(2), radix: 16) { return .int(v) }
        // [-+]? ( \.[0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var i = 0
        if b[i] == 43 || b[i] == 45 { i += 1 }
        var digits = 0, fraction = false
        while i < b.count, isDigit(b[i]) { i += 1; digits += 1 }
        if i < b.count, b[i] == 46 {
            fraction = true; i += 1
            var f = 0
            while i < b.count, isDigit(b[i]) { i += 1; f += 1 }
            if digits == 0 && f == 0 { return nil }
        } else if digits == 0 { return nil }
        var exponent = false
        if i < b.count, b[i] == 101 || b[i] == 69 {
            exponent = true; i += 1
            if i < b.count, b[i] == 43 || b[i] == 45 { i += 1 }
            var e = 0
            while i < b.count, isDigit(b[i]) { i += 1; e += 1 }
            if e == 0 { return nil }
        }
        guard i == b.count else { return nil }
        if !fraction && !exponent {
            var t = s
            if t.hasPrefix("+") { t.removeFirst() }
            return Int(t).map { .int($0) } ?? .number(t)
        }
        // Out of Double's range (1e400): JSON has no infinity, so the text stays text, as `.inf` does.
        guard let d = Double(s), d.isFinite else { return nil }
        return .number(d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d))
    }
}
