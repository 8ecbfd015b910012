/// HTML: the text a browser shows. Tags go; `script`, `style`, `template`, `noscript`, `svg`
/// and comments are not text; entities are decoded; a run of white space is one space. Block
/// elements (`p`, `li`, `h1`-`h6`, `div`, `br`, `tr`, `td`, ...) end sentences; headings become
/// section titles, `<title>` the policy's name.
enum HTMLExtractor {
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "head", "header", "hgroup", "hr", "html", "legend", "li", "main", "nav", "ol", "option", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "button", "label",
    ]
    /// Elements whose content is not text a reader sees.
    static let hiddenElements: Set<String> = ["script", "style", "template", "noscript", "svg", "math", "iframe", "object", "select"]

    static func extract(_ b: [UInt8]) -> ExtractedText {
        var out = ExtractedText()
        let n = b.count
        var kind = BlockKind.paragraph
        var text = MappedText()
        var pendingSpace: Int? // offset of white space not yet written

        func flush() {
            out.add(kind, text)
            text = MappedText(); kind = .paragraph; pendingSpace = nil
        }
        func put(_ write: (inout MappedText) -> Void) {
            if let s = pendingSpace, !text.isEmpty { text.append(0x20, at: s) }
            pendingSpace = nil
            write(&text)
        }

        var i = 0
        while i < n {
            let c = b[i]
            if c == 0x3C, let tag = Tag.parse(b, i) {
                i = tag.end
                if tag.isComment { continue }
                let name = tag.name
                if !tag.closing, hiddenElements.contains(name) || name == "title" {
                    // Skip to the matching end tag; keep <title>'s text.
                    let close = findClosing(b, from: i, name: name)
                    if name == "title" {
                        let t = String(decoding: b[i..<close.start], as: UTF8.self)
                        let words = decodeEntities(t).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                        if !words.isEmpty, out.declaredTitle == nil { out.declaredTitle = words }
                    }
                    i = close.end
                    continue
                }
                if blockElements.contains(name) {
                    flush()
                    if !tag.closing {
                        if name.count == 2, name.first == "h", let level = Int(String(name.last!)) { kind = .heading(level: level) }
                        else if name == "li" || name == "dd" || name == "dt" { kind = .listItem }
                        else if name == "td" || name == "th" { kind = .tableCell }
                    }
                } else if name == "img" || name == "wbr" {
                    // no text
                } else if !text.isEmpty, pendingSpace == nil, ["input", "textarea"].contains(name) {
                    pendingSpace = tag.start
                }
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C {
                if pendingSpace == nil { pendingSpace = i }
                i += 1; continue
            }
            if c == 0x26, let (scalar, len) = HTMLEntity.decode(b, i, n) {
                if scalar == " " { if pendingSpace == nil { pendingSpace = i } }
                else { put { $0.append(decoded: scalar, spelled: i..<(i + len)) } }
                i += len; continue
            }
            // Line breaks written as NEL, LS or PS are white space too.
            let (s, len) = Bytes.scalar(b, i)
            if s == "\u{85}" || s == "\u{2028}" || s == "\u{2029}" {
                if pendingSpace == nil { pendingSpace = i }
                i += len; continue
            }
            put { $0.append(from: b, i..<(i + len)) }
            i += len
        }
        flush()
        return out
    }

    /// The end tag `</name>` from `from` on: where it starts and ends (end of input when missing).
    static func findClosing(_ b: [UInt8], from: Int, name: String) -> (start: Int, end: Int) {
        let needle = Array(("</" + name).utf8)
        var j = from
        while j + needle.count <= b.count {
            if b[j] == 0x3C, zip(b[j..<(j + needle.count)], needle).allSatisfy({ lower($0) == $1 }) {
                let after = j + needle.count
                if after >= b.count || !Bytes.isAlnum(b[after]) {
                    let end = b[after...].firstIndex(of: 0x3E).map { $0 + 1 } ?? b.count
                    return (j, end)
                }
            }
            j += 1
        }
        return (b.count, b.count)
    }

    static func lower(_ c: UInt8) -> UInt8 { Bytes.isUpper(c) ? c + 32 : c }

    static func decodeEntities(_ s: String) -> String {
        let b = Array(s.utf8)
        var out = MappedText()
        var i = 0
        while i < b.count {
            if let (scalar, len) = HTMLEntity.decode(b, i, b.count) { out.append(decoded: scalar, spelled: i..<(i + len)); i += len }
            else { out.append(b[i], at: i); i += 1 }
        }
        return out.string
    }

    /// A tag, comment, doctype or processing instruction at `<`.
    struct Tag {
        var name: String
        var closing: Bool
        var isComment: Bool
        var start: Int
        var end: Int

        static func parse(_ b: [UInt8], _ i: Int) -> Tag? {
            let n = b.count
            guard i + 1 < n else { return nil }
            let next = b[i + 1]
            if next == 0x21 || next == 0x3F { // <!-- -->, <!DOCTYPE>, <![CDATA[ ]]>, <? ?>
                if i + 3 < n, b[i + 2] == 0x2D, b[i + 3] == 0x2D {
                    var j = i + 4
                    while j + 2 < n, !(b[j] == 0x2D && b[j + 1] == 0x2D && b[j + 2] == 0x3E) { j += 1 }
                    return Tag(name: "", closing: false, isComment: true, start: i, end: min(j + 3, n))
                }
                let end = b[(i + 1)...].firstIndex(of: 0x3E).map { $0 + 1 } ?? n
                return Tag(name: "", closing: false, isComment: true, start: i, end: end)
            }
            let closing = next == 0x2F
            var j = i + (closing ? 2 : 1)
            guard j < n, Bytes.isASCIILetter(b[j]) else { return nil }
            let nameStart = j
            while j < n, Bytes.isAlnum(b[j]) || b[j] == 0x2D || b[j] == 0x3A { j += 1 }
            let name = String(decoding: b[nameStart..<j].map(lower), as: UTF8.self)
            // Attributes: to the first > outside quotes.
            var quote: UInt8?
            while j < n {
                let c = b[j]
                if let q = quote { if c == q { quote = nil } }
                else if c == 0x22 || c == 0x27 { quote = c }
                else if c == 0x3E { break }
                j += 1
            }
            return Tag(name: name, closing: closing, isComment: false, start: i, end: min(j + 1, n))
        }
    }
}
