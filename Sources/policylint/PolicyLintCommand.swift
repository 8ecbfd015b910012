import ArgumentParser
import Foundation
import PolicyLint

/// The `policylint` command. Argument handling only: the work happens in PolicyLint and PolicyReport.
@main
struct PolicyLintCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "policylint",
        abstract: "Find mixed signals in customer policies: promises with no remedy, blame shifted to partners, hollow guarantees.",
        discussion: """
        Examples:
          policylint lint examples/         lint every policy in a folder
          policylint lint terms.yaml -f json   findings as JSON
          policylint explain RULE           why a rule exists, how to fix
          policylint rules                  list the rules
          policylint parse FILE --marks     how a file is read

        Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage, configuration, rule-pack or input errors.
        """,
        version: version,
        subcommands: [LintCommand.self, ParseCommand.self, RulesCommand.self, ExplainCommand.self,
                      ReportCommand.self,
                      ConfigCommand.self,
                      TestRulesCommand.self, InitCommand.self, SchemaCommand.self,
                      ImportCommand.self],
        defaultSubcommand: LintCommand.self
    )

    /// Runs with policylint's exit codes: usage errors are 2 (ArgumentParser's default is 64).
    static func main() {
        signal(SIGPIPE, SIG_IGN) // a closed pipe ends output quietly (see Output.write)
        AllocatorTuning.apply()
        if mayUseBuiltinPacks(CommandLine.arguments.dropFirst()) { RulePackLoader.prefetchBuiltin() }
        do {
            // Long path lists reach the parser as placeholders (PathRuns.swift: its cost grows
            // with the square of a list's length).
            let runs = PathRuns(Array(CommandLine.arguments.dropFirst()),
                                subcommands: Set(configuration.subcommands.compactMap { $0.configuration.commandName }))
            var command = runs.expand(try parseAsRoot(runs.arguments))
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Output.write(fullMessage(for: error) + "\n")
                Foundation.exit(0)
            }
            Output.error("policylint: " + fullMessage(for: error).replacingOccurrences(of: "Error: ", with: "error: "))
            Foundation.exit(2)
        }
    }
}

/// Whether a command line may need the built-in rule packs, so that loading them can start
/// while the arguments are parsed. Only a guess about wasted work: a wrong "yes" costs a
/// background load, a wrong "no" a load when they are used.
func mayUseBuiltinPacks<Arguments: Collection<String>>(_ arguments: Arguments) -> Bool {
    let withoutPacks: Set<String> = ["parse", "schema", "init", "import", "help", "--help", "-h", "--version", "--no-builtin"]
    return !arguments.contains(where: withoutPacks.contains)
}

/// Writes to standard output and error; a reader that went away (`| head -1`) ends the run quietly.
enum Output {
    static func write(_ s: String) { write(bytes: Array(s.utf8)) }

    /// `onClosed` runs before the process ends because standard output went away (or failed).
    static func write(bytes data: [UInt8], onClosed: () -> Void = {}) {
        var offset = 0
        while offset < data.count {
            let n = data[offset...].withUnsafeBufferPointer { Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let code: Int32 = errno == EPIPE ? 0 : 2
                onClosed()
                Foundation.exit(code)
            }
            offset += n
        }
    }

    static func error(_ s: String) {
        FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Colour only on a terminal, never with NO_COLOR set.
    static func useColor(_ choice: ColorChoice) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
            return stdoutIsTerminal && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        }
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}
