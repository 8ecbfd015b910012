import ArgumentParser
import PolicyLint
import PolicyYAML

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules: id, severity, category, lesson, title.",
        discussion: "Examples:\n  policylint rules\n  policylint rules --format json\n  policylint rules --rules my-pack.yaml"
    )

    @Option(name: .shortAndLong, help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let packs = try ruleOptions.loadPacksOrExit()
        let schema = SchemaRule.rule()
        switch format {
        case .json:
            var list: [JSONValue] = [RulesCommand.json(schema)]
            list += packs.flatMap(\.rules).map(RulesCommand.json)
            Output.write(JSONValue.object([("version", .int(1)), ("rules", .array(list))]).serialized() + "\n")
        case .text:
            let rows = [("built-in", schema)] + packs.flatMap { p in p.rules.map { (p.id, $0) } }
            let idWidth = rows.map(\.1.id.count).max() ?? 10
            let packWidth = rows.map(\.0.count).max() ?? 8
            let catWidth = rows.map(\.1.category.count).max() ?? 8
            func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
            Output.write(pad("RULE", idWidth) + "  " + pad("PACK", packWidth) + "  SEVERITY  " + pad("CATEGORY", catWidth) + "  LESSON  TITLE\n")
            for (pack, r) in rows {
                Output.write(pad(r.id, idWidth) + "  " + pad(pack, packWidth) + "  " + pad(r.severity.rawValue, 8) + "  "
                             + pad(r.category, catWidth) + "  " + pad(r.lesson ?? "-", 6) + "  " + r.title + "\n")
            }
            Output.write("\(rows.count) rules in \(packs.count + 1) packs. `policylint explain RULE` tells why and how to fix.\n")
        }
    }

    static func json(_ r: Rule) -> JSONValue {
        .object([
            ("id", .string(r.id)), ("pack", .string(r.pack)), ("title", .string(r.title)),
            ("severity", .string(r.severity.rawValue)), ("category", .string(r.category)),
            ("lesson", r.lesson.map { .string($0) } ?? .null), ("check", .string(r.check.kind)),
            ("why", .string(r.why)), ("fix", .string(r.fix)), ("origin", .string(r.origin)),
        ])
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a rule: title, why it matters, how to fix, examples, and its check.",
        discussion: "Example:\n  policylint explain blame-shifted-to-outsourcer"
    )

    @Argument(help: "The rule id.")
    var rule: String

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let packs = try ruleOptions.loadPacksOrExit()
        let all = [SchemaRule.rule()] + packs.flatMap(\.rules)
        guard let r = all.first(where: { $0.id == rule }) else {
            var message = "policylint: error: no rule '\(rule)'"
            if let s = all.map(\.id).min(by: { levenshtein($0, rule) < levenshtein($1, rule) }),
               levenshtein(s, rule) <= max(3, rule.count / 3) {
                message += "; did you mean '\(s)'?"
            }
            Output.error(message + " (`policylint rules` lists them)")
            throw ExitCode(2)
        }
        var out = "\(r.id): \(r.title)\n"
        out += "  pack: \(r.pack)   severity: \(r.severity.rawValue)   category: \(r.category)"
        if let l = r.lesson { out += "   lesson: \(l)" }
        out += "\n\nWhy it matters\n  \(r.why)\n\nHow to fix it\n  \(r.fix)\n\nCheck\n  \(ExplainCommand.describe(r.check))\n"
        if !r.badExamples.isEmpty {
            out += "\nFlagged\n" + r.badExamples.map { "  ✗ \($0.display)\n" }.joined()
        }
        if !r.goodExamples.isEmpty {
            out += "\nFine\n" + r.goodExamples.map { "  ✓ \($0.display)\n" }.joined()
        }
        out += "\nDefined at \(r.origin)\n"
        Output.write(out)
    }

    static func phrases(_ p: LocalizedPhrases) -> String {
        let list = p.phrases(for: "en").map(\.source)
        let shown = list.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
        return list.count > 8 ? shown + ", … (\(list.count) in all)" : shown
    }

    static func describe(_ c: Check) -> String {
        switch c {
        case let .phrases(p, unless, scope):
            return "phrases in \(scope): \(phrases(p))" + (unless.map { "\n  unless the sentence says: \(phrases($0))" } ?? "")
        case let .near(a, b, within, unless, scope):
            return "near (within \(within) words, one sentence) in \(scope):\n    \(phrases(a))\n  and\n    \(phrases(b))"
                + (unless.map { "\n  unless the sentence says: \(phrases($0))" } ?? "")
        case let .require(path, fields, when):
            var s = "require \(fields.joined(separator: ", ")) for each \(path)"
            if let when {
                switch when {
                case .has(let f): s += " that has \(f)"
                case .missing(let f): s += " that has no \(f)"
                }
            }
            return s
        case let .bound(path, limit, isMax):
            return "\(path) at \(isMax ? "most" : "least") \(limit)"
        case let .conflict(claim, denial, _):
            return "conflict: a claim (\(phrases(claim))) and a denial (\(phrases(denial))) in one document"
        case let .absent(fields, p):
            return "absent: none of \(fields.map(\.description).joined(separator: ", "))" + (p.map { " set, and no prose says \(phrases($0))" } ?? " set")
        case let .metric(m, max, scope):
            return "metric \(m.rawValue) at most \(max) in \(scope)"
        }
    }
}
