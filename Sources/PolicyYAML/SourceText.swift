/// A file's text, decoded to UTF-8 and validated, with a line table that counts line breaks
/// the way libyaml does (LF, CRLF, lone CR, NEL, LS, PS), so that positions computed here agree
/// with libyaml's marks.
public struct SourceText: Sendable {
    /// The UTF-8 bytes libyaml parses: no byte-order mark, UTF-16/32 already transcoded.
    public let bytes: [UInt8]
    /// Byte offset of the start of each line; `lineStarts[0] == 0`.
    public let lineStarts: LineStarts
    /// The encoding the file was written in.
    public let encoding: Encoding
    /// True when `bytes` passed `validate`: UTF-8 in YAML's printable set, the checks libyaml's
    /// reader makes (`YAMLParser` then lets libyaml skip them, see `LibYAMLDirectInput`).
    let isValidated: Bool
    /// True when every byte is ASCII, so columns equal byte distances.
    public let isASCII: Bool
    /// Every ~4 KB, a byte offset (at a character boundary) and its column, so that finding the
    /// column of an offset counts at most 4 KB of a line, however long the line (minified HTML).
    private let checkpointOffsets: [Int]
    private let checkpointColumns: [Int]
    static let checkpointStride = 4096
    /// For non-ASCII text, per line: the offset of its first non-ASCII byte, or `Int.max`. Before
    /// it, columns are byte distances, so most lines need no counting at all.
    private let lineASCIIEnds: [Int]

    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8", utf16LE = "UTF-16LE", utf16BE = "UTF-16BE", utf32LE = "UTF-32LE", utf32BE = "UTF-32BE"
    }

    /// Decodes raw file bytes. Throws on invalid encoding and on characters YAML forbids.
    public init(decoding raw: [UInt8]) throws(YAMLError) {
        let (encoding, bomLength) = SourceText.detectEncoding(raw)
        self.encoding = encoding
        var utf8: [UInt8]
        switch encoding {
        case .utf8:
            utf8 = bomLength == 0 ? raw : Array(raw[bomLength...])
        default:
            utf8 = try SourceText.transcode(raw, from: encoding, skipping: bomLength)
        }
        // A BOM may also follow transcoding of a UTF-16/32 stream that had none detected; drop it.
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
        let table: LineTable
        do throws(YAMLError) { table = try SourceText.validate(utf8) } catch {
            // A NUL byte early on (outside UTF-16/32, which were decoded above) means binary data,
            // whatever the first problem is (git's heuristic: the first 8000 bytes).
            if encoding == .utf8, !error.message.hasPrefix("binary data"), utf8.prefix(8000).contains(0) {
                throw YAMLError("binary data: not a text file (\(error.message))", at: error.mark)
            }
            throw error
        }
        // Zeros after the text, in the array's spare capacity (see `hasZeroPadding`). A file's
        // reader leaves them there (`BoundedRead`); added here, they would copy an array that
        // the caller still holds.
        if !SourceText.zerosFollow(utf8) {
            utf8.append(contentsOf: SourceText.zeroPadding)
            utf8.removeLast(SourceText.zeroPadding.count)
        }
        self.bytes = utf8
        self.isValidated = true
        self.lineStarts = table.lineStarts
        self.isASCII = table.isASCII
        self.checkpointOffsets = table.isASCII ? [] : table.checkpointOffsets
        self.checkpointColumns = table.isASCII ? [] : table.checkpointColumns
        self.lineASCIIEnds = table.isASCII ? [] : table.lineASCIIEnds
    }

    /// Wraps text that is known to be valid (e.g. generated or already decoded).
    public init(_ string: String) {
        // Valid Swift strings are valid UTF-8; a forbidden control character is left for libyaml.
        self = (try? SourceText(decoding: Array(string.utf8))) ?? SourceText(unchecked: Array(string.utf8))
    }

    init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
        self.isValidated = false
        self.encoding = .utf8
        var lines = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { lines.append(i + 1) }
        self.lineStarts = LineStarts(lines)
        self.isASCII = bytes.allSatisfy { $0 < 0x80 }
        self.checkpointOffsets = []
        self.checkpointColumns = []
        // Unknown ASCII prefixes: columns are counted from each line start.
        self.lineASCIIEnds = isASCII ? [] : lines
    }

    public var lineCount: Int { lineStarts.count }

    /// The position of a byte offset.
    public func mark(atByte offset: Int) -> Mark {
        let offset = max(0, min(offset, bytes.count))
        return mark(atByte: offset, line: line(of: offset, from: 0))
    }

    /// `mark(atByte:)` for an offset on line `line` (0-based) or after it, such as a position in
    /// a scalar that starts on that line: the lines from there are tried in turn before a binary
    /// search of the rest (a finding's position is nearly always on its string's first lines, and
    /// a binary search of a file's lines costs a mispredicted branch at most of its steps).
    public func mark(atByte offset: Int, fromLine line: Int) -> Mark {
        let offset = max(0, min(offset, bytes.count))
        var lo = max(0, min(line, lineStarts.count - 1))
        if lineStarts[lo] > offset { return mark(atByte: offset) } // not at or after the line
        for _ in 0..<4 {
            guard lo + 1 < lineStarts.count, lineStarts[lo + 1] <= offset else { return mark(atByte: offset, line: lo) }
            lo += 1
        }
        return mark(atByte: offset, line: self.line(of: offset, from: lo))
    }

    /// The 0-based line of `offset`, a line at or after `from` (binary search).
    private func line(of offset: Int, from: Int) -> Int {
        var lo = from, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The position of `offset` (clamped), which is on 0-based line `lo`.
    private func mark(atByte offset: Int, line lo: Int) -> Mark {
        let start = lineStarts[lo]
        var column = 1
        if isASCII {
            column += offset - start
        } else if offset <= lineASCIIEnds[lo] {
            column += offset - start
        } else {
            // Count from the nearest checkpoint on this line, else from the line's first
            // non-ASCII byte (every byte before it is one column).
            var i = lineASCIIEnds[lo]
            column += i - start
            var c = 0, h = checkpointOffsets.count - 1
            var best = -1
            while c <= h {
                let mid = (c + h) / 2
                if checkpointOffsets[mid] <= offset { best = mid; c = mid + 1 } else { h = mid - 1 }
            }
            if best >= 0, checkpointOffsets[best] > i {
                i = checkpointOffsets[best]
                column = checkpointColumns[best]
            }
            column = SourceText.countColumns(bytes, from: i, to: offset, startingAt: column)
        }
        return Mark(line: lo + 1, column: column, offset: offset)
    }

    /// The byte offset of a 1-based line and code-point column (clamped to the line).
    public func byteOffset(line: Int, column: Int) -> Int {
        byteOffset(line: line, column: column, hint: nil)
    }

    /// As `byteOffset(line:column:)`; `hint` is a known column and offset on the same line, at
    /// or before `column`, to count from (a scalar's end after its start).
    func byteOffset(line: Int, column: Int, hint: (column: Int, offset: Int)?) -> Int {
        guard line >= 1, line <= lineStarts.count else { return line < 1 ? 0 : bytes.count }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : bytes.count
        if isASCII { return min(start + max(column - 1, 0), end) }
        // Up to the line's first non-ASCII byte, one byte per column.
        let asciiEnd = min(lineASCIIEnds[line - 1], end)
        if column - 1 <= asciiEnd - start { return start + max(column - 1, 0) }
        var i = asciiEnd, seen = 1 + (asciiEnd - start)
        if let hint, hint.column <= column, hint.offset > i, hint.offset <= end { i = hint.offset; seen = hint.column }
        return bytes.withUnsafeBufferPointer { b in
            while i < end, seen < column {
                // Eight ASCII bytes are eight columns: most of a line after its first non-ASCII byte.
                if seen + 8 <= column, i + 8 <= end, SourceText.isASCIIWord(b, at: i) {
                    i += 8; seen += 8; continue
                }
                i += 1
                while i < end, b[i] & 0xC0 == 0x80 { i += 1 }
                seen += 1
            }
            return i
        }
    }

    /// Whether the eight bytes at `i` are all ASCII.
    @inline(__always)
    static func isASCIIWord(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
    }

    /// The column at byte `to`, counting code points (non-continuation bytes) on from `column`
    /// at byte `from`, eight ASCII bytes at a time where it can.
    static func countColumns(_ bytes: [UInt8], from: Int, to offset: Int, startingAt column: Int) -> Int {
        bytes.withUnsafeBufferPointer { b in
            var i = from, column = column
            while i < offset {
                if i + 8 <= offset, isASCIIWord(b, at: i) { i += 8; column += 8; continue }
                if b[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
            return column
        }
    }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        String(decoding: bytes[lineRange(line)], as: UTF8.self)
    }

    /// The bytes of a 1-based line, without its line break (empty for a line out of range).
    public func lineRange(_ line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return 0..<0 }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        // NEL / LS / PS as line ends.
        if end - start >= 2, bytes[end - 2] == 0xC2, bytes[end - 1] == 0x85 { end -= 2 }
        if end - start >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, bytes[end - 1] == 0xA8 || bytes[end - 1] == 0xA9 { end -= 3 }
        return start..<end
    }

    // MARK: - Encoding detection (YAML 1.2, section 5.2)

    static func detectEncoding(_ b: [UInt8]) -> (Encoding, Int) {
        func at(_ i: Int) -> UInt8? { i < b.count ? b[i] : nil }
        if at(0) == 0x00, at(1) == 0x00, at(2) == 0xFE, at(3) == 0xFF { return (.utf32BE, 4) }
        if at(0) == 0xFF, at(1) == 0xFE, at(2) == 0x00, at(3) == 0x00 { return (.utf32LE, 4) }
        if at(0) == 0xFE, at(1) == 0xFF { return (.utf16BE, 2) }
        if at(0) == 0xFF, at(1) == 0xFE { return (.utf16LE, 2) }
        if at(0) == 0xEF, at(1) == 0xBB, at(2) == 0xBF { return (.utf8, 3) }
        if b.count >= 4, at(0) == 0, at(1) == 0, at(2) == 0, at(3) != 0 { return (.utf32BE, 0) }
        if b.count >= 4, at(0) != 0, at(1) == 0, at(2) == 0, at(3) == 0 { return (.utf32LE, 0) }
        if b.count >= 2, at(0) == 0, at(1) != 0 { return (.utf16BE, 0) }
        if b.count >= 2, at(0) != 0, at(1) == 0 { return (.utf16LE, 0) }
        return (.utf8, 0)
    }

    static func transcode(_ b: [UInt8], from encoding: Encoding, skipping bom: Int) throws(YAMLError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var line = 1, column = 1
        func fail(_ what: String) -> YAMLError {
            YAMLError("invalid \(encoding.rawValue): \(what)", at: Mark(line: line, column: column, offset: out.count))
        }
        func append(_ scalar: UInt32) throws(YAMLError) {
            guard let s = Unicode.Scalar(scalar) else { throw fail("U+\(hex(scalar)) is not a character") }
            appendUTF8(s, to: &out)
            if scalar == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        var i = bom
        switch encoding {
        case .utf16LE, .utf16BE:
            let le = encoding == .utf16LE
            func unit(_ k: Int) -> UInt32 { le ? UInt32(b[k]) | UInt32(b[k + 1]) << 8 : UInt32(b[k]) << 8 | UInt32(b[k + 1]) }
            while i + 1 < b.count {
                let u = unit(i); i += 2
                if u >= 0xD800, u < 0xDC00 {
                    guard i + 1 < b.count else { throw fail("truncated surrogate pair") }
                    let l = unit(i)
                    guard l >= 0xDC00, l < 0xE000 else { throw fail("unpaired surrogate") }
                    i += 2
                    try append(0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00))
                } else if u >= 0xDC00, u < 0xE000 {
                    throw fail("unpaired surrogate")
                } else {
                    try append(u)
                }
            }
            if i < b.count { throw fail("odd number of bytes") }
        case .utf32LE, .utf32BE:
            let le = encoding == .utf32LE
            while i + 3 < b.count {
                let u = le
                    ? UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
                    : UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
                i += 4
                try append(u)
            }
            if i < b.count { throw fail("length is not a multiple of 4 bytes") }
        case .utf8:
            break
        }
        return out
    }
}

