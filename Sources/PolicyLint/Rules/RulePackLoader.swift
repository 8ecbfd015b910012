import Foundation
import PolicyYAML

/// Reads rule packs and reports every mistake as `file:line:col: error: ...`.
public enum RulePackLoader {
    static let ruleKeys: Set<String> = [
        "id", "title", "severity", "category", "lesson", "why", "fix", "message", "in", "for", "when",
        "phrases", "near", "within", "unless", "require", "max", "min", "conflict", "absent", "metric", "examples",
    ]
    static let checkKeys = ["phrases", "near", "require", "max", "min", "conflict", "absent", "metric"]

    /// Loads the packs embedded at build time from `rules/`.
    ///
    /// The packs are independent, and on a run over one small file loading them is about half of
    /// the process's work, so they load on every core: largest first, so that no core is left
    /// with a big pack at the end. The result is in the packs' own order, as one thread gives it,
    /// and so is the error (the first pack's, in that order).
    ///
    /// Loaded once per process (they are compiled in, so every load gives the same packs): the
    /// first use loads them, and a use while `prefetchBuiltin()` is loading them waits for it.
    public static func builtin() throws(InputError) -> [RulePack] {
        try builtinPacks.get()
    }

    private static let builtinPacks = Result { () throws(InputError) in try loadBuiltin() }

    /// Starts loading the built-in packs on another thread, so that it overlaps with what the
    /// process does before their first use (parsing the command line). A run over one small file
    /// is mostly start-up, and the packs are half of it.
    public static func prefetchBuiltin() {
        DispatchQueue.global(qos: .userInitiated).async { _ = builtinPacks }
    }

    static func loadBuiltin() throws(InputError) -> [RulePack] {
        let sources = BuiltinPacks.sources
        let bySize = sources.indices.sorted { sources[$0].text.utf8.count > sources[$1].text.utf8.count }
        let results = LoadedPacks(count: sources.count)
        DispatchQueue.concurrentPerform(iterations: sources.count) { k in
            let i = bySize[k]
            results.set(i, Result { () throws(InputError) in try load(text: sources[i].text, file: sources[i].name) })
        }
        return try results.all().map { result throws(InputError) in try result!.get() }
    }

    /// The packs' results by index, filled from several threads. Behind an `NSLock` (a pthread
    /// mutex, which ThreadSanitizer follows), not `Synchronization.Mutex`, whose futex it does
    /// not: with the Mutex, TSan reported the workers' writes as a race now and then (2026-12-04).
    private final class LoadedPacks: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<RulePack, InputError>?]

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func set(_ i: Int, _ result: Result<RulePack, InputError>) {
            lock.lock()
            defer { lock.unlock() }
            results[i] = result
        }

        func all() -> [Result<RulePack, InputError>?] {
            lock.lock()
            defer { lock.unlock() }
            return results
        }
    }

    /// Loads a pack file, or every `*.yaml`/`*.yml` directly in a folder (sorted).
    ///
    /// Packs may come from third parties, so a pack reads nothing but itself: the format has no
    /// includes, and in a folder only regular files inside that folder are read (a symbolic link
    /// that leads out of it, a FIFO or a device is an error, never opened). Every file is bounded
    /// by `limits.maxFileBytes`.
    public static func load(path: String, limits: YAMLLimits = .default) throws(InputError) -> [RulePack] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw InputError(file: path, message: "no such rule pack file or folder")
        }
        var files = [path]
        if isDir.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            if files.isEmpty { throw InputError(file: path, message: "no rule packs (*.yaml) in this folder") }
            let folder = realPath(path) ?? path
            for file in files {
                let target = realPath(file) ?? file
                if !target.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") {
                    throw InputError(file: file, message: "is a link to \(target), outside the rule pack folder; name it directly to load it")
                }
            }
        }
        var packs: [RulePack] = []
        for file in files {
            packs.append(try load(bytes: try readPackFile(file, limit: limits.maxFileBytes), file: file, limits: limits))
        }
        return packs
    }

    /// The path with every link resolved (nil if it cannot be: missing, a loop).
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// Reads a regular file of at most `limit` bytes (a FIFO or device would block or never end).
    static func readPackFile(_ file: String, limit: Int) throws(InputError) -> [UInt8] {
        try BoundedRead.regularFile(file, limit: limit, noun: "rule pack file")
    }

    /// Loads one pack from the bytes of `file` (any encoding `SourceText` reads).
    public static func load(bytes: [UInt8], file: String, limits: YAMLLimits = .default) throws(InputError) -> RulePack {
        let stream: YAMLStream
        do { stream = try YAMLParser(limits: limits).parse(bytes: bytes) } catch { throw InputError(file: file, error) }
        return try load(stream: stream, file: file)
    }

    public static func load(text: String, file: String) throws(InputError) -> RulePack {
        let stream: YAMLStream
        do { stream = try YAMLParser().parse(string: text) } catch { throw InputError(file: file, error) }
        return try load(stream: stream, file: file)
    }

    static func load(stream: YAMLStream, file: String) throws(InputError) -> RulePack {
        guard stream.documents.count == 1, let root = stream.documents.first?.root.resolvingMergeKeys() else {
            throw InputError(file: file, message: stream.documents.isEmpty ? "empty rule pack" : "a rule pack is one YAML document")
        }
        var reader = NodeReader(file: file)
        return try reader.pack(root)
    }
}

