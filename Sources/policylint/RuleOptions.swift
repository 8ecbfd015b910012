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
        var seen: [String: String] = [:]
        for pack in packs {
            for rule in pack.rules {
                if let first = seen[rule.id] {
                    let parts = rule.origin.split(separator: ":")
                    throw InputError(file: String(parts.first ?? ""), line: Int(parts.dropFirst().first ?? "1") ?? 1,
                                     column: Int(parts.dropFirst(2).first ?? "1") ?? 1,
                                     message: "duplicate rule id '\(rule.id)' (also defined at \(first))")
                }
                seen[rule.id] = rule.origin
            }
        }
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
