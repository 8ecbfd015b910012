/// Markdown inline markup: the words stay, the markup goes. `**bold**`, `*em*`, `_em_`, `~~del~~`
/// lose their delimiters (only paired ones: a lone `*` is text); `` `code` `` keeps its text;
/// `[text](url)`, `[text][ref]` and `[ref]` keep the text; images, footnote references and HTML
/// tags go; `<https://...>` keeps the address; `\*` is `*`; entities are decoded.
struct MarkdownInline {
    let source: [UInt8]
    /// Reference-definition labels, lowercased.
    let labels: Set<String>

    /// A piece of output: text, or a run of emphasis delimiters that may pair up.
    private enum Piece {
        case text(MappedText)
        case delimiter(char: UInt8, run: MappedText, canOpen: Bool, canClose: Bool)
    }

    func render(_ raw: MappedText) -> MappedText {
        render(raw, depth: 0)
    }

    private func render(_ raw: MappedText, depth: Int) -> MappedText {
        let b = raw.bytes
        let n = b.count
        var pieces: [Piece] = []
        var text = MappedText()
        func emit() { if !text.isEmpty { pieces.append(.text(text)); text = MappedText() } }
        // After markup that leaves no text (an image, a tag), a space that would double the one
        // before it is left out: "a ![logo](x) b" reads "a b".
        var dropped = false
        func copy(_ r: Range<Int>) {
            if dropped, r.count == 1, b[r.lowerBound] == 0x20, text.bytes.last == 0x20 { dropped = false; return }
            dropped = false
            text.append(raw, r)
        }
        var scan = Scan(b)
        var i = 0
        while i < n {
            let c = b[i]
            switch c {
            case 0x5C: // backslash escape
                if i + 1 < n, Bytes.isASCIIPunctuation(b[i + 1]) { copy((i + 1)..<(i + 2)); i += 2; continue }
            case 0x60: // code span
                let run = runLength(b, i, c)
                if let close = scan.closingBackticks(i) {
                    var r = (i + run)..<close
                    if r.count >= 2, b[r.lowerBound] == 0x20, b[r.upperBound - 1] == 0x20 { r = (r.lowerBound + 1)..<(r.upperBound - 1) }
                    copy(r); i = close + run; continue
                }
                copy(i..<(i + run)); i += run; continue
            case 0x26: // entity
                if let (scalar, len) = HTMLEntity.decode(b, i, n) {
                    let start = raw.offsets[i], end = raw.offsets[i + len - 1] + 1
                    text.append(decoded: scalar, spelled: start..<end)
                    i += len; continue
                }
            case 0x3C: // autolink, HTML tag or comment
                if let (end, keep) = angle(b, i, &scan) {
                    if let keep { copy(keep) } else if tagName(b, i) == "br" { text.appendSpace(at: raw.offsets[i]) }
                    dropped = keep == nil
                    i = end; continue
                }
            case 0x21: // image
                if i + 1 < n, b[i + 1] == 0x5B, let (_, end) = link(b, i + 1, scan) { i = end; dropped = true; continue }
            case 0x5B: // link or footnote reference
                if i + 1 < n, b[i + 1] == 0x5E, let close = b[(i + 2)..<min(n, i + 64)].firstIndex(of: 0x5D), !b[(i + 2)..<close].contains(0x20) {
                    i = close + 1; dropped = true; continue
                }
                if depth < 8, let (inner, end) = link(b, i, scan) {
                    text.append(render(raw.slice(inner), depth: depth + 1))
                    i = end; continue
                }
            case 0x2A, 0x5F, 0x7E: // * _ ~
                let run = runLength(b, i, c)
                if c == 0x7E, run < 2 { break }
                let before: UInt8 = i > 0 ? b[i - 1] : 0x20
                let after: UInt8 = i + run < n ? b[i + run] : 0x20
                let spaceBefore = Bytes.isSpace(before), spaceAfter = Bytes.isSpace(after)
                var canOpen = !spaceAfter, canClose = !spaceBefore
                if c == 0x5F { // intraword underscores are text: snake_case
                    canOpen = canOpen && !isWordByte(before)
                    canClose = canClose && !isWordByte(after)
                }
                if canOpen || canClose {
                    emit()
                    pieces.append(.delimiter(char: c, run: raw.slice(i..<(i + run)), canOpen: canOpen, canClose: canClose))
                    i += run; continue
                }
                copy(i..<(i + run)); i += run; continue
            default:
                // Plain text up to the next byte that may start markup, in one piece.
                guard c != 0x20 else { break }
                var j = i + 1
                while j < n, !MarkdownInline.special[Int(b[j])] { j += 1 }
                copy(i..<j); i = j; continue
            }
            copy(i..<(i + 1)); i += 1
        }
        emit()
        return pair(pieces)
    }

