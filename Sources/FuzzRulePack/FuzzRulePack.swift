// Fuzz target 2: load and compile one rule pack, prove it by its own examples, and lint a
// policy with it (matching must stay linear, whatever the phrases).
//
// Built normally (`swift build`), `FuzzRulePack FILE...` replays inputs (crash reproducers, the
// regression corpus). Built by scripts/fuzz.sh with `-sanitize=fuzzer,address -DFUZZING`,
// libFuzzer's driver runs it on generated inputs.
import Foundation
import FuzzDriver
import PolicyLint
import PolicyYAML

enum FuzzRulePack {
    /// A policy with prose in every section the built-in rules read.
    static let policy: [UInt8] = Array(ExampleBasePolicy.yaml.utf8) + Array("""

    # fuzz: a second document with text that phrases of many kinds meet
    ---
    policy: { name: Fuzz, owner: fuzz@example.com, language: en }
    terms:
      - id: t1
        text: >
          We are not responsible for delays caused by our lab or any third party supplier. All sales
          are final, no refunds. Satisfaction guaranteed or your money back! It's the carrier's fault,
          not ours; we may change these terms at any time without notice, at our sole discretion.
      - id: t2
        text: "a a a a a a a a a a a a a a a a b b b b b b b b b b b b b b b b aa aaa aaaa aaaaa"

    """.utf8)

    static func run(_ bytes: [UInt8]) {
        let pack: RulePack
        do { pack = try RulePackLoader.load(bytes: bytes, file: "fuzz-pack.yaml") } catch {
            _ = error.rendered
            return
        }
        let ruleSet = RuleSet(rules: pack.rules)
        _ = RuleTester(ruleSet: ruleSet).run()
        var linter = Linter(engine: Engine(ruleSet: ruleSet))
        linter.maxFindingsPerFile = 100
        let result = linter.lint(bytes: policy, file: "fuzz.yaml")
        for f in result.findings { _ = f.message }
    }
}

@main
struct FuzzRulePackMain {
    static func main() { FuzzDriver.main(name: "FuzzRulePack", FuzzRulePack.run) }
}
