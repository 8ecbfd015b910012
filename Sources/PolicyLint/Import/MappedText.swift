/// Text taken out of a file in another format, with the byte offset in that file of every
/// UTF-8 byte. Markup is left out; the words keep their bytes and so their offsets.
struct MappedText: Sendable {
    var bytes: [UInt8] = []
    /// `offsets[i]` is where `bytes[i]` came from in the original file.
    var offsets: [Int] = []

    var isEmpty: Bool { bytes.isEmpty }
    var count: Int { bytes.count }
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Copies original bytes as they are.
    mutating func append(from source: [UInt8], _ range: Range<Int>) {
        bytes.append(contentsOf: source[range])
        offsets.append(contentsOf: range)
    }

    mutating func append(_ byte: UInt8, at offset: Int) {
        bytes.append(byte)
        offsets.append(offset)
    }

    /// Part of another mapped text, with its offsets.
    mutating func append(_ other: MappedText, _ range: Range<Int>) {
        bytes.append(contentsOf: other.bytes[range])
        offsets.append(contentsOf: other.offsets[range])
    }

    mutating func append(_ other: MappedText) {
        bytes.append(contentsOf: other.bytes)
        offsets.append(contentsOf: other.offsets)
    }

    /// A character written another way in the original (`&rsquo;`, `&#233;`): its first byte maps
    /// to where the spelling starts and its last to where it ends, so an underline covers it.
    mutating func append(decoded scalar: Unicode.Scalar, spelled range: Range<Int>) {
        let utf8 = Array(String(scalar).utf8)
        for (k, b) in utf8.enumerated() {
            bytes.append(b)
            offsets.append(k == utf8.count - 1 && k > 0 ? range.upperBound - 1 : range.lowerBound)
        }
    }

    /// A line break (or other layout) inside running text: one space, never at the start and
    /// never after another space.
    mutating func appendSpace(at offset: Int) {
        guard let last = bytes.last, last != 0x20 else { return }
        bytes.append(0x20)
        offsets.append(offset)
    }

    /// Without leading and trailing spaces and tabs.
    func trimmed() -> MappedText {
        var lo = 0, hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        return slice(lo..<hi)
    }

    func slice(_ range: Range<Int>) -> MappedText {
        MappedText(bytes: Array(bytes[range]), offsets: Array(offsets[range]))
    }
}

/// What a run of text is in its document.
enum BlockKind: Equatable, Sendable {
    case heading(level: Int)
    case paragraph
    case listItem
    case tableCell
}

/// A heading, paragraph, list item or table cell: sentences never cross blocks.
struct TextBlock: Sendable {
    var kind: BlockKind
    var text: MappedText
}

/// What an extractor found: the blocks in order, and a title the format states outright
/// (HTML `<title>`, Markdown front matter `title:`).
struct ExtractedText: Sendable {
    var blocks: [TextBlock] = []
    var declaredTitle: String?

    mutating func add(_ kind: BlockKind, _ text: MappedText) {
        let t = text.trimmed()
        if !t.isEmpty { blocks.append(TextBlock(kind: kind, text: t)) }
    }
}

/// One line of a file: `start..<end` is its content, `next` where the following line starts.
/// Lines break where SourceText breaks them (LF, CRLF, CR, NEL, LS, PS), so positions agree.
struct SourceLine {
    var start: Int
    var end: Int
    var next: Int

    static func split(_ b: [UInt8]) -> [SourceLine] {
        var lines: [SourceLine] = []
        var start = 0, i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            var breakLength = 0
            if c == 0x0A { breakLength = 1 }
            else if c == 0x0D { breakLength = i + 1 < n && b[i + 1] == 0x0A ? 2 : 1 }
            else if c == 0xC2, i + 1 < n, b[i + 1] == 0x85 { breakLength = 2 }
            else if c == 0xE2, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { breakLength = 3 }
            if breakLength > 0 {
                lines.append(SourceLine(start: start, end: i, next: i + breakLength))
                i += breakLength
                start = i
            } else {
                i += 1
            }
        }
        if start < n { lines.append(SourceLine(start: start, end: n, next: n)) }
        return lines
    }
}

/// Byte classes shared by the extractors and the splitter.
enum Bytes {
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    static func isASCIILetter(_ b: UInt8) -> Bool { isLower(b) || isUpper(b) }
    static func isAlnum(_ b: UInt8) -> Bool { isASCIILetter(b) || isDigit(b) }
    static func isASCIIPunctuation(_ b: UInt8) -> Bool {
        (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
    }

    /// The range of `range` without leading and trailing spaces and tabs.
    static func trim(_ b: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi, isSpace(b[lo]) { lo += 1 }
        while hi > lo, isSpace(b[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    /// Columns of leading indentation (a tab counts to the next multiple of 4).
    static func indent(_ b: [UInt8], _ range: Range<Int>) -> (columns: Int, end: Int) {
        var i = range.lowerBound, cols = 0
        while i < range.upperBound, isSpace(b[i]) {
            cols = b[i] == 0x09 ? (cols / 4 + 1) * 4 : cols + 1
            i += 1
        }
        return (cols, i)
    }

    /// Decodes the scalar at `i` (the bytes are valid UTF-8).
    static func scalar(_ b: [UInt8], _ i: Int) -> (Unicode.Scalar, Int) {
        Tokenizer.decode(b, i)
    }

    static func hasLetterOrDigit(_ b: [UInt8]) -> Bool {
        var i = 0
        while i < b.count {
            let (s, len) = scalar(b, i)
            if Tokenizer.isWordScalar(s) { return true }
            i += len
        }
        return false
    }
}
