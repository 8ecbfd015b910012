import Foundation
import PolicyLint

/// GitHub Actions workflow commands: one annotation per finding
/// (`::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message`), shown on the pull
/// request's changed lines; `info` findings are notices; a file that could not be linted is an
/// error annotation where it comes in the run. Ends with the summary line.
public struct GitHubReporter: ReportStream {
    /// Bytes of one file's part kept in memory before the rest goes to a temporary file.
    let chunkMemoryLimit: Int

    public init() { self.init(chunkMemoryLimit: ChunkBytes.memoryLimit) }

    init(chunkMemoryLimit: Int) { self.chunkMemoryLimit = chunkMemoryLimit }

    static func inputError(_ e: InputError) -> String {
        "::error file=\(property(e.file)),line=\(e.line),col=\(e.column),title=\(property("policylint: cannot lint this file"))::\(data(e.message))\n"
    }

    public func begin(_ context: RunContext) -> [UInt8] {
        Array(context.errors.map(GitHubReporter.inputError).joined().utf8)
    }

    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> ChunkBytes {
        if let e = result.error { return ChunkBytes(spool: nil, tail: Array(GitHubReporter.inputError(e).utf8)) }
        // Written as bytes (ReportBytes): built from interpolated Strings, this chunk cost six
        // times the JSON report's (86.7 M against 13.8 M instructions on the 1 MB corpus). What
        // repeats is escaped once: the file (findings of one file name it), each rule's title and fix.
        var out = ReportBytes(capacity: min(64 + result.findings.count * 320, chunkMemoryLimit + 64 << 10))
        var spool: ReportSpool?
        var lastFile: String?, fileText: [UInt8] = []
        var ruleTexts: [ObjectIdentifier: (title: [UInt8], fix: [UInt8])] = [:]
        for f in result.findings {
            switch f.severity {
            case .error: out.literal("::error file=")
            case .warning: out.literal("::warning file=")
            case .info: out.literal("::notice file=")
            }
            let l = f.location
            if l.file != lastFile {
                lastFile = l.file
                fileText = Array(GitHubReporter.property(l.file).utf8)
            }
            out.append(fileText)
            out.literal(",line="); out.int(l.line)
            out.literal(",col="); out.int(l.column)
            out.literal(",endLine="); out.int(l.endLine)
            out.literal(",endColumn="); out.int(l.endColumn)
            out.literal(",title=")
            let key = ObjectIdentifier(f.ruleInfo)
            let texts: (title: [UInt8], fix: [UInt8])
            if let known = ruleTexts[key] { texts = known } else {
                let fix = f.fix.map { Array(GitHubReporter.data("\n\nHow to fix it: \($0.trimmed)").utf8) } ?? []
                texts = (Array(GitHubReporter.escape("\(f.title) [\(f.rule)]", property: true).utf8), fix)
                ruleTexts[key] = texts
            }
            out.append(texts.title)
            out.literal("::")
            f.forEachMessagePiece { out.escaped($0) { GitHubReporter.change($0, $1, property: false) } }
            out.append(texts.fix)
            out.byte(0x0A)
            out.spill(over: chunkMemoryLimit, into: &spool)
        }
        return ChunkBytes(spool: spool, tail: out.array)
    }

    public func add(_ chunk: ChunkBytes) -> [UInt8] { chunk.bytes }

    public func add(_ chunk: ChunkBytes, write: ([UInt8]) -> Void) -> String? { chunk.forEachPiece(write) }

    public func end(_ totals: RunTotals, context: RunContext) -> [UInt8] {
        Array(("policylint: " + TextReporter(color: false).summary(totals) + "\n").utf8)
    }

    /// Escaping of a command's message (`%`, CR, LF).
    static func data(_ s: String) -> String { escape(s, property: false) }

    /// Escaping of a property value: also `:` and `,`.
    static func property(_ s: String) -> String { escape(Paths.display(s), property: true) }

    static func escape(_ s: String, property: Bool) -> String {
        Escape.rewrite(s) { change($0, $1, property: property) }
    }

    /// What escaping changes at `b[i]` (see `Escape.rewrite`).
    @inline(__always)
    static func change(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, property: Bool) -> (Int, StaticString)? {
        switch b[i] {
        case 0x25: return (1, "%25")
        case 0x0D: return (1, "%0D")
        case 0x0A: return (1, "%0A")
        case 0x3A where property: return (1, "%3A")
        case 0x2C where property: return (1, "%2C")
        default: return nil
        }
    }
}
