import Foundation
import PolicyYAML

/// One sentence of an imported document.
public struct ImportedTerm: Sendable {
    /// Stable and readable: the section title's slug and the sentence's number in its section
    /// (`refunds-3`); `intro-N` before the first heading.
    public var id: String
    /// The section title, on the first sentence of each section.
    public var title: String?
    /// The sentence as written (markup left out; a line break inside it is one space).
    public var text: String
    /// The original byte offset of every UTF-8 byte of `text`.
    public var textOffsets: [Int]
    public var titleOffsets: [Int]?
}

/// A document imported from plain text, Markdown or HTML: a policy/v1 document whose `terms`
/// hold one entry per sentence, and the way back to the original file.
public struct ImportedPolicy: Sendable {
    public var name: String
    public var terms: [ImportedTerm]
    /// The original file, decoded.
    public let source: SourceText

    /// Original byte offsets of each prose string, by path (`terms[3].text`).
    public var offsets: [String: [Int]] {
        var out: [String: [Int]] = [:]
        for (i, t) in terms.enumerated() {
            out["terms[\(i)].text"] = t.textOffsets
            if let o = t.titleOffsets { out["terms[\(i)].title"] = o }
        }
        return out
    }

    /// The policy for the linter: findings point into the original file.
    public func document() -> PolicyDocument {
        PolicyDocument(importedRoot: root, original: source, offsets: offsets)
    }

    /// The policy/v1 YAML text. Strings are double-quoted with JSON escapes, so YAML reads back
    /// every byte as written.
    public func yaml(from file: String) -> String {
        let shown = (file.split(separator: "/").last.map(String.init) ?? file)
            .unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x2028 || $0.value == 0x2029 || $0.value == 0x85 ? "?" : String($0) }.joined()
        var out = "# Imported from \(shown) by `policylint import`: one term per sentence, worded as in the original.\n"
        out += "policy:\n  name: "
        JSONValue.writeString(name, to: &out)
        out += "\n  language: en\n"
        if terms.isEmpty { return out + "terms: []\n" }
        out += "terms:\n"
        for t in terms {
            out += "  - id: \(t.id)\n"
            if let title = t.title {
                out += "    title: "
                JSONValue.writeString(title, to: &out)
                out += "\n"
            }
            out += "    text: "
            JSONValue.writeString(t.text, to: &out)
            out += "\n"
        }
        return out
    }

    /// The tree `yaml(from:)` parses to, built directly (no size limit applies to text that was
    /// never written); every node sits where its sentence starts in the original.
    public var root: YAMLNode {
        func scalar(_ s: String, _ style: ScalarStyle, _ at: Mark) -> YAMLNode { YAMLNode(.scalar(s, style), start: at, end: at) }
        func pair(_ key: String, _ value: YAMLNode) -> YAMLPair { YAMLPair(key: scalar(key, .plain, value.start), value: value) }
        let top = Mark.start
        let policy = YAMLNode(.mapping([
            pair("name", scalar(name, .doubleQuoted, top)),
            pair("language", scalar("en", .plain, top)),
        ]), start: top, end: top)
        var cursor = MarkCursor(source: source)
        let items: [YAMLNode] = terms.map { t in
            let titleAt = t.titleOffsets?.first.map { cursor.mark($0) }
            let at = cursor.mark(t.textOffsets.first ?? 0)
            var pairs = [pair("id", scalar(t.id, .plain, at))]
            if let title = t.title { pairs.append(pair("title", scalar(title, .doubleQuoted, titleAt ?? at))) }
            pairs.append(pair("text", scalar(t.text, .doubleQuoted, at)))
            return YAMLNode(.mapping(pairs), start: at, end: at)
        }
        return YAMLNode(.mapping([pair("policy", policy), pair("terms", YAMLNode(.sequence(YAMLNodeList(items)), start: top, end: top))]),
                        start: top, end: top)
    }
}

/// Reads terms in plain text, Markdown or HTML and makes a policy/v1 document of them.
public enum TermsImporter {
    /// Decodes a file's bytes (UTF-8, or UTF-16/32 with a byte-order mark) and imports it.
    /// Control characters other than tab and line breaks (a form feed between pages) read as
    /// spaces; invalid UTF-8 and NUL bytes are errors with a position.
    public static func importFile(bytes: [UInt8], format: ProseFormat, file: String) throws(YAMLError) -> ImportedPolicy {
        try importText(decode(bytes), format: format, file: file)
    }

    public static func decode(_ bytes: [UInt8]) throws(YAMLError) -> SourceText {
        let cleaned = bytes.map { b -> UInt8 in (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x00) || b == 0x7F ? 0x20 : b }
        do {
            return try SourceText(decoding: cleaned)
        } catch {
            throw YAMLError(error.message.replacingOccurrences(of: " in YAML", with: " in a text file"), at: error.mark)
        }
    }

