import Foundation

/// Markdown (CommonMark's block structure, simplified): ATX (`## Refunds`) and setext
/// headings, paragraphs, list items (`-`, `*`, `+`, `1.`, `1)`, and the lettered `a)`, `(a)`
/// of legal text), block quotes, tables (one block per cell), a line wholly in bold as a heading.
/// Code (fenced or indented), front matter, HTML comments, thematic breaks and link reference
/// definitions are not text. Inline markup is handled by `MarkdownInline`.
enum MarkdownExtractor {
    static func extract(_ b: [UInt8]) -> ExtractedText {
        var out = ExtractedText()
        let lines = SourceLine.split(b)
        var first = 0
        if let (end, title) = frontMatter(b, lines) { first = end; out.declaredTitle = title }
        let labels = referenceLabels(b, lines[first...])
        let inline = MarkdownInline(source: b, labels: labels)

        var kind = BlockKind.paragraph
        var raw = MappedText()
        var lineCount = 0
        var lastBreak = 0
        var lastWasList = false
        var fence: (char: UInt8, length: Int)?
        var inComment = false

        func flush() {
            guard !raw.isEmpty else { kind = .paragraph; lineCount = 0; return }
            var blockKind = kind
            if blockKind == .paragraph, lineCount == 1, let inner = boldLine(raw) {
                let text = inline.render(inner)
                if HeadingGuess.looksLikeHeading(text.bytes, 0..<text.count, labelled: nil, standalone: true) {
                    blockKind = .heading(level: 6)
                }
            }
            out.add(blockKind, inline.render(raw))
            raw = MappedText(); lineCount = 0; kind = .paragraph
        }

        for line in lines[first...] {
            defer { lastBreak = line.end }
            let (indent, contentStart) = Bytes.indent(b, line.start..<line.end)
            var content = Bytes.trim(b, contentStart..<line.end)
            if let f = fence {
                if indent < 4, fenceRun(b, content, f.char) >= f.length,
                   Bytes.trim(b, (content.lowerBound + fenceRun(b, content, f.char))..<content.upperBound).isEmpty {
                    fence = nil
                }
                continue
            }
            if inComment {
                if contains(b, content, "-->") { inComment = false }
                continue
            }
            if content.isEmpty { flush(); continue }
            if indent < 4, let c = [UInt8(ascii: "`"), UInt8(ascii: "~")].first(where: { fenceRun(b, content, $0) >= 3 }) {
                flush(); lastWasList = false
                fence = (c, fenceRun(b, content, c))
                continue
            }
            if indent >= 4, lineCount == 0, !lastWasList { continue } // indented code
            // Block quotes: the markers go, the text stays.
            while !content.isEmpty, b[content.lowerBound] == 0x3E {
                content = Bytes.trim(b, (content.lowerBound + 1)..<content.upperBound)
            }
            if content.isEmpty { flush(); continue }
            if startsWith(b, content, "<!--") {
                flush()
                if !contains(b, content, "-->") { inComment = true }
                continue
            }
            if let (level, text) = atxHeading(b, content) {
                flush(); lastWasList = false
                kind = .heading(level: level)
                raw.append(from: b, text)
                flush()
                continue
            }
            if let level = setextLevel(b, content), kind == .paragraph, lineCount > 0 {
                kind = .heading(level: level)
                flush()
                continue
            }
            if isThematicBreak(b, content) { flush(); lastWasList = false; continue }
            if b[content.lowerBound] == 0x7C { // | table | row |
                flush(); lastWasList = false
                if !isDelimiterRow(b, content) {
                    for cell in cells(b, content) {
                        var t = MappedText()
                        t.append(from: b, cell)
                        out.add(.tableCell, inline.render(t))
                    }
                }
                continue
            }
            if isReferenceDefinition(b, content) { flush(); continue }
            if let textStart = footnoteDefinition(b, content) {
                flush(); lastWasList = false
                raw.append(from: b, textStart..<content.upperBound)
                lineCount = 1
                continue
            }
            if let itemStart = ListMarker.contentStart(b, content.lowerBound, content.upperBound) {
                flush(); lastWasList = true
                kind = .listItem
                raw.append(from: b, itemStart..<content.upperBound)
                lineCount = 1
                continue
            }
            if lineCount == 0 {
                if !lastWasList || indent < 2 { lastWasList = false }
            } else {
                raw.appendSpace(at: lastBreak)
            }
            raw.append(from: b, content)
            lineCount += 1
        }
        flush()
        return out
    }

    // MARK: - Block syntax

    static func startsWith(_ b: [UInt8], _ r: Range<Int>, _ s: String) -> Bool {
        let p = Array(s.utf8)
        return r.count >= p.count && b[r.lowerBound..<(r.lowerBound + p.count)].elementsEqual(p)
    }

    static func contains(_ b: [UInt8], _ r: Range<Int>, _ s: String) -> Bool {
        let p = Array(s.utf8)
        guard r.count >= p.count else { return false }
        for i in r.lowerBound...(r.upperBound - p.count) where b[i..<(i + p.count)].elementsEqual(p) { return true }
        return false
    }

    static func fenceRun(_ b: [UInt8], _ r: Range<Int>, _ c: UInt8) -> Int {
        var i = r.lowerBound
        while i < r.upperBound, b[i] == c { i += 1 }
        return i - r.lowerBound
    }

