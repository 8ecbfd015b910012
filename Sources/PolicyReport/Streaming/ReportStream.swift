import PolicyLint

/// A report written while files are linted: a beginning, one part per file in input order, an end.
///
/// Why: holding every file's findings and source until the end makes memory grow with the whole
/// input; streamed, a run keeps a few files at a time (OrderedParallel). Each format is written
/// once, here, and `render(_:)` of a whole `LintRun` (tests, small runs) goes through the same code.
public protocol ReportStream: Sendable {
    /// What one file contributes, made on the worker that linted it (its source is still there).
    associatedtype Chunk: Sendable

    /// The bytes before the first file.
    func begin(_ context: RunContext) -> [UInt8]
    /// One file's part; must not touch shared state (it runs on many threads at once).
    func chunk(_ result: FileResult, rules: [String], context: RunContext) -> Chunk
    /// Called on one thread, in input order: the bytes to write now.
    mutating func add(_ chunk: Chunk) -> [UInt8]
    /// `add`, handed to `write` in pieces: a part too large to hold in memory (`ChunkBytes`) is
    /// written without making one array of it. Returns why the part could not be written whole.
    mutating func add(_ chunk: Chunk, write: ([UInt8]) -> Void) -> String?
    /// The bytes after the last file.
    mutating func end(_ totals: RunTotals, context: RunContext) -> [UInt8]
    /// `end`, handed to `write` in pieces: a format that held its body back (JUnit, whose totals
    /// come first) writes it without making one array of it. Returns why the report could not be
    /// completed, if it could not.
    mutating func end(_ totals: RunTotals, context: RunContext, write: ([UInt8]) -> Void) -> String?
}

extension ReportStream {
    public mutating func add(_ chunk: Chunk, write: ([UInt8]) -> Void) -> String? {
        write(add(chunk))
        return nil
    }

    public mutating func end(_ totals: RunTotals, context: RunContext, write: ([UInt8]) -> Void) -> String? {
        write(end(totals, context: context))
        return nil
    }
}

extension ReportStream {
    /// The whole report of a finished run.
    public func render(_ run: LintRun) -> String {
        var stream = self
        let context = run.context
        var out = stream.begin(context)
        for (i, r) in run.results.enumerated() {
            out += stream.add(stream.chunk(r, rules: run.ruleIDs(forResult: i), context: context))
        }
        out += stream.end(run.totals, context: context)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A report stream of any format, for a list of outputs. Chunks cross threads as `any Sendable`.
public final class AnyReportStream: @unchecked Sendable {
    private let makeChunk: @Sendable (FileResult, [String], RunContext) -> any Sendable
    private let beginBytes: (RunContext) -> [UInt8]
    private let addChunk: (any Sendable) -> [UInt8]
    private let addPieces: (any Sendable, ([UInt8]) -> Void) -> String?
    private let endBytes: (RunTotals, RunContext) -> [UInt8]
    private let endPieces: (RunTotals, RunContext, ([UInt8]) -> Void) -> String?

    public init<S: ReportStream>(_ stream: S) {
        // One mutable copy, used only on the delivering thread (add, end).
        let box = StreamBox(stream)
        makeChunk = { stream.chunk($0, rules: $1, context: $2) }
        beginBytes = { box.stream.begin($0) }
        addChunk = { box.stream.add($0 as! S.Chunk) }
        addPieces = { box.stream.add($0 as! S.Chunk, write: $1) }
        endBytes = { box.stream.end($0, context: $1) }
        endPieces = { box.stream.end($0, context: $1, write: $2) }
    }

    public func begin(_ context: RunContext) -> [UInt8] { beginBytes(context) }
    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> any Sendable { makeChunk(result, rules, context) }
    public func add(_ chunk: any Sendable) -> [UInt8] { addChunk(chunk) }
    public func add(_ chunk: any Sendable, write: ([UInt8]) -> Void) -> String? { addPieces(chunk, write) }
    public func end(_ totals: RunTotals, context: RunContext) -> [UInt8] { endBytes(totals, context) }
    public func end(_ totals: RunTotals, context: RunContext, write: ([UInt8]) -> Void) -> String? {
        endPieces(totals, context, write)
    }
}

extension ReportFormat {
    /// This format's stream. `color` applies to `text` only.
    public func stream(color: Bool = false) -> AnyReportStream {
        switch self {
        case .text: return AnyReportStream(TextReporter(color: color))
        case .json: return AnyReportStream(JSONReporter())
        case .sarif: return AnyReportStream(SARIFReporter())
        case .junit: return AnyReportStream(JUnitReporter())
        case .github: return AnyReportStream(GitHubReporter())
        case .checkstyle: return AnyReportStream(CheckstyleReporter())
        case .markdown: return AnyReportStream(MarkdownSummaryReporter())
        }
    }
}

/// The mutable copy of a stream that `add` and `end` use (on one thread only).
private final class StreamBox<S: ReportStream>: @unchecked Sendable {
    var stream: S
    init(_ stream: S) { self.stream = stream }
}
