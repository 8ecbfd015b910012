/// Trimming white space the way Foundation's `trimmingCharacters(in:)` does with `.whitespaces`
/// and `.whitespacesAndNewlines`, without going through Foundation, which cost 10 K to 100 K
/// instructions a call (durations in every policy; every finding's explanation in an audit).
/// The sets are Foundation's on Linux, checked against it scalar by scalar (TrimmingTests).
public enum Trimming {
    /// Tab, the space separators (Unicode Zs) and U+200B: `CharacterSet.whitespaces`.
    @inline(__always)
    public static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `isSpace` and the line breaks LF, VT, FF, CR, NEL, LS, PS: `CharacterSet.whitespacesAndNewlines`.
    @inline(__always)
    public static func isSpaceOrNewline(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return isSpace(c)
        }
    }

    /// `text.trimmingCharacters(in: .whitespaces)`.
    public static func spaces(_ text: String) -> String { trim(Substring(text), isSpace) }
    public static func spaces(_ text: Substring) -> String { trim(text, isSpace) }

    /// `text.trimmingCharacters(in: .whitespacesAndNewlines)`.
    public static func spacesAndNewlines(_ text: String) -> String { trim(Substring(text), isSpaceOrNewline) }

    /// Trimmed by Unicode scalars, not Characters, as Foundation does (a combining mark after a
    /// trimmed space stays); the result's bytes are copied in one go.
    private static func trim(_ text: Substring, _ drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }),
              let last = scalars.lastIndex(where: { !drop($0) }) else { return "" }
        return String(Substring(scalars[first...last]))
    }
}
