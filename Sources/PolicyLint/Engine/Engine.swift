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
    /// A prose string is tokenised, scanned and checked in windows of about this many bytes,
    /// each ending with a sentence (`Tokenizer.fill(_:from:window:into:sink:)`): a string of
    /// megabytes then holds one window's tokens and matches at a time. Tests make it small.
    var proseWindow = 1 << 16

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
    }

    /// A prose string after tokenising and matching, while its rules are evaluated. A class:
    /// findings pass it around, and a reference costs one retain where a copy of the struct cost
    /// one per field. Its `text` views the tokenizer's buffers: valid while this string is the
    /// last one tokenised.
    final class ScannedProse {
        /// The string in the document's `prose`, read in place while the engine checks the
        /// document (a copy cost a retain and a release of each of its strings, for every string
        /// evaluated).
        private(set) var proseAt: UnsafePointer<ProseString>
        var prose: ProseString { _read { yield proseAt.pointee } }
        /// The string's path, rendered at its first use (a term's path is rendered when asked).
        @exclusivity(unchecked) private var renderedPath: String?
        var path: String {
            if let renderedPath { return renderedPath }
            let path = prose.path
            renderedPath = path
            return path
        }
        /// The window of the string being checked (the whole string unless it is long).
        var text: ScannedText
        /// Made at the string's first finding (`FindingEmitter.location`).
        @exclusivity(unchecked) var sourceMap: ProseSourceMap? // read and written by the engine alone, one string at a time

        init(prose: UnsafePointer<ProseString>, text: ScannedText) {
            self.proseAt = prose
            self.text = text
        }

        /// The next string, in the object the last one used: one per document, not one
        /// allocated and freed per string with a match. Nothing keeps the object past its
        /// string (findings copy what they need of it).
        func reuse(for prose: UnsafePointer<ProseString>, text: ScannedText) {
            proseAt = prose
            self.text = text
            sourceMap = nil
            renderedPath = nil
        }
    }

    /// Findings; an empty list if matching ran over its budget (`check` says so).
    public func lint(_ document: PolicyDocument, file: String) -> [Finding] {
        (try? check(document, file: file)) ?? []
    }

    /// Findings, or an error naming the prose string whose matching ran over the step budget
    /// (`PhraseMatcher.stepsPerToken`: rule packs cannot make matching super-linear).
    /// `limit`: once there are more findings than this, the check stops and returns them as
    /// they are (unsorted, more than `limit`): the linter rejects such a file (`max-findings`),
    /// and a file that is not a policy made a million findings first (655 MB for 10 MB).
    public func check(_ document: PolicyDocument, file: String, limit: Int = .max) throws(InputError) -> [Finding] {
        var findings: [Finding] = []
        var emitter = FindingEmitter(file: file, document: document)
        if schemaEnabled && !document.schemaIssues.isEmpty {
            let schema = FindingRule(SchemaRule.rule(severity: schemaSeverity))
            for issue in document.schemaIssues {
                findings.append(emitter.structural(rule: schema, message: issue.message,
                                                   path: issue.path, start: issue.start, end: issue.end))
                if findings.count > limit { return findings }
            }
        }
        // Which patterns apply to this document's language: decided once per rule, not per match.
        let chosenLanguage = ruleSet.chosenLanguages(for: document.language)
        // Phrase lists in one language that applies to every rule (the usual case): every match stays.
        let keepsEveryMatch = ruleSet.languageNames.count == 1 && chosenLanguage.allSatisfy { $0 == 0 }
        // No phrase and no `metric` rule: nothing reads the prose's words, so it is not tokenised.
        let readsProse = ruleSet.matcher.patternCount > 0 || ruleSet.sentenceWordLimit != Int.max
        // Phrase lists in other languages than the one chosen for a rule: their matches go.
        let roles = ruleSet.roles
        let keep = { (m: PhraseMatcher.Match) in
            keepsEveryMatch || roles[m.pattern].language == chosenLanguage[roles[m.pattern].rule]
        }
        // Each prose string is tokenised and scanned in one pass (`PhraseMatcher.Scanner`), and
        // the rules that read its words are evaluated at once, while its tokens are still in the
        // tokenizer's buffers: the next string is written over them. What the document-wide
        // checks need of a string (a `conflict` rule's claim, an `absent` rule's signal) is taken
        // as it goes, so memory holds one string's tokens, not the document's.
        let window = max(1, proseWindow)
        var workspace = Tokenizer.Workspace(bytes: readsProse ? min(document.prose.longestTextByteCount, window) : 0)
        var groups = MatchGroups(ruleCount: ruleSet.rules.count)
        var scratch = EvaluationScratch()
        var across = AcrossStrings()
        var failure: InputError?
        var reusable: ScannedProse? // the one object every string with a match uses in turn
        if readsProse { ruleSet.matcher.withScanner { scanner in
            // Each string read in place (iterating copied every ProseString).
            document.prose.forEachInPlace { proseAt in
                let text = proseAt.pointee.text // taken out once, not once a window
                let count = min(text.utf8.count, Token.maxOffset) // as far as the tokenizer reads
                var start = 0
                var wordsBefore = 0 // in the string's earlier windows
                // Made at the string's first window with something to check, then kept: its
                // source map serves every window.
                var sp: ScannedProse?
                // Window by window (one for most strings); a `continue` goes on to the next.
                repeat {
                    if ScanStop.current == .afterTokenizing { // bench/split.sh's build only
                        var none = Tokenizer.NoSink()
                        start = Tokenizer.fill(text, from: start, window: window, into: &workspace, sink: &none)
                        continue
                    }
                    let (scanned, end) = scanner.scanInPlace(text, from: start, window: window, tokenizer: &workspace)
                    start = end
                    let words = wordsBefore
                    wordsBefore += workspace.tokens.count
                    if scanned {
                        if ScanStop.current != .none { continue } // bench/split.sh's build only
                        // Only windows with a match or a sentence a `metric` rule may report are read.
                        if scanner.matches.isEmpty, !workspace.hasSentence(longerThan: ruleSet.sentenceWordLimit) { continue }
                        groups.group(scanner.matches.contents, rule: { roles[$0.pattern].rule }, keep: keep)
                    } else {
                        // Near or over the step budget: the exact scan finds the same matches or stops
                        // where the budget says.
                        let t = workspace.text()
                        do throws(MatchBudgetExceeded) {
                            let m = try ruleSet.matcher.scan(t, budget: PhraseMatcher.budget(tokens: t.tokens.count))
                            m.withUnsafeBufferPointer { groups.group($0, rule: { roles[$0.pattern].rule }, keep: keep) }
                        } catch {
                            let p = proseAt.pointee, at = p.start
                            // A long string's word count is known only once it is all read.
                            let of = words == 0 && end == count ? " of \(error.tokens)" : ""
                            failure = InputError(file: file, line: at.line, column: at.column,
                                                 message: "rule matching stopped at word \(words + error.token + 1)\(of) in \(p.path) after \(error.steps) steps: the rule packs' phrases keep too many partial matches alive (budget: \(PhraseMatcher.stepsPerToken) steps a word); simplify the pack's phrases (docs/reliability.md)")
                            return false
                        }
                    }
                    guard Engine.evaluatesRules else { continue }
                    if let sp {
                        sp.text = workspace.lastText()
                    } else if let kept = reusable {
                        kept.reuse(for: proseAt, text: workspace.lastText())
                        sp = kept
                    } else {
                        sp = ScannedProse(prose: proseAt, text: workspace.lastText())
                        reusable = sp
                    }
                    evaluate(sp!, groups: groups, emitter: &emitter, scratch: &scratch, across: &across, into: &findings)
                    if findings.count > limit { return false }
                } while start < count
                return true
            }
        } }
        if let failure { throw failure }
        if findings.count > limit { return findings }
        if Engine.evaluatesRules {
            across.finish(&findings)
            // Each rule read through a pointer: passing `ruleSet.rules[r].check` copied the whole
            // check (a retain and a release of each of its lists and strings) for every document
            // rule of every file; now only what the `switch` binds is copied.
            ruleSet.rules.withUnsafeBufferPointer { rules in
                for r in ruleSet.documentRules where findings.count <= limit {
                    evaluateDocument(rules.baseAddress! + r, index: r, document: document, signalled: across.signalled.contains(r),
                                     findingLimit: limit, emitter: &emitter, into: &findings)
                }
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

    /// The index of the first token whose sentence is `sentence` or later (`tokens.count` if
    /// none): tokens' sentences never decrease.
    static func firstToken(ofSentenceAtLeast sentence: Int, in tokens: UnsafeBufferPointer<Token>) -> Int {
        var low = 0, high = tokens.count
        while low < high {
            let mid = (low + high) / 2
            if tokens[mid].sentence < sentence { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func inScope(_ r: Int, _ path: String) -> Bool {
        guard let p = ruleSet.scopes[r] else { return true }
        return PathMatcher.matches(p, path)
    }

    /// `inScope(r, sp.path)`, the path read only for a rule with a scope (reading it copies
    /// the string: a retain and a release for every rule with a match).
    func inScope(_ r: Int, _ sp: ScannedProse) -> Bool {
        ruleSet.scopes[r] == nil || inScope(r, sp.path)
    }

    /// What the document-wide checks take from each string as it is evaluated.
    struct AcrossStrings {
        /// Per `conflict` rule with a claim: its first claim (in document order) outside a
        /// sentence its `unless` phrases cancel.
        var claims: [Int: (location: Location, text: String)] = [:]
        /// Per `conflict` rule: its denials' findings, made as each string is read; they get
        /// the claim once every string is read (the claim may come after them), or go if there
        /// is none.
        var denials: [Int: [Int]] = [:]
        /// The `absent` rules with a signal phrase found.
        var signalled = Set<Int>()

        /// Gives every denial its rule's claim, and drops those of rules without one.
        func finish(_ findings: inout [Finding]) {
            var dropped = Set<Int>()
            for (r, list) in denials {
                guard let claim = claims[r] else {
                    dropped.formUnion(list)
                    continue
                }
                for k in list {
                    findings[k].extra = .pairs([("claim", claim.text)])
                    findings[k].related = [claim.location]
                }
            }
            if !dropped.isEmpty {
                findings = findings.indices.filter { !dropped.contains($0) }.map { findings[$0] }
            }
        }
    }

    /// Appends the findings of the rules that read `sp`'s words (its matches grouped by rule in
    /// `groups`, and the `metric` rules) to `out`.
    func evaluate(_ sp: ScannedProse, groups: borrowing MatchGroups, emitter: inout FindingEmitter,
                  scratch: inout EvaluationScratch, across: inout AcrossStrings, into out: inout [Finding]) {
        let matches = groups.matches
        let tokens = sp.text.tokens
        func role(_ m: PhraseMatcher.Match) -> RuleSet.PatternRole.Role { ruleSet.roles[m.pattern].role }
        /// Starts the string in `scratch` for one rule: no sentence reported, those with an
        /// `unless` match in `run` cancelled.
        func start(_ run: UnsafeBufferPointer<PhraseMatcher.Match>, rule r: Int) {
            scratch.start(sentences: tokens.last.map { $0.sentence + 1 } ?? 0)
            // Only a rule with `unless` phrases has such matches to look for (about half).
            guard ruleSet.hasUnless[r] else { return }
            for m in run where role(m) == .unless { scratch.cancel(tokens[m.first].sentence) }
        }
        for group in groups.runs.contents {
            // The rule's `FindingRule` is read where a finding is made: read here, it cost a
            // retain and a release for every rule with a match, most of which report nothing.
            let r = group.rule
            let run = UnsafeBufferPointer(rebasing: matches[group.start..<group.end])
            switch ruleSet.stringChecks[r] {
            case .phrases:
                // One finding per sentence: the earliest match, the longest at that start.
                guard inScope(r, sp) else { continue }
                start(run, rule: r)
                scratch.mains.removeAll()
                for m in run where role(m) == .main { scratch.mains.append(m) }
                var mains = scratch.mains.mutableContents
                mains.sort { ($0.first, -$0.last) < ($1.first, -$1.last) }
                for m in scratch.mains.contents {
                    let sentence = tokens[m.first].sentence
                    if scratch.isCancelled(sentence) || !scratch.report(sentence) { continue }
                    out.append(emitter.prose(ruleSet.findingRules[r], sp, first: m.first, last: m.last))
                }
            case .near(let within):
                guard inScope(r, sp) else { continue }
                start(run, rule: r) // and one finding per sentence
                scratch.a.removeAll()
                scratch.b.removeAll()
                var maxLength = 0
                for m in run {
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
                    out.append(emitter.prose(ruleSet.findingRules[r], sp, first: min(x.first, y.first), last: max(x.last, y.last)))
                }
            case .conflict:
                // Each denial's finding now (one per sentence), its claim once the document is read.
                start(run, rule: r)
                if across.claims[r] == nil,
                   let c = run.first(where: { role($0) == .claim && !scratch.isCancelled(tokens[$0.first].sentence) }) {
                    across.claims[r] = (emitter.location(sp, first: c.first, last: c.last, note: "the claim"),
                                        emitter.original(sp, first: c.first, last: c.last))
                }
                for m in run where role(m) == .denial {
                    let sentence = tokens[m.first].sentence
                    if scratch.isCancelled(sentence) || !scratch.report(sentence) { continue }
                    across.denials[r, default: []].append(out.count)
                    out.append(emitter.prose(ruleSet.findingRules[r], sp, first: m.first, last: m.last, extra: .pairs([("claim", "")])))
                }
            case .signal:
                across.signalled.insert(r)
            case .none:
                break
            }
        }
        // `metric` rules read every string with a sentence over some rule's limit.
        for (r, max) in ruleSet.metricRules where inScope(r, sp) {
            let counts = sp.text.sentenceWordCounts
            // Most strings have no long sentence: skip the pass over their tokens.
            guard counts.contains(where: { $0 > max }) else { continue }
            // A long sentence's first and last token, found by binary search: tokens are in
            // sentence order, and only the few long sentences are looked up (a walk over every
            // token wrote two arrays per token).
            for (i, count) in counts.enumerated() where count > max {
                let first = Engine.firstToken(ofSentenceAtLeast: i, in: tokens)
                let end = Engine.firstToken(ofSentenceAtLeast: i + 1, in: tokens)
                guard first < end else { continue } // no token in the sentence
                out.append(emitter.prose(ruleSet.findingRules[r], sp, first: first, last: end - 1,
                                         extra: .counts(value: count, limit: max), underlineFirstWords: 6))
            }
        }
    }

    /// Appends the findings of rule `r` that read the document's fields, once every string is
    /// read (`absent` also reads whether a string had its signal phrases: `signalled`).
    /// Past `findingLimit` findings in `out` it adds none (see `check`'s `limit`).
    func evaluateDocument(_ rule: UnsafePointer<Rule>, index r: Int, document: PolicyDocument, signalled: Bool,
                          findingLimit: Int = .max, emitter: inout FindingEmitter, into out: inout [Finding]) {
        let info = ruleSet.findingRules[r]
        switch rule.pointee.check {
        case let .absent(fields, _):
            let stated = signalled || fields.contains { document.hasValue(at: $0, where: { !Engine.isEmpty($0) }) }
            if !stated {
                out.append(emitter.structural(rule: info, message: nil, path: "policy",
                                              start: document.anchor.start, end: document.anchor.end))
            }
        case let .require(pattern, fields, condition):
            let paths = ruleSet.requiredPaths[r]! // parsed once per rule set
            document.forEachValue(at: pattern) { path, node in
                guard node.pairs != nil, out.count <= findingLimit else { return }
                if let condition {
                    switch condition {
                    case .has: if !Engine.has(node, paths.condition) { return }
                    case .missing: if Engine.has(node, paths.condition) { return }
                    }
                }
                guard let k = paths.fields.firstIndex(where: { !Engine.has(node, $0) }) else { return }
                let missing = fields[k]
                let path = path.description
                let id = node["id"]?.scalar ?? path
                let keyNode = node.pairs?.first?.key ?? node
                out.append(emitter.structural(rule: info, message: nil, path: path, start: keyNode.start,
                                              end: keyNode.end, values: [("id", id), ("field", missing)]))
            }
        case let .bound(pattern, limit, isMax):
            document.forEachValue(at: pattern) { path, node in
                guard let text = node.scalar, out.count <= findingLimit else { return }
                let over: Bool
                switch limit {
                case .duration(let d):
                    guard let v = Duration.parse(text) else { return }
                    over = isMax ? v.upperBoundHours > d.upperBoundHours : v.lowerBoundHours < d.lowerBoundHours
                case .number(let n):
                    guard let v = Double(text) else { return }
                    over = isMax ? v > n : v < n
                }
                if over {
                    let path = path.description
                    out.append(emitter.structural(rule: info, message: nil, path: path, start: node.start, end: node.end,
                                                  values: [("value", text), ("limit", limit.description), ("id", path)],
                                                  matched: text))
                }
            }
        case .phrases, .near, .conflict, .metric:
            break // read string by string (`evaluate(_:groups:emitter:scratch:across:into:)`)
        }
    }

    /// Whether `field` (nil: a field path that does not parse) reaches a non-empty value.
    /// Static, as `isEmpty` is: `evaluateDocument`'s visitor closures call it.
    static func has(_ node: YAMLNode, _ field: PathPattern?) -> Bool {
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
