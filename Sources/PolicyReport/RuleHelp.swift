import PolicyLint

/// Where a rule's documentation lives, for `helpUri` in SARIF and links in Markdown.
public enum RuleHelp {
    /// The project's home; `helpUri`s of built-in rules point into this repository.
    public static let repository = "https://github.com/policylint/policylint"

    static let builtinFiles = Set(BuiltinPacks.sources.map(\.name))

    /// A link to the rule's definition (built-in packs: their `rules/*.yaml`), its docs
    /// (built-in checks), or nil for rules from user packs.
    public static func uri(_ rule: Rule) -> String? {
        switch rule.id {
        case SchemaRule.id: return repository + "/blob/main/docs/policy-format.md"
        case SuppressionRules.unusedID, SuppressionRules.invalidID: return repository + "/blob/main/docs/configuration.md#suppression-comments"
        default: break
        }
        // The pack file (no line anchor: lines move between versions, the file does not).
        guard let file = rule.origin.split(separator: ":").first.map(String.init), builtinFiles.contains(file) else { return nil }
        return repository + "/blob/main/" + file
    }

    /// Plain-text help: why, how to fix, an example.
    public static func text(_ rule: Rule) -> String {
        var out = "\(rule.title)\n\nWhy it matters: \(rule.why.trimmed)\n\nHow to fix it: \(rule.fix.trimmed)"
        if let bad = sentence(rule.badExamples) { out += "\n\nFlagged: \(bad)" }
        if let good = sentence(rule.goodExamples) { out += "\nFine: \(good)" }
        return out
    }

    /// The first example that is a sentence (YAML fragments read badly in a help text).
    static func sentence(_ examples: [RuleExample]) -> String? {
        for e in examples { if case .sentence(let s) = e { return s.trimmed } }
        return nil
    }

    /// The same in Markdown.
    public static func markdown(_ rule: Rule) -> String {
        var out = "**\(MarkdownText.inline(rule.title))**\n\n**Why it matters.** \(MarkdownText.inlineWithCode(rule.why.trimmed))\n\n"
            + "**How to fix it.** \(MarkdownText.inlineWithCode(rule.fix.trimmed))"
        if let bad = sentence(rule.badExamples) { out += "\n\nFlagged: \(MarkdownText.code(bad))" }
        if let good = sentence(rule.goodExamples) { out += "\n\nFine: \(MarkdownText.code(good))" }
        if let lesson = rule.lesson { out += "\n\nLesson \(MarkdownText.inline(lesson)) of policylint's customer-service lessons." }
        return out
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
