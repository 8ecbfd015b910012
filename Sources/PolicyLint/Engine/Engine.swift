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

    /// A prose string after tokenising and matching. A class: rules and findings pass it around
    /// often, and a reference costs one retain where a copy of the struct cost one per field.
    /// Its `text` is a view of the document's `DocumentText`: used within `check` only.
    final class ScannedProse {
        let prose: ProseString
        let text: ScannedText
        var matches: UnsafeBufferPointer<PhraseMatcher.Match> { text.matches }
        /// Made at the string's first finding (`FindingEmitter.sourceMap`).
        var sourceMap: ProseSourceMap?

        init(prose: ProseString, text: ScannedText) {
            self.prose = prose
            self.text = text
        }
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
        if schemaEnabled && !document.schemaIssues.isEmpty {
            let schema = FindingRule(SchemaRule.rule(severity: schemaSeverity))
            for issue in document.schemaIssues {
                findings.append(emitter.structural(rule: schema, message: issue.message,
                                                   path: issue.path, start: issue.start, end: issue.end))
            }
        }
        // Which patterns apply to this document's language: decided once per rule, not per match.
        let chosenLanguage = ruleSet.chosenLanguages(for: document.language)
        // Phrase lists in one language that applies to every rule (the usual case): every match stays.
        let keepsEveryMatch = ruleSet.languageNames.count == 1 && chosenLanguage.allSatisfy { $0 == 0 }
        // No phrase and no `metric` rule: nothing reads the prose's words, so it is not tokenised.
        let readsProse = ruleSet.matcher.patternCount > 0 || ruleSet.sentenceWordLimit != Int.max
        // Scan every prose string once, each tokenised and scanned in one pass
        // (`PhraseMatcher.Scanner`) into one set of buffers for the document (`DocumentText`),
        // where the strings rules read again are kept and viewed once the scan is over.
        var kept: [(prose: Int, span: DocumentText.Span)] = []
        var text = DocumentText(proseBytes: readsProse ? document.prose.reduce(0) { $0 + $1.text.utf8.count } : 0)
        var failure: InputError?
        // Phrase lists in other languages than the one chosen for a rule: their matches go.
        let keep = { (m: PhraseMatcher.Match) in
            keepsEveryMatch || ruleSet.roles[m.pattern].language == chosenLanguage[ruleSet.roles[m.pattern].rule]
        }
        ruleSet.matcher.withScanner { scanner in
            // By index: each string read in place (iterating copied every ProseString).
            for i in readsProse ? document.prose.indices : 0..<0 {
                if ScanStop.current == .afterTokenizing { // bench/split.sh's build only
                    var none = Tokenizer.NoSink()
                    Tokenizer.fill(document.prose[i].text, into: &text.workspace, sink: &none)
                    continue
                }
                if scanner.scanInPlace(document.prose[i].text, tokenizer: &text.workspace) {
                    if ScanStop.current != .none { continue } // bench/split.sh's build only
                    // Only strings with a match or a sentence a `metric` rule may report are read
                    // again: the next string is written over the others.
                    if scanner.matches.isEmpty, !text.workspace.hasSentence(longerThan: ruleSet.sentenceWordLimit) { continue }
                    kept.append((i, text.keepLast(matches: scanner.matches.contents, keep: keep)))
                    continue
                }
                // Near or over the step budget: the exact scan finds the same matches or stops
                // where the budget says.
                let t = text.workspace.text()
                do throws(MatchBudgetExceeded) {
                    let m = try ruleSet.matcher.scan(t, budget: PhraseMatcher.budget(tokens: t.tokens.count))
                    kept.append((i, m.withUnsafeBufferPointer { text.keepLast(matches: $0, keep: keep) }))
                } catch {
                    let p = document.prose[i], at = p.node.start
                    failure = InputError(file: file, line: at.line, column: at.column,
                                         message: "rule matching stopped at word \(error.token + 1) of \(error.tokens) in \(p.path) after \(error.steps) steps: the rule packs' phrases keep too many partial matches alive (budget: \(PhraseMatcher.stepsPerToken) steps a word); simplify the pack's phrases (docs/reliability.md)")
                    return
                }
            }
        }
        if let failure { throw failure }
        text.withViews { view in
            let scanned = kept.map { ScannedProse(prose: document.prose[$0.prose], text: view($0.span)) }
            // Group matches by rule once, counted first so that each rule's array is allocated once.
            var perRule = [Int](repeating: 0, count: ruleSet.rules.count)
            for sp in scanned {
                for m in sp.matches { perRule[ruleSet.roles[m.pattern].rule] += 1 }
            }
            var byRule: [[(Int, PhraseMatcher.Match)]] = perRule.map { count in
                var matches: [(Int, PhraseMatcher.Match)] = []
                matches.reserveCapacity(count)
                return matches
            }
            for (s, sp) in scanned.enumerated() {
                for m in sp.matches { byRule[ruleSet.roles[m.pattern].rule].append((s, m)) }
            }
            var scratch = EvaluationScratch()
            for r in ruleSet.rules.indices where Engine.evaluatesRules {
                evaluate(ruleSet.rules[r].check, index: r, matches: byRule[r], scanned: scanned, document: document,
                         emitter: &emitter, scratch: &scratch, into: &findings)
            }
        }
        FindingOrder.sort(&findings)
        return findings
    }

    /// False only in the build `bench/split.sh` makes (`-DPOLICYLINT_BENCH_SCAN_ONLY`): every
    /// string is still tokenised and scanned, but no rule is evaluated, so timing it against the
    /// normal build splits the run into the scan and the findings (docs/performance.md).
    @inline(__always)
    static var evaluatesRules: Bool {
        #if POLICYLINT_BENCH_SCAN_ONLY
        return false
        #else
        return true
        #endif
    }

    func inScope(_ scope: ProseScope, _ path: String) -> Bool {
        switch scope {
        case .allProse: return true
        case .path(let p): return PathMatcher.matches(p, path)
        }
    }

    /// Appends the findings of rule `r` (whose check is `check`: the rule itself is not copied) to `out`.
    func evaluate(_ check: Check, index r: Int, matches: [(Int, PhraseMatcher.Match)], scanned: [ScannedProse],
                  document: PolicyDocument, emitter: inout FindingEmitter, scratch: inout EvaluationScratch,
                  into out: inout [Finding]) {
        let info = ruleSet.findingRules[r]
        func role(_ m: PhraseMatcher.Match) -> RuleSet.PatternRole.Role { ruleSet.roles[m.pattern].role }
        /// Sentences of string `s` that contain an `unless` match, from that string's matches.
        func cancelled(_ s: Int, _ here: ArraySlice<(Int, PhraseMatcher.Match)>) -> Set<Int> {
            var out = Set<Int>()
            for (_, m) in here where role(m) == .unless { out.insert(scanned[s].text.tokens[m.first].sentence) }
            return out
        }
        /// Starts string `sp` in `scratch`: no sentence reported, those with an `unless` match cancelled.
        func startString(_ sp: ScannedProse, _ run: Range<Int>) {
            scratch.start(sentences: sp.text.tokens.last.map { $0.sentence + 1 } ?? 0)
            for k in run where role(matches[k].1) == .unless { scratch.cancel(sp.text.tokens[matches[k].1.first].sentence) }
        }
        switch check {
        case let .phrases(_, _, scope):
            // One finding per sentence: the earliest match, the longest at that start.
            for (s, run) in MatchRuns(matches) {
                let sp = scanned[s]
                guard inScope(scope, sp.prose.path) else { continue }
                let tokens = sp.text.tokens
                startString(sp, run)
                scratch.mains.removeAll()
                for k in run where role(matches[k].1) == .main { scratch.mains.append(matches[k].1) }
                var mains = scratch.mains.mutableContents
                mains.sort { ($0.first, -$0.last) < ($1.first, -$1.last) }
                for m in scratch.mains.contents {
                    let sentence = tokens[m.first].sentence
                    if scratch.isCancelled(sentence) || !scratch.report(sentence) { continue }
                    out.append(emitter.prose(info, sp, first: m.first, last: m.last))
                }
            }
        case let .near(_, _, within, _, scope):
            for (s, run) in MatchRuns(matches) {
                let sp = scanned[s]
                guard inScope(scope, sp.prose.path) else { continue }
                let tokens = sp.text.tokens
                startString(sp, run) // and one finding per sentence
                scratch.a.removeAll()
                scratch.b.removeAll()
                var maxLength = 0
                for k in run {
                    let m = matches[k].1
                    switch role(m) {
                    case .a: scratch.a.append(m)
                    case .b: scratch.b.append(m); maxLength = max(maxLength, m.last - m.first)
                    default: break
                    }
                }
                for x in scratch.a.contents {
                    let sentence = tokens[x.first].sentence
                    if scratch.isCancelled(sentence) || scratch.isReported(sentence) { continue }
                    // The first b-match in the sentence with at most `within` words strictly
                    // between the two (overlapping matches do not pair), found by binary search.
                    guard let y = Engine.nearPartner(of: x, in: scratch.b.contents, within: within, maxLength: maxLength, tokens: tokens) else { continue }
                    _ = scratch.report(sentence)
                    out.append(emitter.prose(info, sp, first: min(x.first, y.first), last: max(x.last, y.last)))
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
                var f = emitter.prose(info, scanned[s], first: m.first, last: m.last, extra: .pairs([("claim", claimText)]))
                f.related = [claimLocation]
                out.append(f)
            }
        case let .absent(fields, phrases):
            let stated = fields.contains { document.hasValue(at: $0, where: { !Engine.isEmpty($0) }) }
                || (phrases != nil && matches.contains { role($0.1) == .signal })
            if !stated {
                out.append(emitter.structural(rule: info, message: nil, path: "policy",
                                              start: document.anchor.start, end: document.anchor.end))
            }
        case let .require(pattern, fields, condition):
            let paths = ruleSet.requiredPaths[r]! // parsed once per rule set
            for (path, node) in document.value(at: pattern) where node.pairs != nil {
                if let condition {
                    switch condition {
                    case .has: if !has(node, paths.condition) { continue }
                    case .missing: if has(node, paths.condition) { continue }
                    }
                }
                guard let k = paths.fields.firstIndex(where: { !has(node, $0) }) else { continue }
                let missing = fields[k]
                let id = node["id"]?.scalar ?? path
                let keyNode = node.pairs?.first?.key ?? node
                out.append(emitter.structural(rule: info, message: nil, path: path, start: keyNode.start,
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
                    out.append(emitter.structural(rule: info, message: nil, path: path, start: node.start, end: node.end,
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
                    scratch.firstToken.removeAll(keepingCapacity: true)
                    scratch.firstToken.append(contentsOf: repeatElement(-1, count: counts.count))
                    scratch.lastToken.removeAll(keepingCapacity: true)
                    scratch.lastToken.append(contentsOf: repeatElement(-1, count: counts.count))
                    for (k, t) in sp.text.tokens.enumerated() where t.sentence < counts.count {
                        if scratch.firstToken[t.sentence] < 0 { scratch.firstToken[t.sentence] = k }
                        scratch.lastToken[t.sentence] = k
                    }
                    for (i, count) in counts.enumerated() where count > max && scratch.firstToken[i] >= 0 {
                        out.append(emitter.prose(info, sp, first: scratch.firstToken[i], last: scratch.lastToken[i],
                                                 extra: .counts(value: count, limit: max), underlineFirstWords: 6))
                    }
                }
            }
        }
    }

    /// Splits matches (ordered by string) into runs of one string each.
    static func runs(_ matches: [(Int, PhraseMatcher.Match)]) -> [(Int, ArraySlice<(Int, PhraseMatcher.Match)>)] {
        var out: [(Int, ArraySlice<(Int, PhraseMatcher.Match)>)] = []
        for (s, run) in MatchRuns(matches) { out.append((s, matches[run])) }
        return out
    }

    /// The runs of matches of one string each (matches are ordered by string): the string and
    /// the run's indices in `matches`. Walked in place: no array of slices per rule.
    struct MatchRuns: Sequence, IteratorProtocol {
        let matches: [(Int, PhraseMatcher.Match)]
        var start = 0

        init(_ matches: [(Int, PhraseMatcher.Match)]) { self.matches = matches }

        mutating func next() -> (Int, Range<Int>)? {
            guard start < matches.count else { return nil }
            let s = matches[start].0, from = start
            while start < matches.count, matches[start].0 == s { start += 1 }
            return (s, from..<start)
        }
    }

    func has(_ node: YAMLNode, _ field: String) -> Bool {
        has(node, PathPattern(field))
    }

    /// Whether `field` (nil: a field path that does not parse) reaches a non-empty value.
    func has(_ node: YAMLNode, _ field: PathPattern?) -> Bool {
        guard let field else { return false }
        return field.contains(in: node) { !Engine.isEmpty($0) }
    }

    /// Static: a closure that called an instance method captured a copy of the engine (a
    /// retain and a release for each of its fields).
    static func isEmpty(_ node: YAMLNode) -> Bool {
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