    public static func importText(_ source: SourceText, format: ProseFormat, file: String) -> ImportedPolicy {
        var extracted = format.extract(source.bytes)
        demoteEmptyHeadings(&extracted.blocks)
        var name = extracted.declaredTitle
        var terms: [ImportedTerm] = []
        var usedSlugs: Set<String> = ["intro"]
        var slug = "intro"
        var number = 0
        var pendingTitle: MappedText?
        for (k, block) in extracted.blocks.enumerated() {
            if case .heading = block.kind {
                if k == 0, name == nil { name = block.text.string }
                slug = unique(slugify(block.text.string), &usedSlugs)
                number = 0
                pendingTitle = block.text
                continue
            }
            for r in SentenceSplitter.split(block.text.bytes) {
                let sentence = block.text.slice(r)
                number += 1
                terms.append(ImportedTerm(id: "\(slug)-\(number)", title: pendingTitle?.string, text: sentence.string,
                                          textOffsets: sentence.offsets, titleOffsets: pendingTitle?.offsets))
                pendingTitle = nil
            }
        }
        return ImportedPolicy(name: name ?? defaultName(file), terms: terms, source: source)
    }

    /// A heading with no text of its own that is not the parent of the next heading (it is last,
    /// or the next heading is of its level or above) is text, so no words are lost: an
    /// "Effective 1 May" line, a closing company name. The first block stays the title.
    static func demoteEmptyHeadings(_ blocks: inout [TextBlock]) {
        func level(_ k: Int) -> Int? {
            if case .heading(let l) = blocks[k].kind { return l }
            return nil
        }
        let original = blocks.indices.map(level)
        for k in blocks.indices.dropFirst() {
            guard let l = original[k] else { continue }
            let next = k + 1 < blocks.count ? original[k + 1] : 0
            if let next, next <= l { blocks[k].kind = .paragraph }
        }
    }

    /// The file's name without folder and extension; "Imported terms" for standard input.
    static func defaultName(_ file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        if base.isEmpty || base.hasPrefix("<") || base == "-" { return "Imported terms" }
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { return String(base[..<dot]) }
        return base
    }

    /// `5.1 Refunds & Returns` -> `refunds-returns`: lower case ASCII letters and digits, at most
    /// six words; leading section numbers and labels dropped.
    static func slugify(_ title: String) -> String {
        var words = title.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
            .split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) && $0 != "." && $0 != "(" && $0 != ")" && $0 != "§" })
            .map(String.init)
        // Leading labels: "5.", "5.1", "iv.", "(a)", "a)", "§", "section 5", "article 2".
        while let first = words.first, words.count > 1 {
            let bare = first.trimmingCharacters(in: CharacterSet(charactersIn: ".()§"))
            let isLabel = bare.isEmpty || bare.allSatisfy { $0.isNumber || $0 == "." }
                || (first != bare && (bare.count == 1 || ListMarker.isRoman(ArraySlice(bare.utf8))))
            if isLabel { words.removeFirst(); continue }
            if ["section", "article", "clause", "part", "chapter"].contains(bare), words.count > 2,
               words[1].allSatisfy({ $0.isNumber || $0 == "." || $0 == ")" || $0 == "(" }) {
                words.removeFirst(2); continue
            }
            break
        }
        var slug = words.map { $0.filter { $0.isASCII && ($0.isLetter || $0.isNumber) } }.filter { !$0.isEmpty }
            .prefix(6).joined(separator: "-")
        if slug.count > 48 { slug = String(slug.prefix(48)).split(separator: "-").dropLast().joined(separator: "-") }
        return slug.isEmpty ? "section" : slug
    }

    static func unique(_ slug: String, _ used: inout Set<String>) -> String {
        var candidate = slug, n = 2
        while used.contains(candidate) { candidate = "\(slug)-\(n)"; n += 1 }
        used.insert(candidate)
        return candidate
    }
}

/// Marks for offsets that mostly go forward: columns are counted on from the last mark on the
/// same line, so a long line (minified HTML) costs one pass, not one pass per sentence.
struct MarkCursor {
    let source: SourceText
    var last = Mark.start

    init(source: SourceText) { self.source = source }

    mutating func mark(_ offset: Int) -> Mark {
        let offset = max(0, min(offset, source.bytes.count))
        let line = lineIndex(offset)
        if !source.isASCII, line + 1 == last.line, offset >= last.offset {
            var column = last.column
            var i = last.offset
            while i < offset {
                if source.bytes[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
            last = Mark(line: line + 1, column: column, offset: offset)
        } else {
            last = source.mark(atByte: offset)
        }
        return last
    }

    func lineIndex(_ offset: Int) -> Int {
        var lo = 0, hi = source.lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if source.lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
