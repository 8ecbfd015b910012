import Foundation

/// Escaping for text that comes from policies and rule packs: untrusted, shown as text only.
///
/// Each escape works on the UTF-8 bytes: runs of bytes that need nothing are copied whole, and
/// only the characters that change are looked at one by one (an audit escapes every excerpt,
/// explanation and fix, so this is the report's hot path).
public enum Escape {
    /// Text and attribute values in HTML and XHTML (and SVG): `& < > " '` become references,
    /// characters XML 1.0 forbids become U+FFFD, so the output stays well-formed XML too.
    public static func html(_ s: String) -> String {
        rewrite(s) { b, i in
            switch b[i] {
            case 0x26: return (1, "&amp;")
            case 0x3C: return (1, "&lt;")
            case 0x3E: return (1, "&gt;")
            case 0x22: return (1, "&quot;")
            case 0x27: return (1, "&#39;")
            case 0x09, 0x0A, 0x0D: return nil
            case ..<0x20, 0x7F: return (1, replacementCharacter)
            case 0xC2 where i + 1 < b.count && b[i + 1] >= 0x80 && b[i + 1] <= 0x9F && b[i + 1] != 0x85:
                return (2, replacementCharacter) // C1 controls but NEL
            case 0xEF where i + 2 < b.count && b[i + 1] == 0xBF && (b[i + 2] == 0xBE || b[i + 2] == 0xBF):
                return (3, replacementCharacter) // U+FFFE, U+FFFF
            default: return nil
            }
        }
    }

