/// Maps byte offsets inside a scalar's value back to positions in the file.
///
/// The alignment (`ScalarAlignment`) is one forward walk over the scalar's source; it runs only
/// for scalars that have findings, and it is kept as runs of value bytes that come one to one
/// from the source (a few runs per scalar, not two offsets per value byte).
///
/// The walk goes only as far as the offsets asked for, and on from there when a later one is
/// asked: a finding near a long folded scalar's start (a long sentence's first words) no longer
/// walks the whole scalar. Stopped and continued, the walk reports what one walk does
/// (`ScalarAlignment.Position`), so every answer is the same whatever was asked before.
public struct ScalarSourceMap: Sendable {
    private var alignment = ScalarAlignmentRuns()
    /// How far the walk has gone.
    private var position: ScalarAlignment.Position
    /// The value the walk aligns (kept to continue it), its style and its node's source range.
    private let value: String
    private let style: ScalarStyle
    private let from: Int, to: Int
    private let valueCount: Int
    private let source: SourceText
    private let fallback: Mark

    public init(node: borrowing YAMLNode, source: SourceText) { // borrowed: only read
        self.source = source
        self.fallback = node.start
        from = node.start.offset
        to = max(node.start.offset, node.end.offset)
        if case .scalar(var value, let style) = node.content {
            value.makeContiguousUTF8() // nothing to do for the parser's strings (native)
            self.value = value
            self.style = style
        } else {
            value = ""
            style = .plain
        }
        valueCount = value.utf8.count
        let (style, from, to) = (style, from, to)
        position = source.bytes.withUnsafeBufferPointer { ScalarAlignment.start(style: style, source: $0, from: from, to: to) }
        alignment.runs.reserveCapacity(16) // a folded or escaped string has about a dozen runs: one allocation, not five
    }

    /// Position of the value byte at `offset`.
    public mutating func mark(at offset: Int) -> Mark {
        guard valueCount > 0 else { return fallback }
        return mark(atSource: offsets(of: offset).start)
    }

    /// Start and end (exclusive) positions of the value bytes `range`.
    public mutating func span(_ range: Range<Int>) -> (start: Mark, end: Mark) {
        guard valueCount > 0 else { return (fallback, fallback) }
        let first = offsets(of: range.lowerBound).start
        let end = offsets(of: max(range.lowerBound, range.upperBound - 1)).end
        let start = mark(atSource: first)
        return (start, mark(atSource: end, fromLine: start.line))
    }

    /// The marks are made here, not in the mutating methods: there the file's text was copied
    /// for each call (a retain and a release of each of its arrays), here it is only read.
    private func mark(atSource offset: Int, fromLine line: Int? = nil) -> Mark {
        // The value's bytes come from the scalar's lines: searched from its first line.
        source.mark(atByte: offset, fromLine: (line ?? fallback.line) - 1)
    }

    private mutating func offsets(of offset: Int) -> (start: Int, end: Int) {
        let i = max(0, min(offset, valueCount - 1))
        if position.value <= i { walk(through: i) }
        return alignment.offsets(of: i)
    }

    /// Continues the walk until value byte `last` is aligned.
    private mutating func walk(through last: Int) {
        let (style, from, to) = (style, from, to)
        var position = position, alignment = ScalarAlignmentRuns()
        swap(&alignment, &self.alignment) // moved out and back: no copy of the runs
        defer { swap(&alignment, &self.alignment); self.position = position }
        // `value` is contiguous UTF-8 (made so at `init`), so its storage is always available.
        let walked: Void? = value.utf8.withContiguousStorageIfAvailable { v in
            source.bytes.withUnsafeBufferPointer { s in
                ScalarAlignment.walk(v, style: style, source: s, from: from, to: to, fastRuns: true,
                                     at: &position, through: last, into: &alignment)
            }
        }
        assert(walked != nil)
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
