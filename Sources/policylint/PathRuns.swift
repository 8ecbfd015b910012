import ArgumentParser

/// Long lists of paths on the command line, handed to the argument parser as placeholders.
///
/// swift-argument-parser stores each value of an array argument by copying the values before it
/// and merging the set of their input positions, so `n` paths cost time in `n²`: 20,000 paths
/// took 13.7 s (release build) before one file was read, where linting their folder took 0.6 s.
/// `policylint lint $(git ls-files '*.yaml')` and pre-commit hooks pass every file as an
/// argument, so each long run of plain arguments goes to the parser as its first argument and one
/// placeholder, and the placeholder is replaced by the run's other arguments after parsing.
///
/// Why that is exact: in a run of arguments that do not start with `-` (or all arguments after
/// `--`), only the first can be the value of an option, since every option of policylint takes
/// one value (no `.upToNextOption` or `.remaining` parsing). The others are positional paths, in
/// order, and the placeholder stands where they stood. Runs shorter than `minimumRun` are left
/// alone, so an everyday command line reaches the parser unchanged.
struct PathRuns {
    /// The arguments for the parser (without the program name).
    private(set) var arguments: [String]
    /// The arguments each placeholder stands for.
    private(set) var runs: [ArraySlice<String>] = []

    /// Shortest run of paths (after its first argument) that becomes a placeholder.
    static let minimumRun = 16

    /// No argument can hold a NUL byte (the system passes them as C strings), so no path can
    /// look like a placeholder.
    private static let prefix = "\u{0}policylint-paths-"

    /// Commands whose positional arguments are a list of paths (`expand(_:)` puts each back), by
    /// name; `lint` is also the default command.
    static let pathCommands = Set(([LintCommand.self, ReportCommand.self, ParseCommand.self] as [any ParsableCommand.Type]).compactMap { $0.configuration.commandName })

    /// `arguments` without the program name; `subcommands` the root command's subcommand names.
    init(_ arguments: [String], subcommands: @autoclosure () -> Set<String>) {
        self.arguments = arguments
        // Everyday command lines (no run long enough) return here, before the names are made.
        guard arguments.count > Self.minimumRun, Self.listsPaths(arguments, subcommands: subcommands()) else { return }
        var out: [String] = []
        out.reserveCapacity(min(arguments.count, 64))
        var afterTerminator = false
        var i = arguments.startIndex
        while i < arguments.endIndex {
            let first = arguments[i]
            if !afterTerminator, first == "--" { afterTerminator = true }
            guard afterTerminator && first != "--" || Self.isPlain(first) else {
                out.append(first)
                i += 1
                continue
            }
            var end = i + 1
            // A second `--` is left where it is: the parser decides what it means.
            while end < arguments.endIndex, arguments[end] != "--", afterTerminator || Self.isPlain(arguments[end]) { end += 1 }
            out.append(first)
            let rest = arguments[(i + 1)..<end]
            if rest.count >= Self.minimumRun {
                out.append(Self.prefix + String(runs.count))
                runs.append(rest)
            } else {
                out.append(contentsOf: rest)
            }
            i = end
        }
        if !runs.isEmpty { self.arguments = out }
    }

    /// A value, not an option: `-` (standard input) or anything not starting with `-`.
    private static func isPlain(_ argument: String) -> Bool {
        argument == "-" || argument.utf8.first != UInt8(ascii: "-")
    }

    /// Whether the command line names a command with a path list: the first plain argument is
    /// `lint`, `report` or `parse`, or no subcommand at all (then `lint` runs).
    private static func listsPaths(_ arguments: [String], subcommands: Set<String>) -> Bool {
        guard let first = arguments.first(where: { isPlain($0) || $0 == "--" }) else { return false }
        if first == "--" { return true }
        return pathCommands.contains(first) || !subcommands.contains(first)
    }

    /// `values` with each placeholder replaced by the arguments it stands for.
    func expand(_ values: [String]) -> [String] {
        guard !runs.isEmpty else { return values }
        var out: [String] = []
        out.reserveCapacity(values.count + runs.reduce(0) { $0 + $1.count })
        for value in values {
            if value.hasPrefix(Self.prefix), let k = Int(value.dropFirst(Self.prefix.count)), runs.indices.contains(k) {
                out.append(contentsOf: runs[k])
            } else {
                out.append(value)
            }
        }
        return out
    }

    /// The parsed command with its path list put back together.
    func expand(_ command: any ParsableCommand) -> any ParsableCommand {
        guard !runs.isEmpty else { return command }
        if var lint = command as? LintCommand {
            lint.paths = expand(lint.paths)
            return lint
        }
        if var report = command as? ReportCommand {
            report.paths = expand(report.paths)
            return report
        }
        if var parse = command as? ParseCommand {
            parse.files = expand(parse.files)
            return parse
        }
        return command
    }
}