/// Reads pack nodes with errors that point at the offending node.
struct NodeReader {
    let file: String

    func fail(_ message: String, _ node: YAMLNode) -> InputError {
        InputError(file: file, line: node.start.line, column: node.start.column, message: message)
    }

    func string(_ node: YAMLNode?, _ what: String, in parent: YAMLNode) throws(InputError) -> String {
        guard let node else { throw fail("missing '\(what)'", parent) }
        guard let s = node.scalar, !node.isNull, !s.isEmpty else { throw fail("'\(what)' must be non-empty text", node) }
        return s
    }

    func optionalString(_ node: YAMLNode?, _ what: String) throws(InputError) -> String? {
        guard let node, !node.isNull else { return nil }
        guard let s = node.scalar else { throw fail("'\(what)' must be text", node) }
        return s
    }

    mutating func pack(_ root: YAMLNode) throws(InputError) -> RulePack {
        guard let pairs = root.pairs else { throw fail("a rule pack must be a mapping with 'pack' and 'rules'", root) }
        for pair in pairs {
            let k = pair.key.scalar ?? ""
            if !["pack", "title", "description", "rules"].contains(k) {
                var message = "unknown key '\(k)' in rule pack"
                if let s = suggestion(for: k, among: ["pack", "title", "description", "rules"]) { message += "; did you mean '\(s)'?" }
                throw fail(message, pair.key)
            }
        }
        let id = try string(root["pack"], "pack", in: root)
        try checkIdentifier(id, root["pack"]!, what: "pack id")
        let title = try optionalString(root["title"], "title") ?? id
        let description = try optionalString(root["description"], "description")
        guard let rulesNode = root["rules"] else { throw fail("missing 'rules'", root) }
        guard let items = rulesNode.items else { throw fail("'rules' must be a list", rulesNode) }
        var rules: [Rule] = []
        var seen: [String: Mark] = [:]
        for item in items {
            let r = try rule(item, pack: id)
            if let first = seen[r.id] {
                throw fail("duplicate rule id '\(r.id)' (first at \(first.line):\(first.column))", item["id"] ?? item)
            }
            seen[r.id] = (item["id"] ?? item).start
            rules.append(r)
        }
        return RulePack(id: id, title: title, description: description, rules: rules, file: file)
    }

