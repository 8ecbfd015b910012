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
        let root: JSONValue = .object([
            ("version", .int(1)),
            ("tool", .object([("name", .string("policylint")), ("version", .string(run.toolVersion))])),
            ("findings", .array(run.findings.map(JSONReporter.finding))),
            ("files", .array(files)),
            ("errors", .array(run.inputErrors.map(JSONReporter.error))),
            ("summary", summary),
        ])
        return root.serialized(indent: 2) + "\n"
    }
}
