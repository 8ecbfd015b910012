/// Loads the rule packs a run uses: the built-in packs the configuration selects (none with
/// `--no-builtin`), then the configuration's `packs.paths`, then `--rules` paths.
public enum PackSelection {
    public static func load(configuration: Configuration, commandLine: CommandLineSettings) throws(InputError) -> [RulePack] {
        var packs: [RulePack] = []
        if !commandLine.noBuiltin {
            let builtin = try RulePackLoader.builtin()
            switch configuration.builtin {
            case .all: packs = builtin
            case .none: packs = []
            case .only(let ids):
                let known = builtin.map(\.id)
                for id in ids where !known.contains(id) {
                    var message = "no built-in pack '\(id)'"
                    if let s = suggestion(for: id, among: known) { message += "; did you mean '\(s)'?" }
                    else { message += " (built-in packs: \(known.joined(separator: ", ")))" }
                    throw InputError(file: configuration.file ?? "<configuration>", message: message)
                }
                packs = builtin.filter { ids.contains($0.id) }
            }
        }
        for (path, at) in configuration.packPaths {
            do { packs += try RulePackLoader.load(path: path) } catch {
                // A missing pack folder is reported where the configuration names it.
                if error.file == path && error.message.hasPrefix("no such") { throw at.error("no such rule pack file or folder: \(path)") }
                throw error
            }
        }
        for path in commandLine.rulePaths { packs += try RulePackLoader.load(path: path) }
        try checkDuplicates(packs)
        return packs
    }

    /// A rule id defined twice across packs is an error at the second definition.
    public static func checkDuplicates(_ packs: [RulePack]) throws(InputError) {
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
    }
}
