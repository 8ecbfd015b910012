import PolicyYAML

/// Runs a rule set over one policy document.
///
/// Each prose string is tokenised and scanned once; every rule then reads the matches it owns.
public struct Engine: Sendable {
    public let ruleSet: RuleSet
    /// Severity of the built-in `schema` rule's findings.
    public var schemaSeverity: Severity = .error
    /// Whether the built-in `schema` rule runs.
    public var schemaEnabled = true

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
    }

    /// A prose string after tokenising and matching.
    struct ScannedProse {
        var prose: ProseString
        var text: TokenizedText
        var matches: [PhraseMatcher.Match]
    }

    /// Findings; an empty list if matching ran over its budget (`check` says so).
    public func lint(_ document: PolicyDocument, file: String) -> [Finding] {
        (try? check(document, file: file)) ?? []
    }

    /// Findings, or an error naming the prose string whose matching ran over the step budget
    /// (`PhraseMatcher.stepsPerToken`: rule packs cannot make matching super-linear).
    public func check(_ document: PolicyDocument, file: String) throws(InputError) -> [Finding] {
        var findings: [Finding] = []
        var emitter = FindingEmitter(file: file, document: document)
        if schemaEnabled {
            for issue in document.schemaIssues {
                findings.append(emitter.structural(rule: SchemaRule.rule(severity: schemaSeverity), message: issue.message,
                                                   path: issue.path, start: issue.start, end: issue.end))
            }
        }
        // Which patterns apply to this document's language: decided once per rule, not per match.
        let chosenLanguage = ruleSet.chosenLanguages(for: document.language)
        // Phrase lists in one language that applies to every rule (the usual case): every match stays.
        let keepsEveryMatch = ruleSet.languageNames.count == 1 && chosenLanguage.allSatisfy { $0 == 0 }
        // Scan every prose string once.
        var scanned: [ScannedProse] = []
        scanned.reserveCapacity(document.prose.count)
        // Buffers reused by every string of the document.
        var tokenizerWorkspace = Tokenizer.Workspace(), matcherWorkspace = PhraseMatcher.Workspace()
        for p in document.prose {
            let t = Tokenizer.tokenize(p.text, reusing: &tokenizerWorkspace)
            var m: [PhraseMatcher.Match]
            do {
                m = try ruleSet.matcher.scan(t, budget: PhraseMatcher.budget(tokens: t.tokens.count), reusing: &matcherWorkspace)
            } catch {
                let at = p.node.start
                throw InputError(file: file, line: at.line, column: at.column,
                                 message: "rule matching stopped at word \(error.token + 1) of \(error.tokens) in \(p.path) after \(error.steps) steps: the rule packs' phrases keep too many partial matches alive (budget: \(PhraseMatcher.stepsPerToken) steps a word); simplify the pack's phrases (docs/reliability.md)")
            }
            if !keepsEveryMatch {
                m.removeAll { ruleSet.roles[$0.pattern].language != chosenLanguage[ruleSet.roles[$0.pattern].rule] } // in place
            }
            scanned.append(ScannedProse(prose: p, text: t, matches: m))
        }
        // Group matches by rule once.
        var byRule: [[(Int, PhraseMatcher.Match)]] = Array(repeating: [], count: ruleSet.rules.count)
        for (s, sp) in scanned.enumerated() {
            for m in sp.matches { byRule[ruleSet.roles[m.pattern].rule].append((s, m)) }
        }
        for (r, rule) in ruleSet.rules.enumerated() {
            findings += evaluate(rule, index: r, matches: byRule[r], scanned: scanned, document: document, emitter: &emitter)
        }
        findings.sort { ($0.line, $0.column, $0.rule) < ($1.line, $1.column, $1.rule) }
        return findings
    }

    func inScope(_ scope: ProseScope, _ path: String) -> Bool {
        switch scope {
        case .allProse: return true
        case .path(let p): return PathMatcher.matches(p, path)
        }
    }

    func evaluate(_ rule: Rule, index r: Int, matches: [(Int, PhraseMatcher.Match)], scanned: [ScannedProse],
                  document: PolicyDocument, emitter: inout FindingEmitter) -> [Finding] {
        var out: [Finding] = []
        func role(_ m: PhraseMatcher.Match) -> RuleSet.PatternRole.Role { ruleSet.roles[m.pattern].role }
        /// Sentences of string `s` that contain an `unless` match, from that string's matches.
        func cancelled(_ s: Int, _ here: ArraySlice<(Int, PhraseMatcher.Match)>) -> Set<Int> {
            var out = Set<Int>()
            for (_, m) in here where role(m) == .unless { out.insert(scanned[s].text.tokens[m.first].sentence) }
            return out
        }
        switch rule.check {
        case let .phrases(_, _, scope):
            // One finding per sentence: the earliest match, the longest at that start.
            for (s, here) in Engine.runs(matches) where inScope(scope, scanned[s].prose.path) {
                let tokens = scanned[s].text.tokens
                let skip = cancelled(s, here)
                var reported = Set<Int>()
                let mains = here.filter { role($0.1) == .main }.map(\.1)
                    .sorted { ($0.first, -$0.last) < ($1.first, -$1.last) }
                for m in mains {
                    let sentence = tokens[m.first].sentence
                    if skip.contains(sentence) || !reported.insert(sentence).inserted { continue }
                    out.append(emitter.prose(rule, scanned[s], first: m.first, last: m.last))
                }
            }
        case let .near(_, _, within, _, scope):
            for (s, group) in Engine.runs(matches) where inScope(scope, scanned[s].prose.path) {
                let tokens = scanned[s].text.tokens
                let skip = cancelled(s, group)
                let here = group.map(\.1)
                let a = here.filter { role($0) == .a }, b = here.filter { role($0) == .b }
                var reported = Set<Int>() // one finding per sentence
                let maxLength = b.map { $0.last - $0.first }.max() ?? 0
                for x in a {
                    let sentence = tokens[x.first].sentence
                    if skip.contains(sentence) || reported.contains(sentence) { continue }
                    // The first b-match in the sentence with at most `within` words strictly
                    // between the two (overlapping matches do not pair), found by binary search.
                    guard let y = Engine.nearPartner(of: x, in: b, within: within, maxLength: maxLength, tokens: tokens) else { continue }
                    reported.insert(sentence)
                    out.append(emitter.prose(rule, scanned[s], first: min(x.first, y.first), last: max(x.last, y.last)))
                }
            }
        case .conflict:
            var cancelledBy: [Int: Set<Int>] = [:]
            for (s, here) in Engine.runs(matches) { cancelledBy[s] = cancelled(s, here) }
            func isCancelled(_ s: Int, _ m: PhraseMatcher.Match) -> Bool {
                cancelledBy[s]?.contains(scanned[s].text.tokens[m.first].sentence) ?? false
            }
            guard let (cs, cm) = matches.first(where: { role($0.1) == .claim && !isCancelled($0.0, $0.1) }) else { break }
            let claimLocation = emitter.location(scanned[cs], first: cm.first, last: cm.last, note: "the claim")
            let claimText = emitter.original(scanned[cs], first: cm.first, last: cm.last)
            var reported = Set<[Int]>() // one finding per sentence
            for (s, m) in matches where role(m) == .denial && !isCancelled(s, m) {
                guard reported.insert([s, scanned[s].text.tokens[m.first].sentence]).inserted else { continue }
                var f = emitter.prose(rule, scanned[s], first: m.first, last: m.last, extra: [("claim", claimText)])
                f.related = [claimLocation]
                out.append(f)
            }
        case let .absent(fields, phrases):
            let stated = fields.contains { !document.value(at: $0).filter { !isEmpty($0.node) }.isEmpty }
                || (phrases != nil && matches.contains { role($0.1) == .signal })
            if !stated {
                out.append(emitter.structural(rule: rule, message: nil, path: "policy",
                                              start: document.anchor.start, end: document.anchor.end))
            }
        case let .require(pattern, fields, condition):
            for (path, node) in document.value(at: pattern) where node.pairs != nil {
                if let condition {
                    switch condition {
                    case .has(let f): if !has(node, f) { continue }
                    case .missing(let f): if has(node, f) { continue }
                    }
                }
                guard let missing = fields.first(where: { !has(node, $0) }) else { continue }
                let id = node["id"]?.scalar ?? path
                let keyNode = node.pairs?.first?.key ?? node
                out.append(emitter.structural(rule: rule, message: nil, path: path, start: keyNode.start,
                                              end: keyNode.end, values: [("id", id), ("field", missing)]))
            }
        case let .bound(pattern, limit, isMax):
            for (path, node) in document.value(at: pattern) {
                guard let text = node.scalar else { continue }
                let over: Bool
                switch limit {
                case .duration(let d):
                    guard let v = Duration.parse(text) else { continue }
                    over = isMax ? v.upperBoundHours > d.upperBoundHours : v.lowerBoundHours < d.lowerBoundHours
                case .number(let n):
                    guard let v = Double(text) else { continue }
                    over = isMax ? v > n : v < n
                }
                if over {
                    out.append(emitter.structural(rule: rule, message: nil, path: path, start: node.start, end: node.end,
                                                  values: [("value", text), ("limit", limit.description), ("id", path)],
                                                  matched: text))
                }
            }
        case let .metric(metric, max, scope):
            switch metric {
            case .sentenceWords:
                for sp in scanned where inScope(scope, sp.prose.path) {
                    let counts = sp.text.sentenceWordCounts
                    // Most strings have no long sentence: skip the pass over their tokens.
                    guard counts.contains(where: { $0 > max }) else { continue }
                    // First and last token of each sentence; -1 if it has none.
                    var firstToken = [Int](repeating: -1, count: counts.count), lastToken = firstToken
                    for (k, t) in sp.text.tokens.enumerated() where t.sentence < counts.count {
                        if firstToken[t.sentence] < 0 { firstToken[t.sentence] = k }
                        lastToken[t.sentence] = k
                    }
                    for (i, count) in counts.enumerated() where count > max && firstToken[i] >= 0 {
                        out.append(emitter.prose(rule, sp, first: firstToken[i], last: lastToken[i],
                                                 extra: [("value", String(count)), ("limit", String(max))], underlineFirstWords: 6))
                    }
                }
            }
        }
        return out
    }

    /// Splits matches (ordered by string) into runs of one string each.
    static func runs(_ matches: [(Int, PhraseMatcher.Match)]) -> [(Int, ArraySlice<(Int, PhraseMatcher.Match)>)] {
        var out: [(Int, ArraySlice<(Int, PhraseMatcher.Match)>)] = []
        var start = 0
        while start < matches.count {
            var end = start + 1
            while end < matches.count, matches[end].0 == matches[start].0 { end += 1 }
            out.append((matches[start].0, matches[start..<end]))
            start = end
        }
        return out
    }

    func has(_ node: YAMLNode, _ field: String) -> Bool {
        guard let p = PathPattern(field) else { return false }
        return p.resolve(in: node).contains { !isEmpty($0.node) }
    }

    func isEmpty(_ node: YAMLNode) -> Bool {
        if node.isNull { return true }
        switch node.content {
        case .scalar(let s, _):
            // Text starting with an ASCII character that is not white space keeps it after trimming.
            if let first = s.utf8.first, first < 0x80, first != 0x20, !(0x09...0x0D).contains(first) { return false }
            return s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        case .sequence(let items): return items.isEmpty
        case .mapping(let pairs): return pairs.isEmpty
        }
    }
}

/// Matches a concrete path (`promises[2].text`) against a pattern (`promises[*].text`).
enum PathMatcher {
    static func matches(_ pattern: PathPattern, _ path: String) -> Bool {
        guard let concrete = PathPattern(path), concrete.segments.count == pattern.segments.count else { return false }
        for (p, c) in zip(pattern.segments, concrete.segments) {
            switch (p, c) {
            case (.any, .index): continue
            case let (.index(a), .index(b)) where a == b: continue
            case let (.key(a), .key(b)) where a == b: continue
            default: return false
            }
        }
        return true
    }
}

import Foundation
