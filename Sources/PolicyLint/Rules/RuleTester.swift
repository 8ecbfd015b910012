import PolicyYAML

/// Proves each rule's examples: every bad example yields findings of that rule and of no other
/// rule of the same pack, and no good example yields a finding of it. Examples are linted inside
/// `ExampleBasePolicy`. Rules of other packs may also fire: packs are separate lenses, and one
/// clause can be both one-sided (unfair-terms) and hard to read (plain-language).
public struct RuleTester {
    public struct Failure: Sendable, CustomStringConvertible {
        public var rule: String
        public var origin: String
        public var problem: String
        public var description: String { "\(origin): \(rule): \(problem)" }
    }

    public struct Outcome: Sendable {
        public var rulesTested = 0
        public var examplesRun = 0
        public var failures: [Failure] = []
    }

    let engine: Engine
    /// Rules under test (others still run, to prove a bad example triggers only its own rule).
    let tested: [Rule]
    public var minimumExamples = 2

    public init(ruleSet: RuleSet, testing: [Rule]? = nil) {
        self.engine = Engine(ruleSet: ruleSet)
        self.tested = testing ?? ruleSet.rules
    }

    public func run() -> Outcome {
        var outcome = Outcome()
        for rule in tested {
            outcome.rulesTested += 1
            if rule.badExamples.count < minimumExamples || rule.goodExamples.count < minimumExamples {
                outcome.failures.append(Failure(rule: rule.id, origin: rule.origin,
                    problem: "needs at least \(minimumExamples) bad and \(minimumExamples) good examples (has \(rule.badExamples.count) bad, \(rule.goodExamples.count) good)"))
            }
            for (kind, examples) in [("bad", rule.badExamples), ("good", rule.goodExamples)] {
                for example in examples {
                    outcome.examplesRun += 1
                    let ids: [String]
                    switch lintExample(example) {
                    case .failure(let e):
                        outcome.failures.append(Failure(rule: rule.id, origin: rule.origin,
                            problem: "\(kind) example does not make a valid policy (\(e.message)): \(example.display)"))
                        continue
                    case .success(let found): ids = found
                    }
                    let samePack = Set(engine.ruleSet.rules.filter { $0.pack == rule.pack }.map(\.id)).union(["schema"])
                    let unique = Array(Set(ids).intersection(samePack)).sorted()
                    if kind == "bad" {
                        if !unique.contains(rule.id) {
                            outcome.failures.append(Failure(rule: rule.id, origin: rule.origin,
                                problem: "bad example does not trigger it" + (unique.isEmpty ? "" : " (triggers \(unique.joined(separator: ", ")))") + ": \(example.display)"))
                        } else if unique.count > 1 {
                            outcome.failures.append(Failure(rule: rule.id, origin: rule.origin,
                                problem: "bad example also triggers \(unique.filter { $0 != rule.id }.joined(separator: ", ")): \(example.display)"))
                        }
                    } else if unique.contains(rule.id) {
                        outcome.failures.append(Failure(rule: rule.id, origin: rule.origin,
                            problem: "good example triggers it: \(example.display)"))
                    }
                }
            }
        }
        return outcome
    }

    /// Rule ids found when the example is placed into the base policy.
    public func lintExample(_ example: RuleExample) -> Result<[String], InputError> {
        let text = RuleTester.document(for: example)
        let stream: YAMLStream
        do { stream = try YAMLParser().parse(string: text) } catch { return .failure(InputError(file: "<example>", error)) }
        guard let root = stream.documents.first?.root else { return .failure(InputError(file: "<example>", message: "empty")) }
        let doc = PolicyDocument(root: root, source: stream.source)
        do { return .success(try engine.check(doc, file: "<example>").map(\.rule)) } catch { return .failure(error) }
    }

    /// The base policy with the example in it, as YAML text.
    public static func document(for example: RuleExample) -> String {
        var sections = baseSections()
        switch example {
        case .sentence(let s):
            var quoted = ""
            JSONValue.writeString(s, to: &quoted)
            replace(&sections, "terms", with: "terms:\n  - id: example\n    text: \(quoted)\n")
        case .fragment(let node, _):
            for pair in node.pairs ?? [] {
                guard let key = pair.key.scalar else { continue }
                if pair.value.isNull {
                    sections.removeAll { $0.key == key }
                } else {
                    replace(&sections, key, with: "\(key): \(pair.value.json().serialized(indent: nil))\n")
                }
            }
        }
        return sections.map(\.text).joined()
    }

    static func replace(_ sections: inout [(key: String, text: String)], _ key: String, with text: String) {
        if let i = sections.firstIndex(where: { $0.key == key }) { sections[i].text = text }
        else { sections.append((key, text)) }
    }

    /// The base policy split into top-level sections (a line starting `key:` at column 1).
    static func baseSections() -> [(key: String, text: String)] {
        var out: [(key: String, text: String)] = []
        for line in ExampleBasePolicy.yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first != " ", first != "#", let colon = line.firstIndex(of: ":") {
                out.append((String(line[..<colon]), ""))
            }
            if !out.isEmpty { out[out.count - 1].text += line + "\n" }
        }
        return out
    }
}
