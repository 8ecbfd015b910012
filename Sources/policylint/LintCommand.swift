import ArgumentParser
import Foundation
import PolicyLint
import PolicyReport
import PolicyYAML

/// Formats of commands that print a listing (`rules`).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint policy files and folders (the default command).",
        discussion: """
        Folders are searched recursively for *.yaml and *.yml files whose root mapping has a 'policy' key; '-' reads standard input. Settings come from .policylint.yml (found from the working folder upwards, or --config FILE); flags override it (docs/configuration.md).

        Each --output FILE belongs to the --format before it; one format may go to standard output. Report files appear whole or not at all (docs/ci.md).

        Examples:
          policylint lint examples/
          policylint lint policies/ --format sarif --output r.sarif --format github
          policylint lint policies/ --write-baseline baseline.json
          policylint lint policies/ --baseline baseline.json --fail-on warning
          cat policy.yaml | policylint lint -
        """
    )

    @Argument(help: ArgumentHelp("Policy files or folders (default: the current folder).", valueName: "path"))
    var paths: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Report format (repeatable, one report each).", valueName: "format"))
    var format: [ReportFormat] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report of the --format before it to this file (repeatable).", valueName: "file"))
    var output: [String] = []

    @OptionGroup var configOptions: ConfigOptions

    @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Record the current findings in this baseline file; they are then not reported.", valueName: "file"))
    var writeBaseline: String?

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Colour in text output.")
    var color: ColorChoice = .auto

    @Flag(name: .customLong("policies-only"), help: "Skip named files that have no top-level 'policy' key too (for pre-commit).")
    var policiesOnly = false

    @Flag(name: .customLong("import-prose"), help: "In folders, also lint .txt, .md and .html terms (imported in memory; docs/import.md).")
    var importProse = false

    @Flag(name: .customLong("no-progress"), help: "Never show the progress line on standard error.")
    var noProgress = false

    @Flag(name: .shortAndLong, help: "Also say which YAML files were skipped or ignored, and why.")
    var verbose = false

    mutating func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let targets: [ReportTarget]
        do { targets = try ReportTargets.pair(formats: format, outputs: output, arguments: CommandLine.arguments) } catch {
            Output.error("policylint: error: \(error.description)")
            throw ExitCode(2)
        }
        let settings = try configOptions.settingsOrExit()
        let baseline = try ConfiguredRun.baselineOrExit(settings, writing: writeBaseline)
        let files = ConfiguredRun.selectFiles(paths, settings: settings, importProse: importProse,
                                              policiesOnly: policiesOnly, verbose: verbose)
        if files.files.isEmpty && files.errors.isEmpty && !policiesOnly {
            // Not an error (nothing is wrong), but never silent: a CI job pointed at the wrong folder should show it.
            let place = paths.isEmpty ? "the current folder" : paths.joined(separator: ", ")
            Output.error("policylint: no policy files in \(place): looked for *.yaml and *.yml whose top level has a 'policy' key"
                         + (verbose ? "" : " (--verbose lists the files passed over)") + "; `policylint init` writes one")
        }
        let outputs = targets.compactMap { t in t.path.map { ("--output", $0) } } + (writeBaseline.map { [("--write-baseline", $0)] } ?? [])
        if let e = InputProtection.check(outputs: outputs, settings: settings, files: files.files) {
            Output.error(e.rendered)
            throw ExitCode(2)
        }
        let linter = ConfiguredLinter(settings: settings, baseline: baseline) // limits: configuration, then flags

        let showProgress = ProgressDisplay.shouldShow(fileCount: files.files.count, stderrIsTerminal: Output.stderrIsTerminal,
                                                      environment: ProcessInfo.processInfo.environment, disabled: noProgress)
        let progress = showProgress ? ProgressDisplay(total: files.files.count) : nil
        var outcome = linter.lint(files: files.files, jobs: jobs, progress: progress.map { p in { @Sendable n in p.update(n) } })
        progress?.finish()

        let staged = StagedFiles()
        var newBaseline: Baseline?
        if let path = writeBaseline {
            let b = Baseline(findings: outcome.unbaselined, writtenAt: path)
            newBaseline = b
            // The new baseline holds every finding: none is reported as new.
            var matcher = Baseline.Matcher(b)
            outcome.baselined += matcher.filter(&outcome.results)
        }

        var run = LintRun(results: outcome.results, rules: ConfiguredRun.rulesThatRan(settings, outcome), errors: files.errors,
                          toolVersion: PolicyLintCommand.version)
        run.suppressed = outcome.suppressed
        run.baselined = outcome.baselined
        run.failOn = settings.failOn
        run.rulesRun = outcome.rulesRun

        // Files first, all or nothing; then standard output.
        let cleanup = CleanupOnSignal(staged)
        do {
            if let b = newBaseline, let path = writeBaseline { try staged.stage(b.rendered(toolVersion: PolicyLintCommand.version), for: path) }
            for t in targets {
                if let path = t.path { try staged.stage(t.format.render(run, color: false), for: path) }
            }
            try staged.commit()
        } catch {
            staged.discard()
            cleanup.cancel()
            Output.error("policylint: error: \(error.description)")
            throw ExitCode(2)
        }
        cleanup.cancel()
        if let b = newBaseline, let path = writeBaseline {
            Output.error("policylint: wrote baseline \(path) (\(b.entries.count) finding\(b.entries.count == 1 ? "" : "s"))")
        }
        let toStdout = targets.first { $0.path == nil }
        if let t = toStdout {
            Output.write(t.format.render(run, color: t.format == .text && Output.useColor(color)))
        }
        // Input errors reach standard error unless the text report shows them there already.
        if toStdout?.format != .text {
            for e in run.inputErrors { Output.error(e.rendered) }
        }
        if toStdout == nil {
            Output.error("policylint: " + TextReporter(color: false).summary(run) + "; wrote " + targets.compactMap(\.path).joined(separator: ", "))
        }
        throw ExitCode(LintCommand.exitCode(run))
    }

    static func exitCode(_ run: LintRun) -> Int32 {
        if !run.inputErrors.isEmpty { return 2 }
        return run.failingFindings > 0 ? 1 : 0
    }
}

/// While report files are staged, SIGINT and SIGTERM remove them before the process ends.
final class CleanupOnSignal {
    private var sources: [DispatchSourceSignal] = []
    private let signals = [SIGINT, SIGTERM, SIGHUP]

    init(_ staged: StagedFiles) {
        for sig in signals {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                staged.discard()
                Foundation.exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for s in sources { s.cancel() }
        sources = []
        for sig in signals { signal(sig, SIG_DFL) }
    }
}
