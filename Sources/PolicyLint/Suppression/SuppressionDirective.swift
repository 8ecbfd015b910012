import Foundation

/// One `# policylint-...` comment in a policy file.
public struct SuppressionDirective: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// `policylint-disable-next-line`: the next line that is not blank or a comment (and the
        /// whole of a multi-line scalar that starts there).
        case nextLine = "disable-next-line"
        /// `policylint-disable` ... `policylint-enable`: the lines between; to the end if never enabled.
        case disable
        case enable
        /// `policylint-disable-file`: the whole file.
        case file = "disable-file"
    }

    /// A rule id as written, with its position (1-based line, column; end column exclusive).
    public struct RuleName: Sendable, Equatable {
        public var id: String
        public var line: Int
        public var column: Int
        public var endColumn: Int
    }

    public var kind: Kind
    public var rules: [RuleName]
    /// The text after ` -- `, trimmed; nil when none was given.
    public var reason: String?
    /// Where the comment's `#` is.
    public var line: Int
    public var column: Int
    /// Where the directive word ends (for findings about the whole directive).
    public var endColumn: Int

    /// Parses the text after `#`, which starts at `column` of `line`. Returns nil when the comment
    /// is not a policylint directive at all; `.failure` for one that is malformed.
    public static func parse(comment: String, line: Int, column: Int) -> Result<SuppressionDirective, DirectiveError>? {
        // Work in unicode scalars: columns count code points.
        let chars = Array(comment.unicodeScalars)
        var i = 0
        while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
        let prefix = Array("policylint-".unicodeScalars)
        guard chars.count - i >= prefix.count, Array(chars[i..<(i + prefix.count)]) == prefix else { return nil }
        let wordStart = i
        while i < chars.count, chars[i] != " " && chars[i] != "\t" { i += 1 }
        let word = String(String.UnicodeScalarView(chars[(wordStart + prefix.count)..<i]))
        let hashColumn = column - 1 // `comment` starts after `#`
        let wordEnd = column + i
        guard let kind = Kind(rawValue: word) else {
            let known = ["disable-next-line", "disable", "enable", "disable-file"]
            var message = "unknown directive 'policylint-\(word)'"
            if let s = suggestion(for: word, among: known) { message += "; did you mean 'policylint-\(s)'?" }
            else { message += " (use policylint-disable-next-line, -disable, -enable or -disable-file)" }
            return .failure(DirectiveError(message: message, line: line, column: hashColumn, endColumn: wordEnd))
        }
        // Rules up to ` -- `, separated by commas or spaces.
        var rest = Array(chars[i...])
        var reason: String?
        var reasonCut = rest.count
        var k = 0
        while k + 1 < rest.count {
            if rest[k] == "-", rest[k + 1] == "-", (k == 0 || rest[k - 1] == " " || rest[k - 1] == "\t"),
               k + 2 == rest.count || rest[k + 2] == " " || rest[k + 2] == "\t" {
                reasonCut = k
                let r = String(String.UnicodeScalarView(rest[(k + 2)...])).trimmingCharacters(in: .whitespaces)
                reason = r.isEmpty ? nil : r
                break
            }
            k += 1
        }
        rest = Array(rest[..<reasonCut])
        var rules: [RuleName] = []
        var current = ""
        var start = 0
        for n in 0...rest.count {
            let c: Unicode.Scalar = n < rest.count ? rest[n] : " "
            if c == " " || c == "\t" || c == "," {
                if !current.isEmpty {
                    rules.append(RuleName(id: current, line: line, column: column + i + start, endColumn: column + i + n))
                    current = ""
                }
            } else {
                if current.isEmpty { start = n }
                current.unicodeScalars.append(c)
            }
        }
        if rules.isEmpty {
            return .failure(DirectiveError(message: "'policylint-\(word)' names no rule; list the rule ids it applies to",
                                           line: line, column: hashColumn, endColumn: wordEnd))
        }
        return .success(SuppressionDirective(kind: kind, rules: rules, reason: reason, line: line, column: hashColumn, endColumn: wordEnd))
    }
}

/// A `# policylint-...` comment that cannot be used.
public struct DirectiveError: Error, Sendable, Equatable {
    public var message: String
    public var line: Int
    public var column: Int
    public var endColumn: Int
}