    func checkIdentifier(_ id: String, _ node: YAMLNode, what: String) throws(InputError) {
        let ok = id.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
        if !ok || id.hasPrefix("-") { throw fail("\(what) '\(id)' must be lowercase letters, digits and dashes", node) }
    }

    func rule(_ node: YAMLNode, pack: String) throws(InputError) -> Rule {
        guard let pairs = node.pairs else { throw fail("a rule must be a mapping", node) }
        for pair in pairs {
            let k = pair.key.scalar ?? ""
            if !RulePackLoader.ruleKeys.contains(k) {
                var message = "unknown key '\(k)' in rule"
                if let s = suggestion(for: k, among: Array(RulePackLoader.ruleKeys)) { message += "; did you mean '\(s)'?" }
                throw fail(message, pair.key)
            }
        }
        let id = try string(node["id"], "id", in: node)
        try checkIdentifier(id, node["id"]!, what: "rule id")
        if id == "schema" { throw fail("rule id 'schema' is reserved for the built-in schema check", node["id"]!) }
        let title = try string(node["title"], "title", in: node)
        let severityText = try string(node["severity"], "severity", in: node)
        guard let severity = Severity(rawValue: severityText) else {
            throw fail("severity must be error, warning or info, not '\(severityText)'", node["severity"]!)
        }
        let category = try string(node["category"], "category", in: node)
        let why = try string(node["why"], "why", in: node)
        let fix = try string(node["fix"], "fix", in: node)
        let check = try self.check(node)
        let (bad, good) = try examples(node["examples"], rule: node)
        return Rule(id: id, pack: pack, title: title, severity: severity, category: category,
                    lesson: try optionalString(node["lesson"], "lesson"), why: why, fix: fix,
                    message: try optionalString(node["message"], "message"), check: check,
                    badExamples: bad, goodExamples: good,
                    origin: "\(file):\(node.start.line):\(node.start.column)")
    }

