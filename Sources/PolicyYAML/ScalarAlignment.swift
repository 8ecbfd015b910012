/// The walk that aligns a scalar's value bytes with its source bytes (see `ScalarSourceMap`).
///
/// A scalar's value differs from its source: quotes, escapes, folded line breaks, block
/// indentation. Every non-space character of the value appears in the source in order (escapes
/// and `''` aside, which are decoded here), so one forward walk aligns the two exactly.
///
/// The walk reports each value byte once, in order, to a sink: the source offset it comes from
/// and the offset just after the text that produced it (after the whole escape `\u00e9`, after
/// both quotes of `''`).
protocol ScalarAlignmentSink {
    /// Value bytes `i..<i+count` come from source bytes `j..<j+count`, one each.
    mutating func identity(value i: Int, source j: Int, count: Int)
    /// Value byte `i` comes from source offset `j`; its text ends at `end`.
    mutating func single(value i: Int, source j: Int, end: Int)
}

enum ScalarAlignment {
    /// Aligns `value` (of a scalar written in `style`) with `s[from..<to]`.
    ///
    /// With `fastRuns`, a stretch of value bytes that equal the source bytes and that the general
    /// step would map one to one (no escape, no `''`, no fold) is reported as one identity run
    /// instead of byte by byte. The general step reports the same offsets for those bytes:
    /// `ScalarAlignmentRunsTests` compares both on the YAML test suite and on tricky inputs.
    static func walk<Sink: ScalarAlignmentSink>(
        _ value: UnsafeBufferPointer<UInt8>, style: ScalarStyle, source s: UnsafeBufferPointer<UInt8>,
        from: Int, to: Int, fastRuns: Bool, into sink: inout Sink
    ) {
        var position = start(style: style, source: s, from: from, to: to)
        walk(value, style: style, source: s, from: from, to: to, fastRuns: fastRuns, at: &position,
             through: value.count - 1, into: &sink)
    }

    /// Where a walk stands between two steps: the next value byte and the source offset the
    /// walk reads on from. A walk stopped there and continued later reports what one walk does.
    struct Position: Sendable {
        var value: Int
        var source: Int
    }

