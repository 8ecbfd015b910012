/// The enabled rules, compiled: every phrase of every rule in one matcher.
public struct RuleSet: Sendable {
    /// What a compiled pattern id stands for.
    struct PatternRole: Sendable {
        enum Role: Sendable { case main, a, b, unless, claim, denial, signal }
        var rule: Int
        var role: Role
        var language: String
    }

    public let rules: [Rule]
    let matcher: PhraseMatcher
    let roles: [PatternRole]
    /// For each rule, the languages its phrase lists are keyed by.
    let languages: [Set<String>]

    public init(rules: [Rule]) {
        self.rules = rules
        var matcher = PhraseMatcher()
        var roles: [PatternRole] = []
        var languages: [Set<String>] = []
        func add(_ list: LocalizedPhrases?, _ rule: Int, _ role: PatternRole.Role, _ langs: inout Set<String>) {
            guard let list else { return }
            for (lang, phrase) in list.all {
                langs.insert(lang)
                matcher.add(phrase, as: roles.count)
                roles.append(PatternRole(rule: rule, role: role, language: lang))
            }
        }
        for (i, rule) in rules.enumerated() {
            var langs = Set<String>()
            switch rule.check {
            case let .phrases(p, unless, _):
                add(p, i, .main, &langs); add(unless, i, .unless, &langs)
            case let .near(a, b, _, unless, _):
                add(a, i, .a, &langs); add(b, i, .b, &langs); add(unless, i, .unless, &langs)
            case let .conflict(claim, denial, unless):
                add(claim, i, .claim, &langs); add(denial, i, .denial, &langs); add(unless, i, .unless, &langs)
            case let .absent(_, phrases):
                add(phrases, i, .signal, &langs)
            case .require, .bound, .metric:
                break
            }
            languages.append(langs)
        }
        self.matcher = matcher
        self.roles = roles
        self.languages = languages
    }

    /// Whether a pattern in `language` applies to a document in `documentLanguage`:
    /// the document's own list if the rule has one, else English.
    func applies(_ role: PatternRole, to documentLanguage: String) -> Bool {
        let langs = languages[role.rule]
        let chosen = langs.contains(documentLanguage) ? documentLanguage : "en"
        return role.language == chosen
    }

    public var phraseCount: Int { matcher.patternCount }
}
