import PolicyYAML

/// Writes JSON as it goes, in exactly the layout of `JSONValue.write(to:indent:level:)` (a line
/// per member, `indent` spaces a level, `{}` and `[]` when empty), without building a tree of
/// values first. For the reports' per-finding hot paths; tests compare it with `JSONValue`.
/// Bytes go to a `ReportBytes` buffer and strings are escaped as the JSON report's are.
struct IndentedJSONWriter: PartWriter, ~Copyable {
    private var out: ReportBytes
    private let indent: Int
    /// The level of the innermost open object or array; its members sit one deeper.
    private var level: Int
    /// Per open object or array, one bit: set while it has no member yet (bit k for depth k).
    private var empty: UInt64 = 0
    private var depth = 0

    /// `level` is where the first value goes, as `JSONValue.write`'s `level`.
    init(indent: Int = 2, level: Int) {
        out = ReportBytes()
        self.indent = indent
        self.level = level
    }

    /// Writes into `buffer` while it has room (see `ReportBytes.init(writingInto:)`).
    init(indent: Int = 2, level: Int, writingInto buffer: UnsafeMutableBufferPointer<UInt8>) {
        out = ReportBytes(writingInto: buffer)
        self.indent = indent
        self.level = level
    }

    var isInGivenBuffer: Bool { !out.ownsBuffer }
    var count: Int { out.count }

    /// What went to a temporary file past `spill(over:)`'s limit (see `ChunkBytes`).
    private(set) var spool: ReportSpool?

    /// The text written so far.
    var bytes: [UInt8] { out.array }

    /// Moves what is written to a temporary file once it is `limit` bytes or more (between
    /// array items: the layout's state is kept).
    mutating func spill(over limit: Int) { out.spill(over: limit, into: &spool) }

    /// Everything written, as one file's report part.
    var chunk: ChunkBytes { ChunkBytes(spool: spool, tail: out.array) }

    mutating func openObject() { open(0x7B) }
    mutating func closeObject() { close(0x7D) }
    mutating func openArray() { open(0x5B) }
    mutating func closeArray() { close(0x5D) }

    /// Text written as it is, outside the layout (an array item's separator the caller owns).
    mutating func raw(_ s: StaticString) { out.literal(s) }

    /// The key of the next member of the innermost object. (No `String` overload: literal keys
    /// would pick it, and escape every key at run time.)
    mutating func key(_ name: StaticString) {
        member()
        out.byte(0x22)
        out.literal(name)
        out.literal("\": ")
    }

    /// Starts the next item of the innermost array.
    mutating func item() { member() }

    mutating func string(_ s: String) {
        out.byte(0x22)
        var s = s
        s.withUTF8 { out.jsonEscaped($0) }
        out.byte(0x22)
    }

    /// A string given in pieces: `openString()`, `stringPiece` for each, `closeString()`.
    mutating func openString() { out.byte(0x22) }
    mutating func stringPiece(_ b: UnsafeBufferPointer<UInt8>) { out.jsonEscaped(b) }
    mutating func closeString() { out.byte(0x22) }

    mutating func int(_ n: Int) { out.int(n) }

    /// A value already written as JSON (a string with its quotes, made once and reused).
    mutating func encoded(_ name: StaticString, _ json: [UInt8]) { key(name); out.append(json) }

    /// A string that needs no escaping (a constant), written as it is between quotes.
    mutating func plain(_ name: StaticString, _ s: StaticString) {
        key(name)
        out.byte(0x22)
        out.literal(s)
        out.byte(0x22)
    }

    mutating func string(_ name: StaticString, _ s: String) { key(name); string(s) }
    mutating func int(_ name: StaticString, _ n: Int) { key(name); int(n) }

    private mutating func open(_ bracket: UInt8) {
        precondition(depth < 64, "IndentedJSONWriter nests at most 64 levels")
        out.byte(bracket)
        empty |= 1 << UInt64(depth)
        depth += 1
        level += 1
    }

    private mutating func close(_ bracket: UInt8) {
        level -= 1
        depth -= 1
        let bit: UInt64 = 1 << UInt64(depth)
        if empty & bit == 0 { newline(level) }
        empty &= ~bit
        out.byte(bracket)
    }

    private mutating func member() {
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if empty & bit != 0 { empty &= ~bit } else { out.byte(0x2C) }
        newline(level)
    }

    private mutating func newline(_ at: Int) {
        let spaces = indent * at
        out.write(reserving: 1 + spaces) { p in
            p[0] = 0x0A
            (p + 1).initialize(repeating: 0x20, count: spaces)
            return 1 + spaces
        }
    }
}
