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
        let ruleIDs = linter.ruleIDsThatRun(files: files.files)
        let context = RunContext(rules: settings.allRules.filter { ruleIDs.contains($0.id) }, errors: files.errors,
                                 toolVersion: PolicyLintCommand.version, failOn: settings.failOn)

        // Reports are streamed: each file's part is written as soon as it and every file before it
        // are linted, so memory stays flat however large the input. Files are staged and renamed
        // together at the end (all or nothing); standard output is written as the run goes.
        let staged = StagedFiles()
        let cleanup = CleanupOnSignal(staged)
        func fail(_ message: String) -> ExitCode {
            staged.discard()
            cleanup.cancel()
            Output.error("policylint: error: \(message)")
            return ExitCode(2)
        }
        var sinks: [StreamedRun.Sink] = []
        let baselineFile: StagedFile?
        do {
            for t in targets {
                let colored = t.path == nil && t.format == .text && Output.useColor(color)
                sinks.append(StreamedRun.Sink(stream: t.format.stream(color: colored), file: try t.path.map(staged.open)))
            }
            // Opened now, written at the end: a folder that is missing or not writable stops the
            // run before it lints anything, as a report file's does.
            baselineFile = try writeBaseline.map(staged.open)
        } catch { throw fail(error.description) }

        // Standard output shows the run as it goes: no progress line over it.
        let writesToTerminal = sinks.contains { $0.file == nil } && Output.stdoutIsTerminal
        let showProgress = !writesToTerminal && ProgressDisplay.shouldShow(fileCount: files.files.count, stderrIsTerminal: Output.stderrIsTerminal,
                                                                           environment: ProcessInfo.processInfo.environment, disabled: noProgress)
        let progress = showProgress ? ProgressDisplay(total: files.files.count) : nil
        let run = StreamedRun(linter: linter, context: context, sinks: sinks,
                              newBaseline: writeBaseline.map { Baseline(findings: [], writtenAt: $0) },
                              writeStandardOutput: { Output.write(bytes: $0, onClosed: { staged.discard() }) })
        let outcome = run.run(files: files.files, jobs: jobs, progress: progress.map { p in { @Sendable n in p.update(n) } })
        progress?.finish()
        let totals = outcome.totals, entries = outcome.baselineEntries

        if let failure = outcome.writeFailure { throw fail(failure.description) }
        if var b = run.newBaseline, let file = baselineFile {
            b.add(entries)
            // A baseline too large to be read back is refused here, not at the next run.
            let staging: StagedFiles.BaselineStaging
            do { staging = try staged.stage(b, toolVersion: PolicyLintCommand.version, into: file) } catch { throw fail(error.description) }
            if case .tooLarge(let size) = staging {
                throw fail("the baseline would be \(YAMLLimits.describe(bytes: size)) (\(entries.count) findings), over the \(YAMLLimits.describe(bytes: Baseline.maxBytes)) a baseline may be; nothing was written")
            }
        }
        do {
            for sink in sinks { try sink.file?.close() }
            try staged.commit()
        } catch { throw fail(error.description) }
        cleanup.cancel()
        if let path = writeBaseline {
            Output.error("policylint: wrote baseline \(path) (\(entries.count) finding\(entries.count == 1 ? "" : "s"))")
        }
        let toStdout = targets.first { $0.path == nil }
        // Input errors reach standard error unless the text report shows them there already.
        if toStdout?.format != .text {
            for e in totals.inputErrors { Output.error(e.rendered) }
        }
        if toStdout == nil {
            Output.error("policylint: " + TextReporter(color: false).summary(totals) + "; wrote " + targets.compactMap(\.path).joined(separator: ", "))
        }
        throw ExitCode(LintCommand.exitCode(totals))
    }

    static func exitCode(_ totals: RunTotals) -> Int32 {
        if !totals.inputErrors.isEmpty { return 2 }
        return totals.failingFindings > 0 ? 1 : 0
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
