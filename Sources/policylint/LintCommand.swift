import ArgumentParser
import Foundation
import PolicyLint
import PolicyReport
import PolicyYAML

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info, never
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint policy files and folders (the default command).",
        discussion: """
        Folders are searched recursively for *.yaml and *.yml files whose root mapping has a
        'policy' key; '-' reads standard input.

        Examples:
          policylint lint examples/
          policylint lint policies/refunds.yaml --format json
          cat policy.yaml | policylint lint -
        """
    )

    @Argument(help: ArgumentHelp("Policy files or folders (default: the current folder).", valueName: "path"))
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Output format.")
    var format: OutputFormat = .text

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1.")
    var failOn: FailOn = .error

    @OptionGroup var ruleOptions: RuleOptions

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("Largest file to read, in MB.", valueName: "MB"))
    var maxFileSize: Int = 10

    @Option(help: "Colour in text output.")
    var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "Also say which YAML files in folders were skipped, and why.")
    var verbose = false

    mutating func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxFileSize < 1 { throw ValidationError("--max-file-size must be at least 1 (MB)") }
    }

    func run() throws {
        let packs = try ruleOptions.loadPacksOrExit()
        let rules = packs.flatMap(\.rules)
        var limits = YAMLLimits()
        limits.maxFileBytes = maxFileSize * 1024 * 1024
        let linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)), limits: limits)

        let discovery = FileDiscovery.discover(paths.isEmpty ? ["."] : paths)
        if verbose {
            for s in discovery.skipped { Output.error("\(s): skipped: no 'policy' key at the top level") }
        }
        let results = linter.lint(files: discovery.files, jobs: jobs)
        let run = LintRun(results: results, rules: rules, errors: discovery.errors, toolVersion: PolicyLintCommand.version)

        switch format {
        case .text:
            // Input errors go to standard error too when findings go to a pipe, so they are never lost.
            Output.write(TextReporter(color: Output.useColor(color)).render(run))
        case .json:
            Output.write(JSONReporter().render(run))
            for e in run.inputErrors { Output.error(e.rendered) }
        }
        throw ExitCode(LintCommand.exitCode(run, failOn: failOn))
    }

    static func exitCode(_ run: LintRun, failOn: FailOn) -> Int32 {
        if !run.inputErrors.isEmpty { return 2 }
        let threshold: Severity
        switch failOn {
        case .never: return 0
        case .error: threshold = .error
        case .warning: threshold = .warning
        case .info: threshold = .info
        }
        return run.findings.contains { $0.severity >= threshold } ? 1 : 0
    }
}
