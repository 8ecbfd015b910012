import Foundation
import PolicyLint
import PolicyYAML

/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, the rules that ran
/// and their help, one result per finding with its exact region, related locations and a partial
/// fingerprint (stable across line shifts). Columns count Unicode code points (`columnKind`).
public struct SARIFReporter: ReportStream {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// The key of policylint's fingerprint in `partialFingerprints`.
    public static let fingerprintKey = "policylintFingerprint/v1"

    private var results = StreamedJSONArray(closingIndent: 6)
    /// Bytes of one file's results kept in memory before the rest goes to a temporary file.
    let chunkMemoryLimit: Int

    public init() { self.init(chunkMemoryLimit: ChunkBytes.memoryLimit) }

    init(chunkMemoryLimit: Int) { self.chunkMemoryLimit = chunkMemoryLimit }

    /// Every rule that runs is described (a viewer shows their help); results point at them by index.
    static func ruleIndex(_ context: RunContext) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, r) in context.rules.enumerated() where index[r.id] == nil { index[r.id] = i }
        return index
    }

    /// The log around the results array, split where the array goes. `invocations` follows the
    /// results because whether the run succeeded is known only at the end.
    /// The rule descriptors come before the results, so the tail (`totals` given) skips them.
    static func frame(_ context: RunContext, totals: RunTotals?) -> (head: ArraySlice<UInt8>, tail: ArraySlice<UInt8>) {
        let driver: JSONValue = .object([
            ("name", .string("policylint")),
            ("version", .string(context.toolVersion)),
            ("semanticVersion", .string(context.toolVersion)),
            ("informationUri", .string(RuleHelp.repository)),
            ("rules", .array(totals == nil ? context.rules.map(SARIFReporter.descriptor) : [])),
        ])
        let inputErrors = totals?.inputErrors ?? []
        let notifications: [JSONValue] = inputErrors.map { e in
            .object([
                ("level", .string("error")),
                ("message", .object([("text", .string(e.message))])),
                ("locations", .array([.object([("physicalLocation", SARIFReporter.physical(file: e.file, region: [
                    ("startLine", .int(e.line)), ("startColumn", .int(e.column)),
                ]))])])),
            ])
        }
        var invocation: [(String, JSONValue)] = [("executionSuccessful", .bool(inputErrors.isEmpty))]
        if !notifications.isEmpty { invocation.append(("toolExecutionNotifications", .array(notifications))) }
        let placeholder = "\u{1}policylint-results\u{1}"
        let sarifRun: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .string(placeholder)),
            ("invocations", .array([.object(invocation)])),
        ])
        let root: JSONValue = .object([
            ("$schema", .string(SARIFReporter.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([sarifRun])),
        ])
        return StreamedJSONArray.split(root, at: placeholder)
    }

    public func begin(_ context: RunContext) -> [UInt8] { Array(SARIFReporter.frame(context, totals: nil).head) }

    /// The file's results as array items (",\n        {...}" each; results sit at level 4).
    public func chunk(_ result: FileResult, rules: [String], context: RunContext) -> ChunkBytes {
        guard !result.findings.isEmpty else { return .empty }
        let index = SARIFReporter.ruleIndex(context)
        // A file's findings (and their related locations) name the same file: encode it once.
        var last: (file: String, uri: (String, relative: Bool))?
        func uri(_ file: String) -> (String, relative: Bool) {
            if let last, last.file == file { return last.uri }
            let u = SARIFReporter.uri(file)
            last = (file, u)
            return u
        }
        // What a rule's findings share, looked up once per rule.
        var perRule: [ObjectIdentifier: RuleFields] = [:]
        // A result is about 1.5 KB: 2 KB each is nearly always room enough.
        let limit = chunkMemoryLimit
        return ChunkBytes.writtenInPlace(capacity: min(2048 * result.findings.count, limit + 64 << 10),
                                         { IndentedJSONWriter(level: 4, writingInto: $0) }) { writer in
            for f in result.findings {
                writer.raw(",\n        ")
                let key = ObjectIdentifier(f.ruleInfo)
                let fields: RuleFields
                if let known = perRule[key] { fields = known } else {
                    fields = RuleFields(index: index[f.rule], fix: f.fix?.trimmed)
                    perRule[key] = fields
                }
                SARIFReporter.writeResult(f, ruleIndex: fields.index, fix: fields.fix, uri: uri, to: &writer)
                writer.spill(over: limit)
            }
        }
    }

    /// A rule's index among the descriptors and its fix as SARIF shows it.
    private struct RuleFields {
        var index: Int?
        var fix: String?
    }

    public mutating func add(_ chunk: ChunkBytes) -> [UInt8] { results.add(chunk) }

    public mutating func add(_ chunk: ChunkBytes, write: ([UInt8]) -> Void) -> String? { results.add(chunk, write: write) }

    public mutating func end(_ totals: RunTotals, context: RunContext) -> [UInt8] {
        results.close() + SARIFReporter.frame(context, totals: totals).tail + [0x0A]
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// `blame-shifted-to-outsourcer` -> `BlameShiftedToOutsourcer`.
    static func pascalCase(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func descriptor(_ r: Rule) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(r.id)),
            ("name", .string(pascalCase(r.id))),
            ("shortDescription", .object([("text", .string(r.title))])),
            ("fullDescription", .object([("text", .string(r.why.trimmed))])),
            ("help", .object([("text", .string(RuleHelp.text(r))), ("markdown", .string(RuleHelp.markdown(r)))])),
        ]
        if let uri = RuleHelp.uri(r) { fields.append(("helpUri", .string(uri))) }
        fields.append(("defaultConfiguration", .object([("level", .string(level(r.severity)))])))
        var tags: [JSONValue] = [.string("policy"), .string(r.category)]
        if let lesson = r.lesson { tags.append(.string("lesson-\(lesson)")) }
        fields.append(("properties", .object([
            ("tags", .array(tags)),
            ("precision", .string(r.check.kind == "metric" ? "medium" : "high")),
            ("problem.severity", .string(r.severity == .info ? "recommendation" : r.severity.rawValue)),
            ("pack", .string(r.pack)),
        ])))
        return .object(fields)
    }

    /// A relative path as a URI reference (percent-encoded, `/` kept), relative to the checkout.
    static func uri(_ file: String) -> (String, relative: Bool) {
        if file == "<stdin>" { return ("stdin", true) }
        let path = Paths.display(file)
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":;?#[]@!$&'()*+,=")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        if path.hasPrefix("/") { return ("file://" + encoded, false) }
        return (encoded, true)
    }

    static func physical(file: String, region: [(String, JSONValue)]) -> JSONValue {
        let (u, relative) = uri(file)
        var artifact: [(String, JSONValue)] = [("uri", .string(u))]
        if relative { artifact.append(("uriBaseId", .string("%SRCROOT%"))) }
        return .object([("artifactLocation", .object(artifact)), ("region", .object(region))])
    }

    static func region(_ l: Location) -> [(String, JSONValue)] {
        [("startLine", .int(l.line)), ("startColumn", .int(l.column)), ("endLine", .int(l.endLine)), ("endColumn", .int(l.endColumn))]
    }

    /// `result(f, ruleIndex:uri:)`'s text written straight to bytes (SARIFReportTests compares
    /// the two): results are most of a SARIF log.
    /// `fix` is the finding's fix trimmed (callers look it up once per rule).
    static func writeResult(_ f: Finding, ruleIndex: Int?, fix: String?, uri: (String) -> (String, relative: Bool),
                            to w: inout IndentedJSONWriter) {
        w.openObject()
        w.encoded("ruleId", f.ruleInfo.json.id)
        if let ruleIndex { w.int("ruleIndex", ruleIndex) }
        switch f.severity {
        case .error: w.plain("level", "error")
        case .warning: w.plain("level", "warning")
        case .info: w.plain("level", "note")
        }
        w.key("message"); w.openObject()
        w.key("text"); w.openString(); f.forEachMessagePiece { w.stringPiece($0) }; w.closeString()
        w.closeObject()
        w.key("locations"); w.openArray(); w.item(); w.openObject()
        w.key("physicalLocation"); writePhysical(f.location, uri: uri, to: &w)
        if !f.location.path.isEmpty {
            w.key("logicalLocations"); w.openArray(); w.item(); w.openObject()
            w.string("fullyQualifiedName", f.location.path); w.plain("kind", "member")
            w.closeObject(); w.closeArray()
        }
        w.closeObject(); w.closeArray()
        if !f.related.isEmpty {
            w.key("relatedLocations"); w.openArray()
            for (i, r) in f.related.enumerated() {
                w.item(); w.openObject()
                w.int("id", i + 1)
                w.key("physicalLocation"); writePhysical(r, uri: uri, to: &w)
                w.key("message"); w.openObject(); w.string("text", r.message ?? "related"); w.closeObject()
                w.closeObject()
            }
            w.closeArray()
        }
        w.key("partialFingerprints"); w.openObject()
        w.key("policylintFingerprint/v1"); w.string(stableHash([uri(f.file).0, f.fingerprint])) // fingerprintKey
        w.closeObject()
        w.key("properties"); w.openObject()
        w.encoded("category", f.ruleInfo.json.category)
        if !f.location.path.isEmpty { w.string("path", f.location.path) }
        if let fix { w.string("fix", fix) }
        w.closeObject()
        w.closeObject()
    }

    /// `physical(file:region:)` for a location, written straight to bytes.
    static func writePhysical(_ l: Location, uri: (String) -> (String, relative: Bool), to w: inout IndentedJSONWriter) {
        let (u, relative) = uri(l.file)
        w.openObject()
        w.key("artifactLocation"); w.openObject()
        w.string("uri", u)
        if relative { w.plain("uriBaseId", "%SRCROOT%") }
        w.closeObject()
        w.key("region"); w.openObject()
        w.int("startLine", l.line); w.int("startColumn", l.column); w.int("endLine", l.endLine); w.int("endColumn", l.endColumn)
        w.closeObject()
        w.closeObject()
    }

    /// The reference form of `writeResult` (tests compare the two).
    static func result(_ f: Finding, ruleIndex: Int?) -> JSONValue {
        var fields: [(String, JSONValue)] = [("ruleId", .string(f.rule))]
        if let ruleIndex { fields.append(("ruleIndex", .int(ruleIndex))) }
        fields.append(("level", .string(level(f.severity))))
        fields.append(("message", .object([("text", .string(f.message))])))
        var location: [(String, JSONValue)] = [("physicalLocation", physical(file: f.file, region: region(f.location)))]
        if !f.location.path.isEmpty {
            location.append(("logicalLocations", .array([.object([("fullyQualifiedName", .string(f.location.path)), ("kind", .string("member"))])])))
        }
        fields.append(("locations", .array([.object(location)])))
        if !f.related.isEmpty {
            fields.append(("relatedLocations", .array(f.related.enumerated().map { i, r in
                .object([
                    ("id", .int(i + 1)),
                    ("physicalLocation", physical(file: r.file, region: region(r))),
                    ("message", .object([("text", .string(r.message ?? "related"))])),
                ])
            })))
        }
        // The finding's fingerprint names no file; code scanning tracks results by this key, so
        // the file is mixed in (two copies of one policy keep separate alerts).
        fields.append(("partialFingerprints", .object([(fingerprintKey, .string(stableHash([uri(f.file).0, f.fingerprint])))])))
        var properties: [(String, JSONValue)] = [("category", .string(f.category))]
        if !f.location.path.isEmpty { properties.append(("path", .string(f.location.path))) }
        if let fix = f.fix { properties.append(("fix", .string(fix.trimmed))) }
        fields.append(("properties", .object(properties)))
        return .object(fields)
    }
}
