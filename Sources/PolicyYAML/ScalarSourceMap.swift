/// Maps byte offsets inside a scalar's value back to positions in the file.
///
/// A scalar's value differs from its source: quotes, escapes, folded line breaks, block
/// indentation. Every non-space character of the value appears in the source in order (escapes
/// and `''` aside, which are decoded here), so one forward walk aligns the two exactly. It runs
/// only for scalars that have findings.
public struct ScalarSourceMap: Sendable {
    /// Source byte offset of each value byte.
    private let sourceOffsets: [Int]
    /// Source byte offset just after the text that produced each value byte: after the whole
    /// escape (`\u00e9`), after both quotes of `''`.
    private let sourceEnds: [Int]
    private let source: SourceText
    private let fallback: Mark

    public init(node: YAMLNode, source: SourceText) {
        self.source = source
        self.fallback = node.start
        guard case .scalar(let value, let style) = node.content else {
            sourceOffsets = []
            sourceEnds = []
            return
        }
        (sourceOffsets, sourceEnds) = ScalarSourceMap.align(Array(value.utf8), style: style, source: source.bytes,
                                                            from: node.start.offset, to: max(node.start.offset, node.end.offset))
    }

    /// Position of the value byte at `offset`.
    public func mark(at offset: Int) -> Mark {
        guard !sourceOffsets.isEmpty else { return fallback }
        return source.mark(atByte: sourceOffsets[max(0, min(offset, sourceOffsets.count - 1))])
    }

    /// Start and end (exclusive) positions of the value bytes `range`.
    public func span(_ range: Range<Int>) -> (start: Mark, end: Mark) {
        guard !sourceOffsets.isEmpty else { return (fallback, fallback) }
        let start = mark(at: range.lowerBound)
        let last = max(range.lowerBound, range.upperBound - 1)
        let endByte = sourceEnds[max(0, min(last, sourceEnds.count - 1))]
        return (start, source.mark(atByte: endByte))
    }

    static func align(_ value: [UInt8], style: ScalarStyle, source s: [UInt8], from: Int, to: Int) -> ([Int], [Int]) {
        var map = [Int](repeating: from, count: value.count)
        var ends = [Int](repeating: from, count: value.count)
        let end = min(to, s.count)
        var j = from
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        // A node starts at its properties (`&anchor`, `!tag`), possibly followed by comments and
        // line breaks before the content; a scalar's content never starts with `&` or `!`.
        func isAnchorChar(_ b: UInt8) -> Bool { // libyaml's anchor names: ASCII letters, digits, - and _
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
        while j < end, s[j] == 0x26 || s[j] == 0x21 {
            if s[j] == 0x26 {
                j += 1
                while j < end, isAnchorChar(s[j]) { j += 1 }
            } else {
                while j < end, !isSpace(s[j]) { j += 1 }
            }
            while j < end {
                if isSpace(s[j]) { j += 1 } else if s[j] == 0x23 {
                    while j < end, s[j] != 0x0A, s[j] != 0x0D { j += 1 }
                } else { break }
            }
        }
        switch style {
        case .singleQuoted, .doubleQuoted:
            j += 1 // opening quote
        case .literal, .folded:
            while j < end, s[j] != 0x0A, s[j] != 0x0D { j += 1 } // header line
        case .plain:
            break
        }
        let dq = style == .doubleQuoted, sq = style == .singleQuoted
        var i = 0
        while i < value.count {
            // Escaped line breaks in double quotes produce nothing.
            while dq, j + 1 < end, s[j] == 0x5C, s[j + 1] == 0x0A || s[j + 1] == 0x0D {
                j += 2
                while j < end, isSpace(s[j]) { j += 1 }
            }
            guard j < end else {
                for k in i..<value.count { map[k] = max(from, end - 1); ends[k] = end }
                break
            }
            let v = value[i]
            if dq, !isSpace(v) {
                // Source whitespace before a non-space value byte was folded or trimmed; skip it
                // so that an escape after a folded line break is read as an escape.
                while j < end, isSpace(s[j]) || (s[j] == 0x5C && j + 1 < end && (s[j + 1] == 0x0A || s[j + 1] == 0x0D)) {
                    j += s[j] == 0x5C ? 2 : 1
                }
                if j >= end { continue }
            }
            if dq, isSpace(v), isSpace(s[j]) {
                // A run of source whitespace with a line break is a fold (trailing and leading
                // whitespace go): one break reads as a space, n breaks as n-1 line feeds.
                var r = j, breaks = 0
                while r < end, isSpace(s[r]) {
                    if s[r] == 0x0A || (s[r] == 0x0D && !(r + 1 < end && s[r + 1] == 0x0A)) { breaks += 1 }
                    r += 1
                }
                if breaks > 0 {
                    var produced = breaks == 1 ? 1 : breaks - 1
                    while produced > 0, i < value.count, isSpace(value[i]) {
                        map[i] = j; ends[i] = r
                        i += 1; produced -= 1
                    }
                    j = r
                    continue
                }
            }
            if dq, s[j] == 0x5C {
                let (produced, consumed) = escapeLength(s, at: j, end: end)
                for k in i..<min(i + produced, value.count) { map[k] = j; ends[k] = min(j + consumed, end) }
                i += max(produced, 1)
                j += consumed
                continue
            }
            if isSpace(v) {
                map[i] = j
                if s[j] == v { j += 1 }
                ends[i] = j
                i += 1
                continue
            }
            while j < end, s[j] != v, isSpace(s[j]) || (dq && s[j] == 0x5C && j + 1 < end && (s[j + 1] == 0x0A || s[j + 1] == 0x0D)) {
                j += 1
            }
            if j >= end { continue }
            map[i] = j
            if sq, v == 0x27, j + 1 < end, s[j] == 0x27, s[j + 1] == 0x27 { j += 2 } else { j += 1 }
            ends[i] = j
            i += 1
        }
        return (map, ends)
    }

    /// For a double-quoted escape at `j`: bytes it produces in the value, bytes it spans in the source.
    static func escapeLength(_ s: [UInt8], at j: Int, end: Int) -> (Int, Int) {
        guard j + 1 < end else { return (1, 1) }
        func hexValue(_ count: Int) -> UInt32? {
            guard j + 2 + count <= end else { return nil }
            var v: UInt32 = 0
            for k in 0..<count {
                let c = s[j + 2 + k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v << 4 | d
            }
            return v
        }
        func utf8Length(_ v: UInt32) -> Int { v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4 }
        switch s[j + 1] {
        case UInt8(ascii: "x"): return (utf8Length(hexValue(2) ?? 0), 4)
        case UInt8(ascii: "u"): return (utf8Length(hexValue(4) ?? 0), 6)
        case UInt8(ascii: "U"): return (utf8Length(hexValue(8) ?? 0), 10)
        case UInt8(ascii: "N"), UInt8(ascii: "_"): return (2, 2)
        case UInt8(ascii: "L"), UInt8(ascii: "P"): return (3, 2)
        default: return (1, 2)
        }
    }
}