    /// Drops delimiters that pair up (an opener with the nearest later closer of the same
    /// character); unpaired ones are text.
    private func pair(_ pieces: [Piece]) -> MappedText {
        var dropped = Set<Int>()
        var openers: [Int] = []
        for (k, p) in pieces.enumerated() {
            guard case let .delimiter(char, _, canOpen, canClose) = p else { continue }
            // Only the nearest openers are searched, so odd input cannot make this quadratic.
            if canClose, let o = openers.indices.suffix(MarkdownInline.searchDepth).last(where: {
                if case let .delimiter(c, _, _, _) = pieces[openers[$0]] { return c == char }
                return false
            }) {
                dropped.insert(openers[o]); dropped.insert(k)
                openers.removeSubrange(o...)
                continue
            }
            if canOpen { openers.append(k) }
        }
        var out = MappedText()
        for (k, p) in pieces.enumerated() {
            switch p {
            case .text(let t): out.append(t)
            case .delimiter(_, let run, _, _): if !dropped.contains(k) { out.append(run) }
            }
        }
        return out
    }

    /// How far a tag may reach, and how many open delimiters are searched: beyond these, markup is
    /// read as text. With `Scan`, every block takes time linear in its length.
    static let reach = 4096
    static let searchDepth = 64
    /// Bytes that may start markup: \ ` & < ! [ * _ ~ (and a space, which may follow dropped markup).
    static let special: [Bool] = (0..<256).map { "\\`&<![*_~ ".utf8.contains(UInt8($0)) }

    private func isWordByte(_ c: UInt8) -> Bool { Bytes.isAlnum(c) || c >= 0x80 }

    private func runLength(_ b: [UInt8], _ i: Int, _ c: UInt8) -> Int {
        var j = i
        while j < b.count, b[j] == c { j += 1 }
        return j - i
    }

    /// `[text](dest)`, `[text][ref]`, `[text][]`, or `[ref]` with a definition: the text's range
    /// and where the link ends.
    private func link(_ b: [UInt8], _ open: Int, _ scan: Scan) -> (Range<Int>, Int)? {
        guard let close = scan.closing(open) else { return nil }
        let inner = (open + 1)..<close
        let after = close + 1
        if after < b.count, b[after] == 0x28, let end = scan.closing(after) { return (inner, end + 1) }
        if after < b.count, b[after] == 0x5B, let end = scan.closing(after) {
            let ref = after + 1 == end ? inner : (after + 1)..<end
            if labels.contains(String(decoding: b[ref], as: UTF8.self).lowercased()) { return (inner, end + 1) }
        }
        if labels.contains(String(decoding: b[inner], as: UTF8.self).lowercased()) { return (inner, after) }
        return nil
    }

