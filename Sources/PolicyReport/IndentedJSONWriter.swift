import PolicyYAML

/// Writes JSON as it goes, in exactly the layout of `JSONValue.write(to:indent:level:)` (a line
/// per member, `indent` spaces a level, `{}` and `[]` when empty), without building a tree of
/// values first. For the reports' per-finding hot paths; tests compare it with `JSONValue`.
struct IndentedJSONWriter {
    var bytes: [UInt8] = []
    private let indent: Int
    /// The level of the innermost open object or array; its members sit one deeper.
    private var level: Int
    /// Per open object or array: whether it has no member yet.
    private var empty: [Bool] = []

    /// `level` is where the first value goes, as `JSONValue.write`'s `level`.
    init(indent: Int = 2, level: Int) {
        self.indent = indent
        self.level = level
    }

    mutating func openObject() { open(0x7B) }
    mutating func closeObject() { close(0x7D) }
    mutating func openArray() { open(0x5B) }
    mutating func closeArray() { close(0x5D) }

    /// The key of the next member of the innermost object.
    mutating func key(_ name: StaticString) {
        member()
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [0x22, 0x3A, 0x20])
    }

    mutating func key(_ name: String) {
        member()
        JSONValue.writeString(name, to: &bytes)
        bytes.append(contentsOf: [0x3A, 0x20])
    }

    /// Starts the next item of the innermost array.
    mutating func item() { member() }

    mutating func string(_ s: String) { JSONValue.writeString(s, to: &bytes) }
    mutating func int(_ n: Int) { JSONValue.writeInt(n, to: &bytes) }

    mutating func string(_ name: StaticString, _ s: String) { key(name); string(s) }
    mutating func int(_ name: StaticString, _ n: Int) { key(name); int(n) }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        empty.append(true)
        level += 1
    }

    private mutating func close(_ bracket: UInt8) {
        level -= 1
        if !empty.removeLast() { newline() }
        bytes.append(bracket)
    }

    private mutating func member() {
        if empty[empty.count - 1] { empty[empty.count - 1] = false } else { bytes.append(0x2C) }
        newline(level)
    }

    private mutating func newline(_ at: Int? = nil) {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20 as UInt8, count: indent * (at ?? level)))
    }
}
