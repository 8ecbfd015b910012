/// What validating a text learns about its lines (see `SourceText`).
struct LineTable {
    /// Byte offset of the start of each line; `lineStarts[0] == 0`.
    var lineStarts = LineStarts()
    var isASCII = true
    /// Every `SourceText.checkpointStride` bytes, an offset (at a character boundary) and its column.
    var checkpointOffsets: [Int] = []
    var checkpointColumns: [Int] = []
    /// Per line, the offset of its first non-ASCII byte, or `Int.max`; empty for ASCII text.
    var lineASCIIEnds: [Int] = []
}

extension SourceText {
    /// Checks UTF-8 well-formedness and YAML's printable set, building the line table.
    static func validate(_ bytes: [UInt8]) throws(YAMLError) -> LineTable {
        switch bytes.withUnsafeBufferPointer({ validate($0) }) {
        case .success(let table): return table
        case .failure(let error): throw error
        }
    }

    private static func validate(_ b: UnsafeBufferPointer<UInt8>) -> Result<LineTable, YAMLError> {
        var t = LineTable()
        // Room for a line every 8 bytes: grown by doubling, a table of a million short lines
        // left its outgrown blocks behind (7 MB resident for a 5 MB file). A large reservation
        // is mapped memory, and pages never written are never resident.
        t.lineStarts.reserveCapacity(b.count / 8 + 1)
        var nextCheckpoint = checkpointStride
        let n = b.count
        var i = 0
        var column = 1
        var lineASCIIEnd = Int.max
        func fail(_ message: String) -> Result<LineTable, YAMLError> {
            .failure(YAMLError(message, at: Mark(line: t.lineStarts.count, column: column, offset: i)))
        }
        while i < n {
            if i >= nextCheckpoint {
                t.checkpointOffsets.append(i); t.checkpointColumns.append(column)
                nextCheckpoint = i + checkpointStride
            }
            // Printable ASCII other than line breaks and tabs, eight bytes at a time up to the
            // next checkpoint (the byte loop below would just count them). A word passes when
            // no byte is below 0x20 (the subtraction borrows), at or above 0x80, or 0x7F (the
            // addition reaches 0x80); carries only leave a byte that already fails.
            let limit = min(n, nextCheckpoint)
            var k = i
            while k + 8 <= limit {
                let w = UInt64(littleEndian: UnsafeRawPointer(b.baseAddress! + k).loadUnaligned(as: UInt64.self))
                let fails = ((w &- 0x2020_2020_2020_2020) | w | (w &+ 0x0101_0101_0101_0101)) & 0x8080_8080_8080_8080
                if fails != 0 {
                    // Borrows and carries only move up, so the lowest flagged byte is the first
                    // that fails: the bytes before it pass (one step, not one try per byte).
                    k += fails.trailingZeroBitCount >> 3
                    break
                }
                k += 8
            }
            if k > i { column += k - i; i = k; continue }
            let c = b[i]
            if c < 0x80 {
                if c == 0x0A {
                    i += 1
                    if !t.isASCII { t.lineASCIIEnds.append(lineASCIIEnd) }; lineASCIIEnd = .max
                    t.lineStarts.append(i); column = 1; continue
                }
                if c == 0x0D {
                    if i + 1 < n, b[i + 1] == 0x0A { i += 2 } else { i += 1 }
                    if !t.isASCII { t.lineASCIIEnds.append(lineASCIIEnd) }; lineASCIIEnd = .max
                    t.lineStarts.append(i); column = 1; continue
                }
                if c < 0x20 && c != 0x09 || c == 0x7F {
                    if c == 0 { return fail("binary data: NUL byte (not a text file)") }
                    return fail("control character U+\(hex(UInt32(c))) is not allowed in YAML")
                }
                i += 1; column += 1; continue
            }
            if t.isASCII {
                // The first non-ASCII byte: only now are the lines' ASCII ends kept (an ASCII
                // text needs none, and for a file of a million short lines they were 8 MB
                // more, built and thrown away). Every line before this one is ASCII.
                t.isASCII = false
                t.lineASCIIEnds = [Int](repeating: .max, count: t.lineStarts.count - 1)
            }
            if lineASCIIEnd == .max { lineASCIIEnd = i }
            // Multi-byte sequence: decode and check well-formedness.
            var len = 0
            var scalar: UInt32 = 0
            if c & 0xE0 == 0xC0 { len = 2; scalar = UInt32(c & 0x1F) }
            else if c & 0xF0 == 0xE0 { len = 3; scalar = UInt32(c & 0x0F) }
            else if c & 0xF8 == 0xF0 { len = 4; scalar = UInt32(c & 0x07) }
            else { return fail("invalid UTF-8 byte 0x\(hex(UInt32(c), width: 2))") }
            guard i + len <= n else { return fail("invalid UTF-8: truncated sequence") }
            for k in 1..<len {
                let cc = b[i + k]
                guard cc & 0xC0 == 0x80 else { return fail("invalid UTF-8 byte 0x\(hex(UInt32(c), width: 2))") }
                scalar = scalar << 6 | UInt32(cc & 0x3F)
            }
            let minimum: UInt32 = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
                return fail("invalid UTF-8 sequence starting with 0x\(hex(UInt32(c), width: 2))")
            }
            // YAML's printable set excludes C1 controls (but NEL), and U+FFFE/U+FFFF.
            if (scalar >= 0x80 && scalar < 0xA0 && scalar != 0x85) || scalar == 0xFFFE || scalar == 0xFFFF {
                return fail("character U+\(hex(scalar)) is not allowed in YAML")
            }
            i += len
            if scalar == 0x85 || scalar == 0x2028 || scalar == 0x2029 {
                if !t.isASCII { t.lineASCIIEnds.append(lineASCIIEnd) }; lineASCIIEnd = .max
                t.lineStarts.append(i); column = 1
            } else {
                column += 1
            }
        }
        if !t.isASCII { t.lineASCIIEnds.append(lineASCIIEnd) }
        return .success(t)
    }
}
