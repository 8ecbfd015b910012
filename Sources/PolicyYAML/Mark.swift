/// A position in a source file. `line` and `column` are 1-based; `column` counts Unicode
/// scalars (code points) from the start of the line, as libyaml does. `offset` is the UTF-8
/// byte offset into the decoded source.
public struct Mark: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static let start = Mark(line: 1, column: 1, offset: 0)

    public static func < (a: Mark, b: Mark) -> Bool { a.offset < b.offset }

    public var description: String { "\(line):\(column)" }
}
