/// Markdown escaping for untrusted text (policy words, messages): shown literally, never as
/// markup, and safe inside a table cell.
enum MarkdownText {
    /// Inline text: markup characters escaped, line breaks as spaces, `|` escaped for tables.
    static func inline(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": out += " "
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!", "$":
                out += "\\"
                out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 && u != "\t" || u.value == 0x7F { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// Inline text whose `code spans` stay code spans (their content shown exactly); the rest escaped.
    static func inlineWithCode(_ s: String) -> String {
        let parts = s.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
        // An odd number of parts means the backticks pair up.
        guard parts.count > 1, parts.count % 2 == 1 else { return inline(s) }
        var out = ""
        for (i, part) in parts.enumerated() {
            out += i % 2 == 0 ? inline(part) : (part.isEmpty ? "" : code(part))
        }
        return out
    }

    /// A code span showing `s` exactly (a fence longer than any backtick run; `|` escaped for tables).
    static func code(_ s: String) -> String {
        let flat = String(s.map { $0.isNewline ? " " : $0 })
        var longest = 0, run = 0
        for c in flat { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat.replacingOccurrences(of: "|", with: "\\|") + pad + fence
    }
}