    /// Inline text in GitHub-flavoured Markdown: shown literally, never as markup or HTML.
    /// Line breaks become spaces (an inline string must not start a new block).
    public static func markdown(_ s: String) -> String {
        rewrite(s) { b, i in
            switch b[i] {
            case 0x26: return (1, "&amp;")
            case 0x3C: return (1, "&lt;")
            case 0x3E: return (1, "&gt;")
            case 0x0A, 0x0D: return (1, " ")
            case 0x5C: return (1, "\\\\")
            case 0x60: return (1, "\\`")
            case 0x2A: return (1, "\\*")
            case 0x5F: return (1, "\\_")
            case 0x5B: return (1, "\\[")
            case 0x5D: return (1, "\\]")
            case 0x7C: return (1, "\\|")
            case 0x7E: return (1, "\\~")
            case 0x23: return (1, "\\#")
            case 0x21: return (1, "\\!")
            case 0x24: return (1, "\\$")
            case 0x09: return nil
            case ..<0x20, 0x7F: return (1, replacementCharacter)
            case 0xC2 where i + 1 < b.count && b[i + 1] == 0x85: return (2, " ") // NEL
            case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9):
                return (3, " ") // LS, PS
            default: return nil
            }
        }
    }

    /// Rule prose in Markdown: like `markdown(_:)`, but balanced `backtick spans` stay code spans.
    public static func markdownProse(_ s: String) -> String {
        let parts = splitOnBackticks(s)
        guard parts.count > 1, parts.count % 2 == 1 else { return markdown(s) }
        return parts.enumerated().map { i, p in i % 2 == 1 ? markdownCode(String(p)) : markdown(String(p)) }.joined()
    }

    /// A Markdown code span that shows `s` exactly, in any context (also inside a table cell).
    public static func markdownCode(_ s: String) -> String {
        // Most code spans (locations, rule ids) hold no line break, backtick or bar: one pass
        // over the bytes finds that, and the span is the text between single backticks.
        if isPlainCode(s) {
            let pad = s.utf8.first == 0x20 && s.utf8.last == 0x20 ? " " : ""
            return "`" + pad + s + pad + "`"
        }
        // Line breaks become spaces, as `Character.isNewline` sees them: CR LF is one break.
        let flat = rewrite(s) { b, i in
            switch b[i] {
            case 0x0D where i + 1 < b.count && b[i + 1] == 0x0A: return (2, " ")
            case 0x0A, 0x0B, 0x0C, 0x0D: return (1, " ")
            case 0xC2 where i + 1 < b.count && b[i + 1] == 0x85: return (2, " ")
            case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9): return (3, " ")
            default: return nil
            }
        }
        let fence = String(repeating: "`", count: longestBacktickRun(flat) + 1)
        // Markdown sees bytes: a backtick or space is one even when a combining mark follows it.
        let (first, last) = (flat.utf8.first, flat.utf8.last)
        let pad = first == 0x60 || last == 0x60 || first == 0x20 && last == 0x20 ? " " : ""
        // GFM splits table cells on `|` before it sees code spans; `\|` keeps it in the cell.
        let cell = rewrite(flat) { b, i in b[i] == 0x7C ? (1, "\\|") : nil }
        return fence + pad + cell + pad + fence
    }

    /// Whether `s` has no byte `markdownCode` changes or fences around: no line break (nor the
    /// first byte of NEL, LS or PS), no backtick, no `|`.
    static func isPlainCode(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            for c in b {
                switch c {
                case 0x0A, 0x0B, 0x0C, 0x0D, 0x60, 0x7C, 0xC2, 0xE2: return false
                default: continue
                }
            }
            return true
        }
    }

    /// The fence for a fenced code block holding `s`: longer than any backtick run in it.
    public static func markdownFence(for s: String) -> String {
        String(repeating: "`", count: max(3, longestBacktickRun(s) + 1))
    }

    static let replacementCharacter: StaticString = "\u{FFFD}"

    /// `s.split(separator: "`", omittingEmptySubsequences: false)`, by bytes when `s` is ASCII
    /// (where a backtick is always a whole Character) and by Characters otherwise.
    static func splitOnBackticks(_ s: String) -> [Substring] {
        // Most text has no backtick at all (one `memchr`; the split below looked at every byte).
        guard hasBacktick(s) else { return [Substring(s)] }
        guard s.utf8.allSatisfy({ $0 < 0x80 }) else { return s.split(separator: "`", omittingEmptySubsequences: false) }
        return s.utf8.split(separator: 0x60, omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// Whether `s` has a backtick byte (a backtick Character always starts with one).
    static func hasBacktick(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in b.count > 0 && memchr(b.baseAddress!, 0x60, b.count) != nil }
    }

    static func longestBacktickRun(_ s: String) -> Int {
        guard hasBacktick(s) else { return 0 }
        var longest = 0, run = 0
        for c in s.utf8 { if c == 0x60 { run += 1; longest = max(longest, run) } else { run = 0 } }
        return longest
    }

    /// Copies `s`, replacing what `change` picks: given the bytes and an offset, it returns
    /// how many bytes to replace there and with what, or nil to keep the byte. `change` is only
    /// asked at character starts; the bytes of a character it keeps are copied as they are.
    @inline(__always)
    static func rewrite(_ s: String, _ change: (UnsafeBufferPointer<UInt8>, Int) -> (Int, StaticString)?) -> String {
        var bytes = s
        // Nothing changed (most text): `s` itself, not a copy decoded again.
        return bytes.withUTF8 { b -> String? in
            var out: [UInt8] = []
            let changed = walk(b, change, kept: { run in
                if out.isEmpty { out.reserveCapacity(b.count + 16) }
                out.append(contentsOf: run)
            }, replaced: { replacement in replacement.withUTF8Buffer { out.append(contentsOf: $0) } })
            return changed ? String(decoding: out, as: UTF8.self) : nil
        } ?? s
    }

    /// The walk behind `rewrite` (and `ReportBytes.escaped`): in order, `kept` gets each run of
    /// bytes that stays and `replaced` each replacement. Returns false, having called neither,
    /// when nothing is replaced.
    @inline(__always)
    static func walk(_ b: UnsafeBufferPointer<UInt8>, _ change: (UnsafeBufferPointer<UInt8>, Int) -> (Int, StaticString)?,
                     kept: (UnsafeBufferPointer<UInt8>) -> Void, replaced: (StaticString) -> Void) -> Bool {
        var run = 0, i = 0
        while i < b.count {
            guard let (length, replacement) = change(b, i) else {
                i += 1
                while i < b.count, b[i] & 0xC0 == 0x80 { i += 1 } // rest of the character
                continue
            }
            kept(UnsafeBufferPointer(rebasing: b[run..<i]))
            replaced(replacement)
            i += length
            run = i
        }
        if run == 0 { return false }
        kept(UnsafeBufferPointer(rebasing: b[run..<b.count]))
        return true
    }
}
