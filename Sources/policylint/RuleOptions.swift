import ArgumentParser
import PolicyLint

/// Options shared by commands that load rules.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("A rule pack file or folder to add (repeatable).", valueName: "path"))
    var rulePaths: [String] = []

    @Flag(name: .customLong("no-builtin"), help: "Do not load the built-in rule packs.")
    var noBuiltin = false

    /// Built-in packs (unless disabled) then user packs; a duplicate rule id across packs is an error.
    func loadPacks() throws(InputError) -> [RulePack] {
        var packs = noBuiltin ? [] : try RulePackLoader.builtin()
        for path in rulePaths { packs += try RulePackLoader.load(path: path) }
        try PackSelection.checkDuplicates(packs)
        return packs
    }

    /// Loads or ends the run with exit code 2 and one `file:line:col: error:` line.
    func loadPacksOrExit() throws -> [RulePack] {
        do { return try loadPacks() } catch {
            Output.error(error.rendered)
            throw ExitCode(2)
        }
    }
}