    func check(_ node: YAMLNode) throws(InputError) -> Check {
        let present = RulePackLoader.checkKeys.filter { node[$0] != nil }
        // `metric` uses `max`; `near` uses nothing else; `max`+`min` on one rule is not allowed.
        var kinds = present
        if kinds.contains("metric") { kinds.removeAll { $0 == "max" } }
        if kinds.isEmpty {
            throw fail("rule has no check: give one of \(RulePackLoader.checkKeys.joined(separator: ", "))", node)
        }
        if kinds.count > 1 {
            throw fail("rule has several checks (\(kinds.joined(separator: ", "))); give exactly one", node[kinds[1]]!)
        }
        let scope = try self.scope(node["in"])
        let unless = try node["unless"].map { n throws(InputError) in try phrases(n, "unless") }
        func disallow(_ keys: [String]) throws(InputError) {
            for k in keys { if let n = node[k] { throw fail("'\(k)' does not apply to a '\(kinds[0])' check", n) } }
        }
        switch kinds[0] {
        case "phrases":
            try disallow(["for", "when", "within"])
            return .phrases(try phrases(node["phrases"]!, "phrases"), unless: unless, in: scope)
        case "near":
            try disallow(["for", "when"])
            let n = node["near"]!
            guard let sets = n.items, sets.count == 2 else { throw fail("'near' must be a list of two phrase lists", n) }
            guard let withinNode = node["within"] else { throw fail("'near' needs 'within: N words'", node) }
            let within = try count(withinNode, "within")
            return .near(try phrases(sets[0], "near"), try phrases(sets[1], "near"), within: within, unless: unless, in: scope)
        case "require":
            try disallow(["within", "unless", "in"])
            let r = node["require"]!
            let fields: [String]
            if let s = r.scalar { fields = [s] } else if let items = r.items {
                var list: [String] = []
                for item in items {
                    guard let s = item.scalar, !s.isEmpty else { throw fail("'require' lists field names", item) }
                    list.append(s)
                }
                fields = list
            } else { throw fail("'require' must be a field name or a list of them", r) }
            if fields.isEmpty { throw fail("'require' needs at least one field", r) }
            for f in fields where PathPattern(f) == nil { throw fail("'\(f)' is not a valid field path", r) }
            return .require(for: try path(node["for"], in: node), fields: fields, when: try condition(node["when"]))
        case "max", "min":
            try disallow(["within", "unless", "in", "when"])
            let isMax = kinds[0] == "max"
            let limitNode = node[kinds[0]]!
            return .bound(for: try path(node["for"], in: node), limit: try limit(limitNode), isMax: isMax)
        case "conflict":
            try disallow(["for", "when", "within", "in"])
            let c = node["conflict"]!
            guard c.pairs != nil else { throw fail("'conflict' must be a mapping with 'claim' and 'denial'", c) }
            for pair in c.pairs! where !["claim", "denial"].contains(pair.key.scalar ?? "") {
                throw fail("unknown key '\(pair.key.scalar ?? "?")' in conflict (use claim and denial)", pair.key)
            }
            guard let claim = c["claim"] else { throw fail("'conflict' needs 'claim'", c) }
            guard let denial = c["denial"] else { throw fail("'conflict' needs 'denial'", c) }
            return .conflict(claim: try phrases(claim, "claim"), denial: try phrases(denial, "denial"), unless: unless)
        case "absent":
            try disallow(["for", "when", "within", "unless", "in"])
            let a = node["absent"]!
            guard a.pairs != nil else { throw fail("'absent' must be a mapping with 'fields' and/or 'phrases'", a) }
            for pair in a.pairs! where !["fields", "phrases"].contains(pair.key.scalar ?? "") {
                throw fail("unknown key '\(pair.key.scalar ?? "?")' in absent (use fields and phrases)", pair.key)
            }
            var fields: [PathPattern] = []
            for f in a["fields"]?.items ?? [] {
                guard let s = f.scalar, let p = PathPattern(s) else { throw fail("not a valid field path", f) }
                fields.append(p)
            }
            if let f = a["fields"], f.items == nil { throw fail("'fields' must be a list of paths", f) }
            let ph = try a["phrases"].map { n throws(InputError) in try phrases(n, "phrases") }
            if fields.isEmpty && (ph?.isEmpty ?? true) { throw fail("'absent' needs fields or phrases", a) }
            return .absent(fields: fields, phrases: ph)
        case "metric":
            try disallow(["for", "when", "within", "unless"])
            let m = node["metric"]!
            guard let name = m.scalar, let metric = Check.Metric(rawValue: name) else {
                throw fail("unknown metric '\(m.scalar ?? "?")' (known: sentence-words)", m)
            }
            guard let maxNode = node["max"] else { throw fail("'metric' needs 'max'", node) }
            return .metric(metric, max: try count(maxNode, "max"), in: scope)
        default:
            throw fail("unknown check", node)
        }
    }

    func scope(_ node: YAMLNode?) throws(InputError) -> ProseScope {
        guard let node else { return .allProse }
        guard let s = node.scalar else { throw fail("'in' must be 'prose' or a path", node) }
        if s == "prose" { return .allProse }
        guard let p = PathPattern(s) else { throw fail("'\(s)' is not a valid path (e.g. promises[*].text)", node) }
        return .path(p)
    }

    func path(_ node: YAMLNode?, in rule: YAMLNode) throws(InputError) -> PathPattern {
        guard let node else { throw fail("this check needs 'for: PATH'", rule) }
        guard let s = node.scalar, let p = PathPattern(s) else {
            throw fail("'\(node.scalar ?? "")' is not a valid path (e.g. support.first_response)", node)
        }
        return p
    }

