// Fuzz target 1: read, parse and lint one policy file, then render it in every report format.
//
// Built normally (`swift build`), `FuzzPolicy FILE...` replays inputs (crash reproducers, the
// regression corpus). Built by scripts/fuzz.sh with `-sanitize=fuzzer,address -DFUZZING`,
// libFuzzer's driver runs it on generated inputs.
import Foundation
import FuzzDriver
import PolicyLint
import PolicyReport
import PolicyYAML

enum FuzzPolicy {
    /// Built-in rules, compiled once.
    static let linter: Linter = {
        let rules = (try? RulePackLoader.builtin().flatMap(\.rules)) ?? []
        var linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
        linter.limits.maxFileBytes = 1024 * 1024
        return linter
    }()
    static let known: Set<String> = Set(linter.engine.ruleSet.rules.map(\.id) + ["schema"])

    /// One input, end to end. Any crash, hang or leak here is a bug.
    static func run(_ bytes: [UInt8]) {
        var result = linter.lint(bytes: bytes, file: "fuzz.yaml")
        if result.error == nil {
            let filter = SuppressionFilter(knownRules: known, enabledRules: known, requireReason: bytes.first.map { $0 & 1 == 1 } ?? false)
            result.findings = filter.apply(findings: result.findings, source: result.source, file: result.file).findings
        }
        // What `policylint parse --marks` prints.
        if let stream = try? YAMLParser().parse(bytes: bytes) {
            for d in stream.documents { _ = d.root.json(marks: true).serialized(indent: nil) }
        }
        let run = LintRun(results: [result], rules: linter.engine.ruleSet.rules, toolVersion: "fuzz")
        for format in ReportFormat.allCases { _ = format.render(run, color: true) }
    }
}

@main
struct FuzzPolicyMain {
    static func main() { FuzzDriver.main(name: "FuzzPolicy", FuzzPolicy.run) }
}