    /// `## Title ##` -> level 2 and the title's range.
    static func atxHeading(_ b: [UInt8], _ r: Range<Int>) -> (Int, Range<Int>)? {
        let level = fenceRun(b, r, 0x23)
        guard level >= 1, level <= 6 else { return nil }
        let after = r.lowerBound + level
        guard after == r.upperBound || Bytes.isSpace(b[after]) else { return nil }
        var text = Bytes.trim(b, after..<r.upperBound)
        // A closing run of #, after a space.
        var end = text.upperBound
        while end > text.lowerBound, b[end - 1] == 0x23 { end -= 1 }
        if end < text.upperBound, end == text.lowerBound || Bytes.isSpace(b[end - 1]) {
            text = Bytes.trim(b, text.lowerBound..<end)
        }
        return (level, text)
    }

    static func setextLevel(_ b: [UInt8], _ r: Range<Int>) -> Int? {
        let c = b[r.lowerBound]
        guard c == 0x3D || c == 0x2D, b[r].allSatisfy({ $0 == c }) else { return nil }
        return c == 0x3D ? 1 : 2
    }

    static func isThematicBreak(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        let c = b[r.lowerBound]
        guard c == 0x2D || c == 0x2A || c == 0x5F else { return false }
        var count = 0
        for x in b[r] {
            if x == c { count += 1 } else if !Bytes.isSpace(x) { return false }
        }
        return count >= 3
    }

    static func isDelimiterRow(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        b[r].allSatisfy { $0 == 0x7C || $0 == 0x2D || $0 == 0x3A || Bytes.isSpace($0) } && b[r].contains(0x2D)
    }

    /// The cells of `| a | b |`, each trimmed; `\|` does not split.
    static func cells(_ b: [UInt8], _ r: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = r.lowerBound + 1, i = start
        var inCode = false
        while i < r.upperBound {
            if b[i] == 0x5C { i += 2; continue }
            if b[i] == 0x60 { inCode.toggle() }
            if b[i] == 0x7C, !inCode {
                out.append(Bytes.trim(b, start..<i)); start = i + 1
            }
            i += 1
        }
        if start < r.upperBound { out.append(Bytes.trim(b, start..<r.upperBound)) }
        return out.filter { !$0.isEmpty }
    }

    /// `[label]: destination` (not a footnote `[^1]: text`).
    static func isReferenceDefinition(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        guard b[r.lowerBound] == 0x5B, r.count > 3, b[r.lowerBound + 1] != 0x5E else { return false }
        var i = r.lowerBound + 1
        while i < r.upperBound, b[i] != 0x5D { if b[i] == 0x5C { i += 1 }; i += 1 }
        guard i + 1 < r.upperBound, b[i + 1] == 0x3A else { return false }
        return !Bytes.trim(b, (i + 2)..<r.upperBound).isEmpty
    }

    /// `[^1]: text` -> where the text starts.
    static func footnoteDefinition(_ b: [UInt8], _ r: Range<Int>) -> Int? {
        guard startsWith(b, r, "[^") else { return nil }
        var i = r.lowerBound + 2
        while i < r.upperBound, b[i] != 0x5D, !Bytes.isSpace(b[i]) { i += 1 }
        guard i + 1 < r.upperBound, b[i] == 0x5D, b[i + 1] == 0x3A else { return nil }
        let text = Bytes.trim(b, (i + 2)..<r.upperBound)
        return text.isEmpty ? nil : text.lowerBound
    }

    /// Labels of link reference definitions, lowercased, so `[text][label]` and `[label]` are links.
    static func referenceLabels(_ b: [UInt8], _ lines: ArraySlice<SourceLine>) -> Set<String> {
        var labels = Set<String>()
        for line in lines {
            let r = Bytes.trim(b, line.start..<line.end)
            guard !r.isEmpty, isReferenceDefinition(b, r), let close = b[r].firstIndex(of: 0x5D) else { continue }
            labels.insert(String(decoding: b[(r.lowerBound + 1)..<close], as: UTF8.self).lowercased())
        }
        return labels
    }

    /// YAML front matter between `---` lines at the very start: skipped; its `title:` is kept.
    static func frontMatter(_ b: [UInt8], _ lines: [SourceLine]) -> (Int, String?)? {
        guard let first = lines.first, b[first.start..<first.end].elementsEqual("---".utf8) else { return nil }
        var title: String?
        for k in 1..<max(1, lines.count) {
            let r = Bytes.trim(b, lines[k].start..<lines[k].end)
            if b[r].elementsEqual("---".utf8) || b[r].elementsEqual("...".utf8) { return (k + 1, title) }
            if lines[k].start == r.lowerBound, startsWith(b, r, "title:") {
                var t = String(decoding: b[(r.lowerBound + 6)..<r.upperBound], as: UTF8.self)
                    .trimmingCharacters(in: .whitespaces)
                if t.count >= 2, let q = t.first, q == "\"" || q == "'", t.last == q { t = String(t.dropFirst().dropLast()) }
                if !t.isEmpty { title = t }
            }
        }
        return nil
    }

    /// The inside of a paragraph that is wholly `**bold**` or `__bold__`.
    static func boldLine(_ t: MappedText) -> MappedText? {
        let b = t.bytes
        guard b.count > 4 else { return nil }
        for d in ["**", "__"].map({ Array($0.utf8) }) where b.starts(with: d) && b.suffix(2).elementsEqual(d) {
            let inner = t.slice(2..<(b.count - 2))
            if inner.bytes.contains(d[0]) || inner.isEmpty { return nil }
            return inner
        }
        return nil
    }
}
