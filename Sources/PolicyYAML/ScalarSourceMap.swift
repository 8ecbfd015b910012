/// Maps byte offsets inside a scalar's value back to positions in the file.
///
/// The alignment (`ScalarAlignment`) is one forward walk over the scalar's source; it runs only
/// for scalars that have findings, and it is kept as runs of value bytes that come one to one
/// from the source (a few runs per scalar, not two offsets per value byte).
public struct ScalarSourceMap: Sendable {
    private let runs: [ScalarAlignmentRuns.Run]
    private let valueCount: Int
    private let source: SourceText
    private let fallback: Mark

    public init(node: borrowing YAMLNode, source: SourceText) { // borrowed: only read
        self.source = source
        self.fallback = node.start
        guard case .scalar(var value, let style) = node.content, !value.isEmpty else {
            runs = []
            valueCount = 0
            return
        }
        var sink = ScalarAlignmentRuns()
        sink.runs.reserveCapacity(16) // a folded or escaped string has about a dozen runs: one allocation, not five
        let from = node.start.offset, to = max(node.start.offset, node.end.offset)
        value.withUTF8 { v in
            source.bytes.withUnsafeBufferPointer { s in
                ScalarAlignment.walk(v, style: style, source: s, from: from, to: to, fastRuns: true, into: &sink)
            }
        }
        runs = sink.runs
        valueCount = value.utf8.count
    }

    /// Position of the value byte at `offset`.
    public func mark(at offset: Int) -> Mark {
        guard valueCount > 0 else { return fallback }
        // The value's bytes come from the scalar's lines: searched from its first line.
        return source.mark(atByte: offsets(of: offset).start, fromLine: fallback.line - 1)
    }

    /// Start and end (exclusive) positions of the value bytes `range`.
    public func span(_ range: Range<Int>) -> (start: Mark, end: Mark) {
        guard valueCount > 0 else { return (fallback, fallback) }
        let start = mark(at: range.lowerBound)
        let last = max(range.lowerBound, range.upperBound - 1)
        return (start, source.mark(atByte: offsets(of: last).end, fromLine: start.line - 1))
    }

    private func offsets(of offset: Int) -> (start: Int, end: Int) {
        ScalarAlignmentRuns(runs: runs).offsets(of: max(0, min(offset, valueCount - 1)))
    }

    /// Source offset of each value byte, and just after the text that produced it, computed
    /// byte by byte (the general path, without identity runs): the reference for tests.
    static func align(_ value: [UInt8], style: ScalarStyle, source: [UInt8], from: Int, to: Int) -> ([Int], [Int]) {
        var sink = ScalarAlignmentArrays(count: value.count, from: from)
        value.withUnsafeBufferPointer { v in
            source.withUnsafeBufferPointer { s in
                ScalarAlignment.walk(v, style: style, source: s, from: from, to: to, fastRuns: false, into: &sink)
            }
        }
        return (sink.starts, sink.ends)
    }
}