    /// At `<`: an autolink (keep the address), a tag or a comment (keep nothing): where it ends.
    private func angle(_ b: [UInt8], _ i: Int, _ scan: inout Scan) -> (Int, Range<Int>?)? {
        let n = b.count
        if i + 3 < n, b[i + 1] == 0x21, b[i + 2] == 0x2D, b[i + 3] == 0x2D {
            let end = scan.commentEnd.next(b, from: i + 4) { b, j in j + 2 < b.count && b[j] == 0x2D && b[j + 1] == 0x2D && b[j + 2] == 0x3E }
            return end < n ? (end + 3, nil) : nil
        }
        guard i + 1 < n else { return nil }
        let close = scan.greater.next(b, from: i + 1) { b, j in b[j] == 0x3E }
        // No tag or autolink holds another '<'.
        guard close < n, close - i <= MarkdownInline.reach, scan.less.next(b, from: i + 1, { b, j in b[j] == 0x3C }) > close else { return nil }
        let first = b[i + 1]
        if Bytes.isASCIILetter(first), scan.space.next(b, from: i + 1, { b, j in b[j] == 0x20 || b[j] == 0x09 }) > close,
           scan.colonOrAt.next(b, from: i + 1, { b, j in b[j] == 0x3A || b[j] == 0x40 }) < close {
            return (close + 1, (i + 1)..<close) // <https://example.com>, <help@example.com>
        }
        if Bytes.isASCIILetter(first) || (first == 0x2F && i + 2 < close && Bytes.isASCIILetter(b[i + 2])) {
            return (close + 1, nil)
        }
        return nil
    }

    private func tagName(_ b: [UInt8], _ i: Int) -> String {
        var j = i + 1
        while j < b.count, Bytes.isAlnum(b[j]) { j += 1 }
        return String(decoding: b[(i + 1)..<j], as: UTF8.self).lowercased()
    }
}

/// Where brackets, code spans and the next of some byte are, found in passes over one block,
/// so odd input (`[[[[`, many '<' and no '>') costs linear time.
struct Scan {
    /// For `[` and `(`: the index of the bracket that closes it (-1: none). Escaped brackets and
    /// brackets inside code spans do not count.
    private var closeOf: [Int32]
    /// For a run of backticks: where the next run of the same length starts.
    private var tickClose: [Int: Int] = [:]
    var greater = NextFinder(), less = NextFinder(), space = NextFinder(), colonOrAt = NextFinder(), commentEnd = NextFinder()

    init(_ b: [UInt8]) {
        closeOf = [Int32](repeating: -1, count: b.count)
        var runs: [(start: Int, length: Int)] = []
        var i = 0
        while i < b.count {
            if b[i] == 0x60 {
                var j = i
                while j < b.count, b[j] == 0x60 { j += 1 }
                runs.append((i, j - i)); i = j
            } else {
                i += 1
            }
        }
        var next: [Int: Int] = [:]
        for run in runs.reversed() {
            if let close = next[run.length] { tickClose[run.start] = close }
            next[run.length] = run.start
        }
        var square: [Int] = [], round: [Int] = []
        i = 0
        while i < b.count {
            switch b[i] {
            case 0x5C: i += 1
            case 0x60:
                var j = i
                while j < b.count, b[j] == 0x60 { j += 1 }
                if let close = tickClose[i] {
                    var k = close
                    while k < b.count, b[k] == 0x60 { k += 1 }
                    i = k - 1
                } else {
                    i = j - 1
                }
            case 0x5B: square.append(i)
            case 0x28: round.append(i)
            case 0x5D: if let o = square.popLast() { closeOf[o] = Int32(i) }
            case 0x29: if let o = round.popLast() { closeOf[o] = Int32(i) }
            default: break
            }
            i += 1
        }
    }

    func closing(_ open: Int) -> Int? {
        let c = closeOf[open]
        return c < 0 ? nil : Int(c)
    }

    func closingBackticks(_ start: Int) -> Int? { tickClose[start] }
}

/// The first index at or after a position where a test holds; positions asked for go forward,
/// so all queries together take one pass.
struct NextFinder {
    private var found = -1
    private var from = Int.max

    mutating func next(_ b: [UInt8], from i: Int, _ test: ([UInt8], Int) -> Bool) -> Int {
        if found >= i, from <= i { return found }
        var j = i
        while j < b.count, !test(b, j) { j += 1 }
        found = j
        from = i
        return j
    }
}