    /// Where the walk of a scalar starts: its first value byte, and the source after the node's
    /// properties and the scalar's opening quote or block header.
    static func start(style: ScalarStyle, source s: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Position {
        let end = min(to, s.count)
        var j = from
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        @inline(__always) func isBreak(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }
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
                    while j < end, !isBreak(s[j]) { j += 1 }
                } else { break }
            }
        }
        switch style {
        case .singleQuoted, .doubleQuoted:
            j += 1 // opening quote
        case .literal, .folded:
            while j < end, !isBreak(s[j]) { j += 1 } // header line
        case .plain:
            break
        }
        return Position(value: 0, source: j)
    }

    /// Walks on from `position` while the value byte is at most `last` (the bytes before
    /// `position.value` were reported), and leaves `position` where it stopped.
    static func walk<Sink: ScalarAlignmentSink>(
        _ value: UnsafeBufferPointer<UInt8>, style: ScalarStyle, source s: UnsafeBufferPointer<UInt8>,
        from: Int, to: Int, fastRuns: Bool, at position: inout Position, through last: Int, into sink: inout Sink
    ) {
        let n = value.count
        let end = min(to, s.count)
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        @inline(__always) func isBreak(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }
        var i = position.value, j = position.source
        defer { position = Position(value: i, source: j) }
        let dq = style == .doubleQuoted, sq = style == .singleQuoted
        while i < n, i <= last {
            // Escaped line breaks in double quotes produce nothing.
            while dq, j + 1 < end, s[j] == 0x5C, isBreak(s[j + 1]) {
                j += 2
                while j < end, isSpace(s[j]) { j += 1 }
            }
            guard j < end else {
                let lastByte = max(from, end - 1)
                for k in i..<n { sink.single(value: k, source: lastByte, end: end) }
                i = n
                break
            }
            if fastRuns {
                // Equal bytes that the steps below would map one to one: in double quotes not a
                // backslash (escape) nor a blank whose whitespace run could hold a line break
                // (fold); in single quotes not a quote (`''`). Elsewhere any equal byte.
                var k = 0
                let vp = UnsafeRawPointer(value.baseAddress!), sp = UnsafeRawPointer(s.baseAddress!)
                if dq {
                    // Eight bytes at a time while they are equal, hold no backslash or line break,
                    // and no blank is followed by whitespace (the byte after each is read from
                    // the source one byte on): the byte loop's tests, for eight bytes at once.
                    let ones: UInt64 = 0x0101_0101_0101_0101
                    while i + k + 8 <= n, j + k + 9 <= end {
                        let a = vp.loadUnaligned(fromByteOffset: i + k, as: UInt64.self)
                        if a != sp.loadUnaligned(fromByteOffset: j + k, as: UInt64.self) { break }
                        if zeroBytes(a ^ (0x5C &* ones)) | zeroBytes(a ^ (0x0A &* ones)) | zeroBytes(a ^ (0x0D &* ones)) != 0 { break }
                        let blank = zeroBytes(a ^ (0x20 &* ones)) | zeroBytes(a ^ (0x09 &* ones))
                        if blank != 0 {
                            let after = sp.loadUnaligned(fromByteOffset: j + k + 1, as: UInt64.self)
                            let space = zeroBytes(after ^ (0x20 &* ones)) | zeroBytes(after ^ (0x09 &* ones))
                                | zeroBytes(after ^ (0x0A &* ones)) | zeroBytes(after ^ (0x0D &* ones))
                            if blank & space != 0 { break }
                        }
                        k += 8
                    }
                } else {
                    // Eight bytes at a time while they are equal (in single quotes: and hold no
                    // quote); the byte loop below finds where the run ends within the next eight.
                    while i + k + 8 <= n, j + k + 8 <= end {
                        let a = vp.loadUnaligned(fromByteOffset: i + k, as: UInt64.self)
                        if a != sp.loadUnaligned(fromByteOffset: j + k, as: UInt64.self) { break }
                        if sq {
                            let x = a ^ 0x2727_2727_2727_2727 // a zero byte where a quote was
                            if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0 { break }
                        }
                        k += 8
                    }
                }
                while i + k < n, j + k < end {
                    let v = value[i + k]
                    guard v == s[j + k] else { break }
                    if dq {
                        if v == 0x5C || isBreak(v) { break }
                        if v == 0x20 || v == 0x09, j + k + 1 < end, isSpace(s[j + k + 1]) { break }
                    } else if sq, v == 0x27 {
                        break
                    }
                    k += 1
                }
                if k > 0 {
                    sink.identity(value: i, source: j, count: k)
                    i += k
                    j += k
                    continue
                }
            }
            let v = value[i]
            if dq, !isSpace(v) {
                // Source whitespace before a non-space value byte was folded or trimmed; skip it
                // so that an escape after a folded line break is read as an escape.
                while j < end, isSpace(s[j]) || (s[j] == 0x5C && j + 1 < end && isBreak(s[j + 1])) {
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
                    while produced > 0, i < n, isSpace(value[i]) {
                        sink.single(value: i, source: j, end: r)
                        i += 1; produced -= 1
                    }
                    j = r
                    continue
                }
            }
            if dq, s[j] == 0x5C {
                let (produced, consumed) = escapeLength(s, at: j, end: end)
                for k in i..<min(i + produced, n) { sink.single(value: k, source: j, end: min(j + consumed, end)) }
                i += max(produced, 1)
                j += consumed
                continue
            }
            if isSpace(v) {
                let at = j
                if s[j] == v { j += 1 }
                sink.single(value: i, source: at, end: j)
                i += 1
                continue
            }
            while j < end, s[j] != v, isSpace(s[j]) || (dq && s[j] == 0x5C && j + 1 < end && isBreak(s[j + 1])) {
                j += 1
            }
            if j >= end { continue }
            let at = j
            if sq, v == 0x27, j + 1 < end, s[j] == 0x27, s[j + 1] == 0x27 { j += 2 } else { j += 1 }
            sink.single(value: i, source: at, end: j)
            i += 1
        }
    }

    /// 0x80 in each byte of `x` that is zero, 0 in every other (exact: no borrow crosses bytes).
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low) &+ low) | x | low)
    }

    /// For a double-quoted escape at `j`: bytes it produces in the value, bytes it spans in the source.
    static func escapeLength(_ s: UnsafeBufferPointer<UInt8>, at j: Int, end: Int) -> (Int, Int) {
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

/// One offset pair per value byte (the reference form, used by tests).
struct ScalarAlignmentArrays: ScalarAlignmentSink {
    var starts: [Int]
    var ends: [Int]

    init(count: Int, from: Int) {
        starts = [Int](repeating: from, count: count)
        ends = [Int](repeating: from, count: count)
    }

    mutating func identity(value i: Int, source j: Int, count: Int) {
        for k in 0..<count { starts[i + k] = j + k; ends[i + k] = j + k + 1 }
    }

    mutating func single(value i: Int, source j: Int, end: Int) {
        starts[i] = j; ends[i] = end
    }
}

/// The alignment as runs: most value bytes come one to one from consecutive source bytes, so
/// a scalar needs a handful of runs, not two offsets per byte.
struct ScalarAlignmentRuns: ScalarAlignmentSink {
    /// Value bytes from `value` up to the next run's `value`. Identity run (`end == nil`): byte
    /// `value + d` comes from `source + d` and ends after it. Otherwise every byte comes from
    /// `source` and ends at `end` (an escape, a fold, a doubled quote).
    struct Run {
        var value: Int
        var source: Int
        var end: Int?
    }

    var runs: [Run] = []

    // The walk reports every value byte once, in order, so a run ends where the next begins.
    mutating func identity(value i: Int, source j: Int, count: Int) {
        if let last = runs.last, last.end == nil, last.source + (i - last.value) == j { return }
        runs.append(Run(value: i, source: j, end: nil))
    }

    mutating func single(value i: Int, source j: Int, end: Int) {
        if let last = runs.last {
            if last.end == nil, end == j + 1, last.source + (i - last.value) == j { return } // extends the identity run
            if last.end == end, last.source == j { return } // repeats the constant run
        }
        runs.append(Run(value: i, source: j, end: end == j + 1 ? nil : end))
    }

    /// Source offset and end of value byte `i` (`i` in the value).
    func offsets(of i: Int) -> (start: Int, end: Int) {
        var lo = 0, hi = runs.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if runs[mid].value <= i { lo = mid } else { hi = mid - 1 }
        }
        let run = runs[lo]
        if let end = run.end { return (run.source, end) }
        let at = run.source + (i - run.value)
        return (at, at + 1)
    }
}