/// Upper-case hexadecimal, zero-padded to `width` digits.
func hex(_ value: UInt32, width: Int = 4) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// Appends the UTF-8 encoding of a scalar.
func appendUTF8(_ s: Unicode.Scalar, to out: inout [UInt8]) {
    let v = s.value
    switch v {
    case 0..<0x80: out.append(UInt8(v))
    case 0x80..<0x800: out.append(0xC0 | UInt8(v >> 6)); out.append(0x80 | UInt8(v & 0x3F))
    case 0x800..<0x10000:
        out.append(0xE0 | UInt8(v >> 12)); out.append(0x80 | UInt8((v >> 6) & 0x3F)); out.append(0x80 | UInt8(v & 0x3F))
    default:
        out.append(0xF0 | UInt8(v >> 18)); out.append(0x80 | UInt8((v >> 12) & 0x3F))
        out.append(0x80 | UInt8((v >> 6) & 0x3F)); out.append(0x80 | UInt8(v & 0x3F))
    }
}

extension SourceText {
    /// Zero bytes kept just past the end of a validated text, in the array's spare capacity:
    /// libyaml reads its input up to a NUL and may look a few bytes past it.
    static let zeroPadding = [UInt8](repeating: 0, count: trailingZeros)
    /// How many: room a reader of files leaves after the text, zeroed, so that it is not copied.
    public static let trailingZeros = 8

    /// True when the `trailingZeros` bytes after `bytes`'s last one are zeros in its storage.
    /// `removeLast` leaves them there, but an array copied or rebuilt has none: checked before
    /// any use, never assumed. The bytes read lie inside the allocation (its capacity) but may
    /// never have been written; anything but zeros there only means that they are added. No
    /// one writes them while a `SourceText` holds the array: an array sharing its storage
    /// copies it before it grows.
    static func zerosFollow(_ bytes: [UInt8]) -> Bool {
        guard bytes.capacity >= bytes.count + trailingZeros else { return false }
        return bytes.withUnsafeBufferPointer {
            UnsafeRawPointer($0.baseAddress! + $0.count).loadUnaligned(as: UInt64.self) == 0
        }
    }

    /// True when libyaml may read the text in place (`LibYAMLDirectInput`): validated, not
    /// empty, and followed by zeros.
    var hasZeroPadding: Bool { isValidated && !bytes.isEmpty && SourceText.zerosFollow(bytes) }
}
