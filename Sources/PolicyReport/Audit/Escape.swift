/// Escaping for text that comes from policies and rule packs: untrusted, shown as text only.
public enum Escape {
    /// Text and attribute values in HTML and XHTML (and SVG): `& < > " '` become references,
    /// characters XML 1.0 forbids become U+FFFD, so the output stays well-formed XML too.
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                let v = u.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF || (v >= 0x7F && v < 0xA0 && v != 0x85) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// Inline text in GitHub-flavoured Markdown: shown literally, never as markup or HTML.
    /// Line breaks become spaces (an inline string must not start a new block).
    public static func markdown(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": out += " "
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!", "$":
                out += "\\"; out.unicodeScalars.append(u)
            default:
                let v = u.value
                if v < 0x20 && u != "\t" || v == 0x7F { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// Rule prose in Markdown: like `markdown(_:)`, but balanced `backtick spans` stay code spans.
    public static func markdownProse(_ s: String) -> String {
        let parts = s.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count > 1, parts.count % 2 == 1 else { return markdown(s) }
        return parts.enumerated().map { i, p in i % 2 == 1 ? markdownCode(String(p)) : markdown(String(p)) }.joined()
    }

    /// A Markdown code span that shows `s` exactly, in any context (also inside a table cell).
    public static func markdownCode(_ s: String) -> String {
        let flat = String(s.map { $0.isNewline ? " " : $0 })
        var longest = 0, run = 0
        for c in flat { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") || flat.hasPrefix(" ") && flat.hasSuffix(" ") ? " " : ""
        // GFM splits table cells on `|` before it sees code spans; `\|` keeps it in the cell.
        return fence + pad + flat.replacingOccurrences(of: "|", with: "\\|") + pad + fence
    }

    /// The fence for a fenced code block holding `s`: longer than any backtick run in it.
    public static func markdownFence(for s: String) -> String {
        var longest = 0, run = 0
        for c in s { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
