import PolicyLint
import PolicyYAML

/// Writes a finding as the JSON report's array item, straight to bytes: the same text as
/// `JSONReporter.finding(f).write(to:indent: 2, level: 2)` (a test compares them), without
/// building a tree of values first. The JSON report is mostly findings, so this is its hot path.
///
/// One writer serves one file's findings. Their file path and each rule's title, category and
/// fix repeat from finding to finding, so their escaped text is kept and copied.
struct FindingJSON {
    var bytes: [UInt8] = []

    /// A string and its escaped JSON text.
    private struct Escaped {
        var text: String
        var json: [UInt8]
    }

    /// A rule's strings that every finding of that rule repeats.
    private struct RuleStrings {
        var title: Escaped, category: Escaped, fix: Escaped?
    }

    private var lastFile: Escaped?
    private var rules: [String: RuleStrings] = [:]

    mutating func write(_ f: Finding) {
        let strings = ruleStrings(f)
        bytes.append(0x7B)
        string("\n      \"rule\": ", f.rule)
        append(",\n      \"title\": ")
        bytes += strings.title.json
        append(",\n      \"category\": ")
        bytes += strings.category.json
        string(",\n      \"severity\": ", f.severity.rawValue)
        string(",\n      \"message\": ", f.message)
        location(f.location, nested: false)
        string(",\n      \"match\": ", f.matchedText)
        append(",\n      \"related\": ")
        if f.related.isEmpty {
            append("[]")
        } else {
            bytes.append(0x5B)
            for (i, r) in f.related.enumerated() {
                append(i > 0 ? ",\n        {" : "\n        {")
                location(r, nested: true)
                append("\n        }")
            }
            append("\n      ]")
        }
        append(",\n      \"fix\": ")
        if let fix = strings.fix { bytes += fix.json } else { append("null") }
        string(",\n      \"fingerprint\": ", f.fingerprint)
        append("\n    }")
    }

    /// The escaped title, category and fix of the finding's rule, from the last finding of that
    /// rule when they are the same strings (comparing is immediate when they share storage).
    private mutating func ruleStrings(_ f: Finding) -> RuleStrings {
        if let known = rules[f.rule], known.title.text == f.title, known.category.text == f.category,
           known.fix?.text == f.fix {
            return known
        }
        let strings = RuleStrings(title: FindingJSON.escape(f.title), category: FindingJSON.escape(f.category),
                                  fix: f.fix.map(FindingJSON.escape))
        rules[f.rule] = strings
        return strings
    }

    private static func escape(_ s: String) -> Escaped {
        var json: [UInt8] = []
        JSONValue.writeString(s, to: &json)
        return Escaped(text: s, json: json)
    }

    /// A location's keys; `nested` ones (related locations) are indented deeper, the first without a comma.
    private mutating func location(_ l: Location, nested: Bool) {
        append(nested ? "\n          \"file\": " : ",\n      \"file\": ")
        if let last = lastFile, last.text == l.file { bytes += last.json } else {
            let file = FindingJSON.escape(l.file)
            bytes += file.json
            lastFile = file
        }
        int(nested ? ",\n          \"line\": " : ",\n      \"line\": ", l.line)
        int(nested ? ",\n          \"column\": " : ",\n      \"column\": ", l.column)
        int(nested ? ",\n          \"endLine\": " : ",\n      \"endLine\": ", l.endLine)
        int(nested ? ",\n          \"endColumn\": " : ",\n      \"endColumn\": ", l.endColumn)
        string(nested ? ",\n          \"path\": " : ",\n      \"path\": ", l.path)
        if let m = l.message { string(nested ? ",\n          \"message\": " : ",\n      \"message\": ", m) }
    }

    /// Literal JSON text (punctuation, line breaks, indentation and keys), copied in one go.
    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func string(_ key: StaticString, _ value: String) {
        append(key)
        JSONValue.writeString(value, to: &bytes)
    }

    private mutating func int(_ key: StaticString, _ value: Int) {
        append(key)
        JSONValue.writeInt(value, to: &bytes)
    }
}
