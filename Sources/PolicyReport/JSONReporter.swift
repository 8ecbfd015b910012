import Foundation
import PolicyLint
import PolicyYAML

/// The versioned JSON contract (docs/json-format.md): `{"version": 1, "tool": ..., "findings":
/// [...], "files": [...], "errors": [...], "summary": {...}}`.
public struct JSONReporter {
    public init() {}

    public static func location(_ l: Location) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("file", .string(l.file)), ("line", .int(l.line)), ("column", .int(l.column)),
            ("endLine", .int(l.endLine)), ("endColumn", .int(l.endColumn)), ("path", .string(l.path)),
        ]
        if let m = l.message { fields.append(("message", .string(m))) }
        return fields
    }

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

    public func render(_ run: LintRun) -> String {
        let files: [JSONValue] = run.results.map { r in
            var fields: [(String, JSONValue)] = [("file", .string(r.file)), ("findings", .int(r.findings.count))]
            fields.append(("status", .string(r.error == nil ? "linted" : "error")))
            return .object(fields)
        }
        let summary: JSONValue = .object([
            ("files", .int(run.results.count)),
            ("errors", .int(run.count(.error))), ("warnings", .int(run.count(.warning))), ("infos", .int(run.count(.info))),
            ("inputErrors", .int(run.inputErrors.count)),
            ("suppressed", .int(run.suppressed)), ("baselined", .int(run.baselined)),
            ("failOn", .string(run.failOn.rawValue)), ("failed", .bool(run.failingFindings > 0 || !run.inputErrors.isEmpty)),
        ])
        // The findings are serialised per file in parallel (the bulk of the output), then spliced
        // into the document where a placeholder stands; the text is the same as a serial write.
        let placeholder = "\u{1}policylint-findings\u{1}"
        let root: JSONValue = .object([
            ("version", .int(1)),
            ("tool", .object([("name", .string("policylint")), ("version", .string(run.toolVersion))])),
            ("findings", .string(placeholder)),
            ("files", .array(files)),
            ("errors", .array(run.inputErrors.map(JSONReporter.error))),
            ("summary", summary),
        ])
        var document: [UInt8] = []
        root.write(to: &document, indent: 2, level: 0)
        var marker: [UInt8] = []
        JSONValue.writeString(placeholder, to: &marker)
        guard let at = JSONReporter.find(marker, in: document) else { return String(decoding: document, as: UTF8.self) + "\n" }

        let chunks = JSONReporter.findingChunks(run.results)
        var out: [UInt8] = []
        out.reserveCapacity(document.count + chunks.reduce(0) { $0 + $1.count } + 16)
        out.append(contentsOf: document[..<at])
        if chunks.allSatisfy(\.isEmpty) {
            out.append(contentsOf: "[]".utf8)
        } else {
            out.append(0x5B)
            var first = true
            for chunk in chunks where !chunk.isEmpty {
                // Each chunk starts with ",\n    "; the array's first item has no comma.
                out.append(contentsOf: first ? chunk.dropFirst() : chunk[...])
                first = false
            }
            out.append(contentsOf: "\n  ]".utf8)
        }
        out.append(contentsOf: document[(at + marker.count)...])
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// Each result's findings as array items (",\n    {...}" each), serialised in parallel.
    static func findingChunks(_ results: [FileResult]) -> [[UInt8]] {
        let box = ChunkBox(count: results.count)
        DispatchQueue.concurrentPerform(iterations: results.count) { i in
            var bytes: [UInt8] = []
            for f in results[i].findings {
                bytes.append(contentsOf: ",\n    ".utf8)
                JSONReporter.finding(f).write(to: &bytes, indent: 2, level: 2)
            }
            box.set(i, bytes)
        }
        return box.values
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

/// Results of a parallel loop, one slot per iteration.
final class ChunkBox: @unchecked Sendable {
    private var slots: [[UInt8]]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ i: Int, _ value: [UInt8]) { lock.withLock { slots[i] = value } }

    var values: [[UInt8]] { lock.withLock { slots } }
}