    func condition(_ node: YAMLNode?) throws(InputError) -> Check.Condition? {
        guard let node else { return nil }
        guard let pairs = node.pairs, pairs.count == 1, let key = pairs[0].key.scalar, let field = pairs[0].value.scalar else {
            throw fail("'when' must be {has: FIELD} or {missing: FIELD}", node)
        }
        switch key {
        case "has": return .has(field)
        case "missing": return .missing(field)
        default: throw fail("'when' must be {has: FIELD} or {missing: FIELD}", node)
        }
    }

    func count(_ node: YAMLNode, _ what: String) throws(InputError) -> Int {
        guard var s = node.scalar else { throw fail("'\(what)' must be a number", node) }
        if s.hasSuffix(" words") { s.removeLast(6) } else if s.hasSuffix(" word") { s.removeLast(5) }
        guard let n = Int(s.trimmingCharacters(in: .whitespaces)), n >= 0, n <= 10_000 else {
            throw fail("'\(what)' must be a whole number from 0 to 10000", node)
        }
        return n
    }

    func limit(_ node: YAMLNode) throws(InputError) -> Check.Limit {
        guard let s = node.scalar else { throw fail("a limit must be a duration or a number", node) }
        if let d = Duration.parse(s) { return .duration(d) }
        if let n = Double(s) { return .number(n) }
        throw fail("'\(s)' is not a duration (e.g. '24 hours') or a number", node)
    }

    func phrases(_ node: YAMLNode, _ what: String) throws(InputError) -> LocalizedPhrases {
        if let pairs = node.pairs {
            var byLanguage: [String: [Phrase]] = [:]
            for pair in pairs {
                guard let lang = pair.key.scalar, lang.count >= 2, lang.count <= 8 else {
                    throw fail("phrase lists are keyed by language codes (en, de, ...)", pair.key)
                }
                byLanguage[lang.lowercased()] = try phraseList(pair.value, what)
            }
            return LocalizedPhrases(byLanguage: byLanguage)
        }
        return LocalizedPhrases(byLanguage: ["en": try phraseList(node, what)])
    }

    func phraseList(_ node: YAMLNode, _ what: String) throws(InputError) -> [Phrase] {
        let items = node.items ?? (node.scalar != nil ? [node] : nil)
        guard let items else { throw fail("'\(what)' must be a list of phrases", node) }
        if items.isEmpty { throw fail("'\(what)' is an empty list", node) }
        var out: [Phrase] = []
        for item in items {
            guard let s = item.scalar, !item.isNull else { throw fail("a phrase must be text", item) }
            do { out.append(try Phrase(s)) } catch {
                let why: String
                switch error {
                case .empty: why = "has no words"
                case .unbalancedParenthesis: why = "has unbalanced parentheses"
                case .tooManyOptionals: why = "has too many optional groups (at most 6)"
                case .misplacedStar: why = "has a '*' that is not at the end of a word"
                }
                throw fail("phrase '\(s)' \(why)", item)
            }
        }
        return out
    }

    func examples(_ node: YAMLNode?, rule: YAMLNode) throws(InputError) -> ([RuleExample], [RuleExample]) {
        guard let node else { return ([], []) }
        guard let pairs = node.pairs else { throw fail("'examples' must be a mapping with 'bad' and 'good'", node) }
        for pair in pairs where !["bad", "good"].contains(pair.key.scalar ?? "") {
            throw fail("unknown key '\(pair.key.scalar ?? "?")' in examples (use bad and good)", pair.key)
        }
        func list(_ n: YAMLNode?) throws(InputError) -> [RuleExample] {
            guard let n else { return [] }
            guard let items = n.items else { throw fail("examples must be a list", n) }
            var out: [RuleExample] = []
            for item in items {
                if let s = item.scalar, !item.isNull { out.append(.sentence(s)) }
                else if item.pairs != nil { out.append(.fragment(item, text: item.json().serialized(indent: nil))) }
                else { throw fail("an example is a sentence or a mapping of policy sections", item) }
            }
            return out
        }
        return (try list(node["bad"]), try list(node["good"]))
    }
}
