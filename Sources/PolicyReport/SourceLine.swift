import PolicyYAML

/// A line's bytes (without its break) and where its characters start. Columns count
/// characters (Unicode scalars), so a line with non-ASCII text needs the table; an ASCII
/// line (most) has one byte per column and no table.
struct SourceLine {
    var bytes: Range<Int>
    var characterStarts: [Int]?

    var count: Int { characterStarts?.count ?? bytes.count }
    /// Byte offset of character `k` (0-based); `count` gives the line's end.
    func offset(_ k: Int) -> Int {
        if k >= count { return bytes.upperBound }
        return characterStarts?[k] ?? bytes.lowerBound + k
    }

    init(bytes: Range<Int>, characterStarts: [Int]?) {
        self.bytes = bytes
        self.characterStarts = characterStarts
    }

    /// Line `n` of `source`, without its break.
    init(_ source: SourceText, line n: Int) {
        let b = source.bytes
        bytes = source.lineRange(n)
        let (start, end) = (bytes.lowerBound, bytes.upperBound)
        characterStarts = nil
        if source.isASCII || !b[start..<end].contains(where: { $0 >= 0x80 }) { return }
        var starts: [Int] = []
        starts.reserveCapacity(end - start)
        for i in start..<end where b[i] & 0xC0 != 0x80 { starts.append(i) }
        characterStarts = starts
    }
}
