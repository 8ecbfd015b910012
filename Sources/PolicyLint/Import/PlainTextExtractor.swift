/// Plain text: paragraphs are separated by blank lines; a line starting with a list label
/// starts an item; a short line without end punctuation that stands alone (or is in capitals,
/// or is underlined with `===`/`---`) is a heading. Lines of only `-`, `=`, `*`, `_`, `~`, `#`
/// are separators.
enum PlainTextExtractor {
    static func extract(_ b: [UInt8]) -> ExtractedText {
        var out = ExtractedText()
        let lines = SourceLine.split(b)
        var kind = BlockKind.paragraph
        var text = MappedText()
        var lineCount = 0
        var lastBreak = 0 // offset of the previous line's break

        func flush() {
            out.add(kind, text)
            text = MappedText(); lineCount = 0; kind = .paragraph
        }
        func isBlank(_ k: Int) -> Bool { k >= lines.count || Bytes.trim(b, lines[k].start..<lines[k].end).isEmpty }
        func isUnderline(_ k: Int) -> Bool {
            guard k < lines.count else { return false }
            let r = Bytes.trim(b, lines[k].start..<lines[k].end)
            return r.count >= 3 && (b[r].allSatisfy { $0 == 0x3D } || b[r].allSatisfy { $0 == 0x2D })
        }

        for (k, line) in lines.enumerated() {
            defer { lastBreak = line.end }
            let content = Bytes.trim(b, line.start..<line.end)
            if content.isEmpty { flush(); continue }
            if isUnderline(k), lineCount == 1, kind == .paragraph {
                kind = .heading(level: b[content.lowerBound] == 0x3D ? 1 : 2)
                flush(); continue
            }
            if isSeparator(b, content) { flush(); continue }
            let fresh = lineCount == 0
            let standalone = isBlank(k + 1) || isUnderline(k + 1)
            if let itemStart = ListMarker.contentStart(b, content.lowerBound, content.upperBound, sectionNumbers: true) {
                flush()
                // A section number (2.1, 3.4.1.) heads a section even when text follows at once.
                let label = b[content.lowerBound..<itemStart]
                let sectionNumber = zip(label, label.dropFirst()).contains { $0 == 0x2E && Bytes.isDigit($1) }
                if fresh, HeadingGuess.looksLikeHeading(b, content, labelled: sectionNumber ? nil : itemStart,
                                                        standalone: standalone || sectionNumber) {
                    out.add(.heading(level: 2), lineText(b, content)); continue
                }
                kind = .listItem
                text.append(from: b, itemStart..<content.upperBound)
                lineCount = 1
                continue
            }
            if fresh {
                if !isUnderline(k + 1), HeadingGuess.looksLikeHeading(b, content, labelled: nil, standalone: standalone) {
                    out.add(.heading(level: 2), lineText(b, content)); continue
                }
                text.append(from: b, content)
            } else {
                text.appendSpace(at: lastBreak)
                text.append(from: b, content)
            }
            lineCount += 1
        }
        flush()
        return out
    }

    static func lineText(_ b: [UInt8], _ r: Range<Int>) -> MappedText {
        var t = MappedText()
        t.append(from: b, r)
        return t
    }

    /// `----`, `====`, `* * *`, `~~~`, `####`: layout, not text.
    static func isSeparator(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        let marks: Set<UInt8> = [0x2D, 0x3D, 0x2A, 0x5F, 0x7E, 0x23, 0x2B]
        var count = 0
        for c in b[r] {
            if Bytes.isSpace(c) { continue }
            guard marks.contains(c) else { return false }
            count += 1
        }
        return count >= 3
    }
}

/// Whether a line of plain text is a heading rather than a sentence.
enum HeadingGuess {
    /// Short (at most 10 words), no end punctuation, starts with a capital or a digit; and either
    /// in capitals, or standing alone between blank lines. A numbered line (`3. Refunds`) standing
    /// alone must be in title case, so a numbered list of short steps stays a list.
    static func looksLikeHeading(_ b: [UInt8], _ r: Range<Int>, labelled: Int?, standalone: Bool) -> Bool {
        guard r.count <= 80, let last = r.last else { return false }
        if ".!?;:,".utf8.contains(b[last]) { return false }
        let text = String(decoding: b[r], as: UTF8.self)
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count <= 10 else { return false }
        var letters = 0, lower = 0
        var firstLetter: Character?
        for ch in text where ch.isLetter {
            letters += 1
            if firstLetter == nil { firstLetter = ch }
            if ch.isLowercase { lower += 1 }
        }
        guard letters > 0, let first = firstLetter, !first.isLowercase else { return false }
        if lower == 0, letters >= 2 { return true }
        guard standalone else { return false }
        if let labelled {
            let rest = String(decoding: b[labelled..<r.upperBound], as: UTF8.self)
            return rest.split(separator: " ").allSatisfy { w in w.count < 4 || w.first.map { !$0.isLowercase } ?? true }
        }
        return true
    }
}
