import PolicyLint

/// Checkstyle XML (`<checkstyle><file name=..><error line column severity message source/>`), read
/// by Jenkins warnings-ng, reviewdog, GitLab converters and many editors.
public struct CheckstyleReporter: ReportStream {
    /// Bytes of one file's part kept in memory before the rest goes to a temporary file.
    let chunkMemoryLimit: Int

    public init() { self.init(chunkMemoryLimit: ChunkBytes.memoryLimit) }

    init(chunkMemoryLimit: Int) { self.chunkMemoryLimit = chunkMemoryLimit }

    static func inputError(_ e: InputError) -> String {
        "    <error line=\"\(e.line)\" column=\"\(e.column)\" severity=\"error\" message=\"\(XMLText.escape(e.message))\" source=\"policylint.input\"/>\n"
    }

    public func begin(_ context: RunContext) -> [UInt8] {
        var out = XMLText.header + "<checkstyle version=\"4.3\">\n"
        for e in context.errors {
            out += "  <file name=\"\(XMLText.escape(e.file))\">\n" + CheckstyleReporter.inputError(e) + "  </file>\n"
        }
        return Array(out.utf8)
    }

    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> ChunkBytes {
        // Written as bytes (ReportBytes), each rule's id escaped once.
        var out = ReportBytes(capacity: min(64 + result.findings.count * 200, chunkMemoryLimit + 64 << 10))
        var spool: ReportSpool?
        out.literal("  <file name=\"")
        out.xml(result.file)
        out.literal("\">\n")
        if let e = result.error { out.append(CheckstyleReporter.inputError(e)) }
        var sources: [ObjectIdentifier: [UInt8]] = [:]
        for f in result.findings {
            out.literal("    <error line=\""); out.int(f.line)
            out.literal("\" column=\""); out.int(f.column)
            switch f.severity {
            case .error: out.literal("\" severity=\"error\" message=\"")
            case .warning: out.literal("\" severity=\"warning\" message=\"")
            case .info: out.literal("\" severity=\"info\" message=\"")
            }
            f.forEachMessagePiece { out.xml($0) }
            out.literal("\" source=\"policylint.")
            let key = ObjectIdentifier(f.ruleInfo)
            if let known = sources[key] { out.append(known) } else {
                let source = Array(XMLText.escape(f.rule).utf8)
                sources[key] = source
                out.append(source)
            }
            out.literal("\"/>\n")
            out.spill(over: chunkMemoryLimit, into: &spool)
        }
        out.literal("  </file>\n")
        return ChunkBytes(spool: spool, tail: out.array)
    }

    public func add(_ chunk: ChunkBytes) -> [UInt8] { chunk.bytes }

    public func add(_ chunk: ChunkBytes, write: ([UInt8]) -> Void) -> String? { chunk.forEachPiece(write) }

    public func end(_ totals: RunTotals, context: RunContext) -> [UInt8] { Array("</checkstyle>\n".utf8) }
}
