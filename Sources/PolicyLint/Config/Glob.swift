/// A path pattern as in `.gitignore`, for `ignore:` and `overrides[].paths` in the configuration.
///
/// - `*` matches any characters but `/`; `?` one character but `/`; `[a-z]`, `[!a-z]` a class;
///   `**` any number of folders (`docs/**`, `**/drafts/*.yaml`); `{a,b}` either alternative.
/// - A pattern without `/` (other than a trailing one) matches a name at any depth: `*.draft.yaml`.
/// - A pattern that matches a folder matches everything inside it: `drafts/` or `drafts`.
/// Paths are relative to the configuration file's folder, with `/` separators.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let description: String
    private let alternatives: [[UInt8]]

    public init(_ pattern: String) {
        description = pattern
        var p = pattern
        if p.hasPrefix("./") { p.removeFirst(2) }
        let anchored = p.dropLast(p.hasSuffix("/") ? 1 : 0).contains("/")
        if p.hasPrefix("/") { p.removeFirst() }
        if p.hasSuffix("/") { p.removeLast() }
        if !anchored && !p.hasPrefix("**/") { p = "**/" + p }
        // A pattern past `maxAlternatives` is refused by the configuration loader; one made
        // here anyway keeps its braces as written rather than expanding without end.
        alternatives = (Glob.expandBraces(p, limit: Glob.maxAlternatives) ?? [p]).map { Array($0.utf8) }
    }

    /// Whether `path` (relative, `/`-separated) or one of its parent folders matches.
    public func matches(_ path: String) -> Bool {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        let bytes = Array(path.utf8)
        for alt in alternatives {
            if Glob.match(alt, bytes) { return true }
            // A parent folder matches.
            for (i, b) in bytes.enumerated() where b == UInt8(ascii: "/") {
                if Glob.match(alt, Array(bytes[..<i])) { return true }
            }
        }
        return false
    }

    /// Most patterns one glob's braces may expand to (`{a,b}{c,d}` is four): twenty pairs of
    /// braces would make a million.
    static let maxAlternatives = 1_024

    /// The patterns `p`'s braces expand to, or nil past `limit` of them (stopping there):
    /// `a{b,c}d` -> `abd`, `acd` (nested braces expand too; an unclosed brace is literal).
    static func expandBraces(_ p: String, limit: Int) -> [String]? {
        var out: [String] = []
        func expand(_ p: String) -> Bool {
            let chars = Array(p)
            guard let open = chars.firstIndex(of: "{") else {
                out.append(p)
                return out.count <= limit
            }
            var depth = 0
            var parts: [String] = []
            var current = ""
            var close: Int?
            for i in (open + 1)..<chars.count {
                let c = chars[i]
                if c == "{" { depth += 1 }
                if c == "}" {
                    if depth == 0 { close = i; break }
                    depth -= 1
                }
                if c == ",", depth == 0 { parts.append(current); current = ""; continue }
                current.append(c)
            }
            guard let close else {
                out.append(p)
                return out.count <= limit
            }
            parts.append(current)
            let prefix = String(chars[..<open]), suffix = String(chars[(close + 1)...])
            for part in parts where !expand(prefix + part + suffix) { return false }
            return true
        }
        return expand(p) ? out : nil
    }

    static let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), question = UInt8(ascii: "?")

    /// Whether the whole of `s` matches the whole of `p` (`**` segments are tried at folder
    /// boundaries only).
    ///
    /// Backtracking, with every (pattern, text) position that failed remembered: without it a
    /// pattern of n stars tried each way of splitting the text among them (`*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b`
    /// against a 30-letter name took 19 s), with it each position pair is tried once.
    static func match(_ p: [UInt8], _ s: [UInt8]) -> Bool {
        var failed = [Bool](repeating: false, count: (p.count + 1) * (s.count + 1))
        return match(p, 0, s, 0, &failed)
    }

    private static func match(_ p: [UInt8], _ pi: Int, _ s: [UInt8], _ si: Int, _ failed: inout [Bool]) -> Bool {
        let key = pi * (s.count + 1) + si
        if failed[key] { return false }
        if matchFrom(p, pi, s, si, &failed) { return true }
        failed[key] = true
        return false
    }

    private static func matchFrom(_ p: [UInt8], _ pi: Int, _ s: [UInt8], _ si: Int, _ failed: inout [Bool]) -> Bool {
        var pi = pi, si = si
        while pi < p.count {
            let c = p[pi]
            if c == star {
                let double = pi + 1 < p.count && p[pi + 1] == star
                if double {
                    // `**/` matches zero or more whole folders; a final `**` matches the rest.
                    var next = pi + 2
                    if next < p.count && p[next] == slash { next += 1 } else if next == p.count { return true }
                    if match(p, next, s, si, &failed) { return true }
                    var k = si
                    while k < s.count {
                        if s[k] == slash, match(p, next, s, k + 1, &failed) { return true }
                        k += 1
                    }
                    return false
                }
                // `*`: any run without `/`.
                var k = si
                while true {
                    if match(p, pi + 1, s, k, &failed) { return true }
                    if k >= s.count || s[k] == slash { return false }
                    k += 1
                }
            }
            guard si < s.count else { return false }
            if c == question {
                if s[si] == slash { return false }
            } else if c == UInt8(ascii: "[") , let (ok, end) = matchClass(p, pi, s[si]) {
                if !ok || s[si] == slash { return false }
                pi = end
                si += 1
                continue
            } else if c == UInt8(ascii: "\\"), pi + 1 < p.count {
                if p[pi + 1] != s[si] { return false }
                pi += 2; si += 1
                continue
            } else if c != s[si] {
                return false
            }
            pi += 1; si += 1
        }
        return si == s.count
    }

    /// A `[...]` class at `pi`: whether `ch` is in it and the index after `]`; nil if unclosed.
    static func matchClass(_ p: [UInt8], _ pi: Int, _ ch: UInt8) -> (Bool, Int)? {
        var i = pi + 1
        var negate = false
        if i < p.count, p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^") { negate = true; i += 1 }
        var found = false
        var first = true
        while i < p.count {
            if p[i] == UInt8(ascii: "]") && !first { return (found != negate, i + 1) }
            first = false
            if i + 2 < p.count, p[i + 1] == UInt8(ascii: "-"), p[i + 2] != UInt8(ascii: "]") {
                if p[i] <= ch && ch <= p[i + 2] { found = true }
                i += 3
            } else {
                if p[i] == ch { found = true }
                i += 1
            }
        }
        return nil
    }
}
