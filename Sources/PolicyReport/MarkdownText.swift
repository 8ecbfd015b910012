/// Markdown escaping for untrusted text (policy words, messages): shown literally, never as
/// markup, and safe inside a table cell.
enum MarkdownText {
    /// Inline text: markup characters escaped, line breaks as spaces, `|` escaped for tables.
    static func inline(_ s: String) -> String { Escape.markdown(s) }

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
    static func code(_ s: String) -> String { Escape.markdownCode(s) }
}
