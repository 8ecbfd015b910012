/// The enabled rules, compiled: every phrase of every rule in one matcher.
public struct RuleSet: Sendable {
    /// What a compiled pattern id stands for. Plain values (the language is an index into
    /// `languageNames`), so reading one per match costs no reference counting.
    struct PatternRole: Sendable {
        enum Role: Sendable { case main, a, b, unless, claim, denial, signal }
        var rule: Int
        var role: Role
        var language: Int
    }

    public let rules: [Rule]
    /// Each rule's fields that its findings share, made once per rule set.
    let findingRules: [FindingRule]
    let matcher: PhraseMatcher
    let roles: [PatternRole]
    /// For each rule, the languages its phrase lists are keyed by.
    let languages: [Set<String>]
    /// Every language of a phrase list, once.
    let languageNames: [String]
    /// For each `require` rule, its field paths and its condition's path, parsed once here
    /// rather than per node (nil: a path that does not parse, which no node has).
    let requiredPaths: [RequiredPaths?]
    /// The fewest words a sentence may have before some `metric` rule reports it (`Int.max`:
    /// no such rule). A string with no match and no longer sentence is read by no rule.
    let sentenceWordLimit: Int

    /// What a rule reads of one scanned string, as a plain value: read once per string and rule
    /// with matches, where copying the rule's `Check` would retain each of its phrase lists.
    enum StringCheck: Sendable {
        /// `phrases`, `near` (with its `within`), `conflict`, and `absent`'s signal phrases.
        case phrases, near(within: Int), conflict, signal
        /// A rule that reads no string's matches (`require`, `bound`, `metric`).
        case none
    }

    /// Each rule's `StringCheck`.
    let stringChecks: [StringCheck]
    /// Whether each rule has `unless` phrases: a string's matches are searched for them only then.
    let hasUnless: [Bool]
    /// Each rule's prose scope: nil for every prose string (and for rules without one).
    let scopes: [PathPattern?]
    /// The `metric` rules: their index and limit.
    let metricRules: [(rule: Int, max: Int)]
    /// The rules that read the document's fields once its strings are read (`absent`,
    /// `require`, `bound`): a file visits these, not every rule.
    let documentRules: [Int]
    /// `chosenLanguages(for:)` per entry of `languageNames`, then for any other language:
    /// worked out once here, not per file (a set look-up per rule and file).
    private let chosenPerLanguage: [[Int]]

    /// Whether some rule reads the document's tree (`require`, `min`/`max`, `absent`'s fields)
    /// at a path that may lie under the root key `terms`. When none does, the terms' prose is
    /// taken from the parser's events and the tree holds none of them (`TermsCollector`).
    let readsTermsTree: Bool

    struct RequiredPaths: Sendable {
        var fields: [PathPattern?]
        var condition: PathPattern?
    }

    public init(rules: [Rule]) {
        self.rules = rules
        findingRules = rules.map(FindingRule.init)
        var matcher = PhraseMatcher()
        var roles: [PatternRole] = []
        var languages: [Set<String>] = []
        var languageNames: [String] = []
        func add(_ list: LocalizedPhrases?, _ rule: Int, _ role: PatternRole.Role, _ langs: inout Set<String>) {
            guard let list else { return }
            for (lang, phrase) in list.all {
                langs.insert(lang)
                matcher.add(phrase, as: roles.count)
                if !languageNames.contains(lang) { languageNames.append(lang) }
                roles.append(PatternRole(rule: rule, role: role, language: languageNames.firstIndex(of: lang)!))
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
        var hasUnless = [Bool](repeating: false, count: rules.count)
        for role in roles where role.role == .unless { hasUnless[role.rule] = true }
        self.hasUnless = hasUnless
        self.languages = languages
        self.languageNames = languageNames
        sentenceWordLimit = rules.reduce(Int.max) { limit, rule in
            if case let .metric(.sentenceWords, max, _) = rule.check { return min(limit, max) }
            return limit
        }
        stringChecks = rules.map { rule in
            switch rule.check {
            case .phrases: return .phrases
            case let .near(_, _, within, _, _): return .near(within: within)
            case .conflict: return .conflict
            case .absent: return .signal
            case .require, .bound, .metric: return .none
            }
        }
        scopes = rules.map { rule in
            switch rule.check {
            case .phrases(_, _, .path(let p)), .near(_, _, _, _, .path(let p)), .metric(_, _, .path(let p)): return p
            default: return nil
            }
        }
        documentRules = rules.indices.filter { r in
            switch rules[r].check {
            case .absent, .require, .bound: return true
            case .phrases, .near, .conflict, .metric: return false
            }
        }
        // Per language of a phrase list (its index), a rule takes that language's list if it
        // has one, else English; for any other language, English.
        let english = languageNames.firstIndex(of: "en") ?? -1
        chosenPerLanguage = languageNames.indices.map { own in languages.map { $0.contains(languageNames[own]) ? own : english } }
            + [Array(repeating: english, count: languages.count)]
        metricRules = rules.indices.compactMap { r in
            if case let .metric(.sentenceWords, max, _) = rules[r].check { return (r, max) }
            return nil
        }
        readsTermsTree = rules.contains { rule in
            let patterns: [PathPattern]
            switch rule.check {
            case let .require(pattern, _, _), let .bound(pattern, _, _): patterns = [pattern]
            case let .absent(fields, _): patterns = fields
            case .phrases, .near, .conflict, .metric: patterns = []
            }
            // A path's first step names a root key; any other first step may reach `terms`.
            return patterns.contains { pattern in
                guard case .key(let key)? = pattern.segments.first else { return true }
                return key == "terms"
            }
        }
        requiredPaths = rules.map { rule in
            guard case let .require(_, fields, condition) = rule.check else { return nil }
            let conditionField: String?
            switch condition {
            case .has(let f)?, .missing(let f)?: conditionField = f
            case nil: conditionField = nil
            }
            return RequiredPaths(fields: fields.map { PathPattern($0) }, condition: conditionField.flatMap { PathPattern($0) })
        }
    }

    /// For each rule, the language whose phrase lists apply to a document in `documentLanguage`:
    /// the document's own list if the rule has one, else English. A pattern applies if its
    /// `language` is its rule's entry (-1: a language no list has).
    func chosenLanguages(for documentLanguage: String) -> [Int] {
        // A language no phrase list has: no rule's set holds it, so every rule takes English.
        chosenPerLanguage[languageNames.firstIndex(of: documentLanguage) ?? languageNames.count]
    }

    public var phraseCount: Int { matcher.patternCount }
}
