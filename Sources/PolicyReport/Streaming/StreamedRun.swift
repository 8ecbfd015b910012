import PolicyLint

/// What `policylint lint` runs: lints files in parallel and writes every report while it goes
/// (each file's part as soon as it and every file before it are done; see `ReportStream`).
///
/// Report files are staged by the caller (`StagedFiles.open`); standard output goes through
/// `writeStandardOutput`. A failed file write stops further writes and is returned.
public struct StreamedRun {
    /// Where one report goes: a staged file, or standard output (nil).
    public struct Sink {
        public var stream: AnyReportStream
        public var file: StagedFile?

        public init(stream: AnyReportStream, file: StagedFile?) {
            self.stream = stream
            self.file = file
        }
    }

    /// What the run found and wrote.
    public struct Outcome {
        public var totals: RunTotals
        /// With a new baseline: its entries, in input order (every finding after suppressions).
        public var baselineEntries: [Baseline.Entry] = []
        /// The first report file write that failed; nothing was written after it.
        public var writeFailure: StagedFiles.Failure?
    }

    /// What a worker hands over for one file: counts and each report's part, no findings or source.
    struct LintedFile: Sendable {
        var summary: FileSummary
        var suppressed: Int
        var baselined: Int
        var chunks: [any Sendable]
        var entries: [Baseline.Entry]
    }

    public var linter: ConfiguredLinter
    public var context: RunContext
    public var sinks: [Sink]
    /// A baseline being written (`--write-baseline`): it records every finding, so none is reported.
    public var newBaseline: Baseline?
    public var writeStandardOutput: ([UInt8]) -> Void

    public init(linter: ConfiguredLinter, context: RunContext, sinks: [Sink], newBaseline: Baseline? = nil,
                writeStandardOutput: @escaping ([UInt8]) -> Void) {
        self.linter = linter
        self.context = context
        self.sinks = sinks
        self.newBaseline = newBaseline
        self.writeStandardOutput = writeStandardOutput
    }

    public func run(files: [String], jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) -> Outcome {
        var outcome = Outcome(totals: RunTotals(context: context))
        func emit(_ sink: Sink, _ bytes: [UInt8]) {
            guard !bytes.isEmpty, outcome.writeFailure == nil else { return }
            guard let file = sink.file else { return writeStandardOutput(bytes) }
            do { try file.write(bytes) } catch { outcome.writeFailure = error }
        }
        let streams = sinks.map(\.stream), context = context, newBaseline = newBaseline
        for sink in sinks { emit(sink, sink.stream.begin(context)) }
        linter.lint(files: files, jobs: jobs, keepUnbaselined: newBaseline != nil, progress: progress, process: { _, r in
            // On the worker: the file's report parts are made while its source is in memory.
            var r = r
            var recorded: [Baseline.Entry] = []
            if let newBaseline {
                recorded = newBaseline.entries(r.unbaselined)
                r.baselined += r.result.findings.count
                r.result.findings = []
            }
            return LintedFile(summary: FileSummary(r.result), suppressed: r.suppressed, baselined: r.baselined,
                              chunks: streams.map { $0.chunk(r.result, rules: r.rules, context: context) }, entries: recorded)
        }, deliver: { _, file in
            // On the calling thread, in input order.
            outcome.totals.add(file.summary)
            outcome.totals.suppressed += file.suppressed
            outcome.totals.baselined += file.baselined
            outcome.baselineEntries += file.entries
            for (sink, chunk) in zip(sinks, file.chunks) {
                let problem = sink.stream.add(chunk) { emit(sink, $0) }
                if let problem, outcome.writeFailure == nil {
                    outcome.writeFailure = StagedFiles.Failure(path: sink.file?.path ?? "standard output", reason: problem)
                }
            }
        })
        for sink in sinks {
            let problem = sink.stream.end(outcome.totals, context: context) { emit(sink, $0) }
            if let problem, outcome.writeFailure == nil {
                outcome.writeFailure = StagedFiles.Failure(path: sink.file?.path ?? "standard output", reason: problem)
            }
        }
        return outcome
    }
}
