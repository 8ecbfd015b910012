/// A position in a source file. `line` and `column` are 1-based; `column` counts Unicode
/// scalars (code points) from the start of the line, as libyaml does. `offset` is the UTF-8
/// byte offset into the decoded source.
///
/// Stored in 32 bits each (12 bytes, not 24): every YAML node and prose string carries two, and
/// for one large policy file they were a tenth of its peak memory. A file is at most 1 GB.
public struct Mark: Hashable, Sendable, Comparable, CustomStringConvertible {
    private var storedLine: Int32
    private var storedColumn: Int32
    private var storedOffset: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(truncatingIfNeeded: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(truncatingIfNeeded: newValue) }
    }

    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = Int32(truncatingIfNeeded: newValue) }
    }

    public init(line: Int, column: Int, offset: Int) {
        storedLine = Int32(truncatingIfNeeded: line)
        storedColumn = Int32(truncatingIfNeeded: column)
        storedOffset = Int32(truncatingIfNeeded: offset)
    }

    public static let start = Mark(line: 1, column: 1, offset: 0)

    public static func < (a: Mark, b: Mark) -> Bool { a.offset < b.offset }

    public var description: String { "\(line):\(column)" }
}
