import Foundation
import PolicyLint
import PolicyYAML

/// The versioned JSON contract (docs/json-format.md): `{"version": 1, "tool": ..., "findings":
/// [...], "files": [...], "errors": [...], "summary": {...}}`, streamed: the findings array is
/// written file by file; `files`, `errors` and `summary` come after it.
public struct JSONReporter: ReportStream {
    private var findings = StreamedJSONArray(closingIndent: 2)
    /// Bytes of one file's findings kept in memory before the rest goes to a temporary file.
    let chunkMemoryLimit: Int

    public init() { self.init(chunkMemoryLimit: ChunkBytes.memoryLimit) }

    init(chunkMemoryLimit: Int) { self.chunkMemoryLimit = chunkMemoryLimit }

    public static func location(_ l: Location) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("file", .string(l.file)), ("line", .int(l.line)), ("column", .int(l.column)),
            ("endLine", .int(l.endLine)), ("endColumn", .int(l.endColumn)), ("path", .string(l.path)),
        ]
        if let m = l.message { fields.append(("message", .string(m))) }
        return fields
    }

    /// A finding as a JSON value: the reference form of `FindingJSON`'s byte writer (tests compare them).
    public static func finding(_ f: Finding) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("rule", .string(f.rule)), ("title", .string(f.title)), ("category", .string(f.category)),
            ("severity", .string(f.severity.rawValue)), ("message", .string(f.message)),
        ]
        fields += location(f.location)
        fields.append(("match", .string(f.matchedText)))
        fields.append(("related", .array(f.related.map { .object(location($0)) })))
        fields.append(("fix", f.fix.map { .string($0) } ?? .null))
        fields.append(("fingerprint", .string(f.fingerprint)))
        return .object(fields)
    }

    public static func error(_ e: InputError) -> JSONValue {
        .object([("file", .string(e.file)), ("line", .int(e.line)), ("column", .int(e.column)), ("message", .string(e.message))])
    }

    /// The document around the findings array, split where the array goes.
    static func frame(_ context: RunContext, totals: RunTotals?) -> (head: ArraySlice<UInt8>, tail: ArraySlice<UInt8>) {
        var summary: JSONValue = .object([])
        if let t = totals {
            summary = .object([
                ("files", .int(t.files.count)),
                ("errors", .int(t.errors)), ("warnings", .int(t.warnings)), ("infos", .int(t.infos)),
                ("inputErrors", .int(t.inputErrors.count)),
                ("suppressed", .int(t.suppressed)), ("baselined", .int(t.baselined)),
                ("failOn", .string(t.failOn.rawValue)), ("failed", .bool(t.failed)),
            ])
        }
        let placeholder = "\u{1}policylint-findings\u{1}"
        let root: JSONValue = .object([
            ("version", .int(1)),
            ("tool", .object([("name", .string("policylint")), ("version", .string(context.toolVersion))])),
            ("findings", .string(placeholder)),
            ("files", .string(filesPlaceholder)),
            ("errors", .array((totals?.inputErrors ?? []).map(JSONReporter.error))),
            ("summary", summary),
        ])
        let (head, tail) = StreamedJSONArray.split(root, at: placeholder)
        // The files list, one entry a file, written straight to bytes where its placeholder
        // stands: as a tree of values it cost about 6,800 instructions a file (two fifths of
        // what a small file's JSON report cost).
        var marker: [UInt8] = []
        JSONValue.writeString(filesPlaceholder, to: &marker)
        let tailBytes = Array(tail)
        let at = StreamedJSONArray.find(marker, in: tailBytes)! // placed in `root` above
        var out: [UInt8] = []
        out.reserveCapacity(tailBytes.count + (totals?.files.count ?? 0) * 96)
        out += tailBytes[..<at]
        writeFiles(totals?.files ?? [], to: &out)
        out += tailBytes[(at + marker.count)...]
        return (head, out[...])
    }

    private static let filesPlaceholder = "\u{1}policylint-files\u{1}"

    /// The `files` list as `JSONValue.write` lays it out at the root's first level: each entry
    /// `{"file", "findings", "status"}` (`JSONFilesListTests` compares it with the tree of values
    /// it replaced).
    static func writeFiles(_ files: [FileSummary], to out: inout [UInt8]) {
        guard !files.isEmpty else { out += "[]".utf8; return }
        out.append(0x5B)
        for (i, s) in files.enumerated() {
            out += (i == 0 ? "\n    {\n      \"file\": " : ",\n    {\n      \"file\": ").utf8
            JSONValue.writeString(s.file, to: &out)
            out += ",\n      \"findings\": ".utf8
            out += String(s.findings).utf8
            out += (s.error == nil ? ",\n      \"status\": \"linted\"\n    }" : ",\n      \"status\": \"error\"\n    }").utf8
        }
        out += "\n  ]".utf8
    }

    public func begin(_ context: RunContext) -> [UInt8] { Array(JSONReporter.frame(context, totals: nil).head) }

    /// The file's findings as array items, each ",\n    {...}".
    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> ChunkBytes {
        guard !result.findings.isEmpty else { return .empty }
        // A finding's JSON is about 800 bytes: 1 KB each is nearly always room enough.
        let limit = chunkMemoryLimit
        return ChunkBytes.writtenInPlace(capacity: min(1024 * result.findings.count, limit + 64 << 10),
                                         FindingJSON.init(writingInto:)) { out in
            // Each finding read in place: iterating the array copied each (a retain and a release).
            result.findings.withUnsafeBufferPointer { findings in
                for k in findings.indices {
                    out.literal(",\n    ")
                    out.write(findings[k])
                    out.spill(over: limit)
                }
            }
        }
    }

    public mutating func add(_ chunk: ChunkBytes) -> [UInt8] { findings.add(chunk) }

    public mutating func add(_ chunk: ChunkBytes, write: ([UInt8]) -> Void) -> String? { findings.add(chunk, write: write) }

    public mutating func end(_ totals: RunTotals, context: RunContext) -> [UInt8] {
        findings.close() + JSONReporter.frame(context, totals: totals).tail + [0x0A]
    }
}
