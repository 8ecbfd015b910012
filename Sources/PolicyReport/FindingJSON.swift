import PolicyLint
import PolicyYAML

/// Writes a finding as the JSON report's array item, straight to bytes: the same text as
/// `JSONReporter.finding(f).write(to:indent: 2, level: 2)` (a test compares them), without
/// building a tree of values first. The JSON report is mostly findings, so this is its hot path.
struct FindingJSON {
    var bytes: [UInt8] = []

    mutating func write(_ f: Finding) {
        bytes.append(0x7B)
        string("rule", f.rule, first: true)
        string("title", f.title)
        string("category", f.category)
        string("severity", f.severity.rawValue)
        string("message", f.message)
        location(f.location, indent: 6)
        string("match", f.matchedText)
        key("related", indent: 6)
        if f.related.isEmpty {
            bytes.append(contentsOf: "[]".utf8)
        } else {
            bytes.append(0x5B)
            for (i, r) in f.related.enumerated() {
                if i > 0 { bytes.append(0x2C) }
                newline(8)
                bytes.append(0x7B)
                location(r, indent: 10, first: true)
                newline(8)
                bytes.append(0x7D)
            }
            newline(6)
            bytes.append(0x5D)
        }
        if let fix = f.fix { string("fix", fix) } else { key("fix", indent: 6); bytes.append(contentsOf: "null".utf8) }
        string("fingerprint", f.fingerprint)
        newline(4)
        bytes.append(0x7D)
    }

    private mutating func location(_ l: Location, indent: Int, first: Bool = false) {
        string("file", l.file, indent: indent, first: first)
        int("line", l.line, indent: indent)
        int("column", l.column, indent: indent)
        int("endLine", l.endLine, indent: indent)
        int("endColumn", l.endColumn, indent: indent)
        string("path", l.path, indent: indent)
        if let m = l.message { string("message", m, indent: indent) }
    }

    private mutating func newline(_ indent: Int) {
        FindingJSON.spaces.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<(indent + 1)])) }
    }

    /// `,\n<indent>"name": ` (no comma for an object's first key).
    private mutating func key(_ name: StaticString, indent: Int, first: Bool = false) {
        if !first { bytes.append(0x2C) }
        FindingJSON.spaces.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<(indent + 1)])) }
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22); bytes.append(0x3A); bytes.append(0x20)
    }

    /// A line break and up to 15 spaces, copied in one go.
    private static let spaces: [UInt8] = [0x0A] + Array(repeating: 0x20, count: 15)

    private mutating func string(_ name: StaticString, _ value: String, indent: Int = 6, first: Bool = false) {
        key(name, indent: indent, first: first)
        JSONValue.writeString(value, to: &bytes)
    }

    private mutating func int(_ name: StaticString, _ value: Int, indent: Int) {
        key(name, indent: indent)
        JSONValue.writeInt(value, to: &bytes)
    }
}
