import ArgumentParser
import PolicyLint

struct TestRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-rules",
        abstract: "Prove rule packs by their examples: each bad example triggers exactly its rule, no good one does.",
        discussion: """
        With no path, tests the built-in packs. With paths, tests those packs (loaded beside the
        built-in ones unless --no-builtin, so a bad example must not trigger a built-in rule either).

        Examples:
          policylint test-rules
          policylint test-rules rules/
          policylint test-rules --no-builtin my-packs/
        """
    )

    @Argument(help: ArgumentHelp("Rule pack files or folders.", valueName: "path"))
    var paths: [String] = []

    @Flag(name: .customLong("no-builtin"), help: "Do not load the built-in packs beside the tested ones.")
    var noBuiltin = false

    func run() throws {
        var loader = RuleOptions()
        loader.noBuiltin = noBuiltin || !paths.isEmpty
        loader.rulePaths = paths
        var packs = try loader.loadPacksOrExit()
        let tested = packs.flatMap(\.rules)
        // Built-in packs run beside user packs (not when the paths are the built-in packs themselves).
        if !paths.isEmpty && !noBuiltin {
            let testedIDs = Set(tested.map(\.id))
            let builtin = (try? RulePackLoader.builtin()) ?? []
            packs += builtin.map { p in var p = p; p.rules.removeAll { testedIDs.contains($0.id) }; return p }
        }
        let tester = RuleTester(ruleSet: RuleSet(rules: packs.flatMap(\.rules)), testing: tested)
        let outcome = tester.run()
        for f in outcome.failures { Output.write("FAIL \(f)\n") }
        let verdict = outcome.failures.isEmpty ? "ok" : "FAILED"
        Output.write("test-rules: \(verdict): \(outcome.rulesTested) rules, \(outcome.examplesRun) examples, \(outcome.failures.count) failures\n")
        if !outcome.failures.isEmpty { throw ExitCode(1) }
    }
}
