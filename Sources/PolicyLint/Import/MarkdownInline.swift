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
        func copy(_ r: Range<Int>) { text.append(raw.slice(r)) }
        var i = 0
        while i < n {
            let c = b[i]
            switch c {
            case 0x5C: // backslash escape
                if i + 1 < n, Bytes.isASCIIPunctuation(b[i + 1]) { copy((i + 1)..<(i + 2)); i += 2; continue }
            case 0x60: // code span
                let run = runLength(b, i, c)
                if let close = closingBackticks(b, from: i + run, length: run) {
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
                if let (end, keep) = angle(b, i) {
                    if let keep { copy(keep) } else if tagName(b, i) == "br" { text.appendSpace(at: raw.offsets[i]) }
                    i = end; continue
                }
            case 0x21: // image
                if i + 1 < n, b[i + 1] == 0x5B, let (_, end) = link(b, i + 1) { i = end; continue }
            case 0x5B: // link or footnote reference
                if i + 1 < n, b[i + 1] == 0x5E, let close = b[(i + 2)...].firstIndex(of: 0x5D), !b[(i + 2)..<close].contains(0x20) {
                    i = close + 1; continue
                }
                if depth < 8, let (inner, end) = link(b, i) {
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
                break
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
            if canClose, let o = openers.lastIndex(where: {
                if case let .delimiter(c, _, _, _) = pieces[$0] { return c == char }
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

    private func isWordByte(_ c: UInt8) -> Bool { Bytes.isAlnum(c) || c >= 0x80 }

    private func runLength(_ b: [UInt8], _ i: Int, _ c: UInt8) -> Int {
        var j = i
        while j < b.count, b[j] == c { j += 1 }
        return j - i
    }

    private func closingBackticks(_ b: [UInt8], from: Int, length: Int) -> Int? {
        var j = from
        while j < b.count {
            if b[j] == 0x60 {
                let run = runLength(b, j, 0x60)
                if run == length { return j }
                j += run
            } else {
                j += 1
            }
        }
        return nil
    }

    /// `[text](dest)`, `[text][ref]`, `[text][]`, or `[ref]` with a definition: the text's range
    /// and where the link ends.
    private func link(_ b: [UInt8], _ open: Int) -> (Range<Int>, Int)? {
        guard let close = matching(b, open, 0x5B, 0x5D) else { return nil }
        let inner = (open + 1)..<close
        let after = close + 1
        if after < b.count, b[after] == 0x28, let end = matching(b, after, 0x28, 0x29) { return (inner, end + 1) }
        if after < b.count, b[after] == 0x5B, let end = matching(b, after, 0x5B, 0x5D) {
            let ref = after + 1 == end ? inner : (after + 1)..<end
            if labels.contains(String(decoding: b[ref], as: UTF8.self).lowercased()) { return (inner, end + 1) }
        }
        if labels.contains(String(decoding: b[inner], as: UTF8.self).lowercased()) { return (inner, after) }
        return nil
    }

    /// The index of the bracket closing the one at `open`, skipping escapes and nested pairs.
    private func matching(_ b: [UInt8], _ open: Int, _ o: UInt8, _ c: UInt8) -> Int? {
        var depth = 0, j = open
        while j < b.count {
            if b[j] == 0x5C { j += 2; continue }
            if b[j] == o { depth += 1 } else if b[j] == c { depth -= 1; if depth == 0 { return j } }
            j += 1
        }
        return nil
    }

    /// At `<`: an autolink (keep the address), a tag or a comment (keep nothing): where it ends.
    private func angle(_ b: [UInt8], _ i: Int) -> (Int, Range<Int>?)? {
        let n = b.count
        if i + 3 < n, b[i + 1] == 0x21, b[i + 2] == 0x2D, b[i + 3] == 0x2D {
            var j = i + 4
            while j + 2 < n { if b[j] == 0x2D, b[j + 1] == 0x2D, b[j + 2] == 0x3E { return (j + 3, nil) }; j += 1 }
            return nil
        }
        guard let close = b[(i + 1)...].firstIndex(of: 0x3E) else { return nil }
        let inside = b[(i + 1)..<close]
        guard let first = inside.first else { return nil }
        if !inside.contains(0x20), inside.contains(0x3A) || inside.contains(0x40), Bytes.isASCIILetter(first) {
            return (close + 1, (i + 1)..<close) // <https://example.com>, <help@example.com>
        }
        if Bytes.isASCIILetter(first) || (first == 0x2F && inside.count > 1 && Bytes.isASCIILetter(inside[inside.startIndex + 1])) {
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
