import Foundation
import PolicyYAML
import XCTest

/// Runs every case of the YAML test suite (github.com/yaml/yaml-test-suite, data branch) through
/// `YAMLParser`: no crash or hang on any case, every `error` case rejected, and for every case
/// with `in.json` the tree (one JSON value per document, core schema) equal to `in.json`.
///
/// Where libyaml 0.2.5 itself disagrees with the suite, the case is listed with the reason in
/// `Tests/Fixtures/yaml-suite-known-failures.txt`; the test fails when that list goes stale (a
/// listed case passes, or an unlisted case fails).
///
/// The suite is found through `POLICYLINT_YAML_SUITE`, else at `../shared/data/yaml-test-suite`
/// beside the repository.
final class YAMLTestSuiteTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var suiteURL: URL {
        if let env = ProcessInfo.processInfo.environment["POLICYLINT_YAML_SUITE"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data/yaml-test-suite")
    }

    static let knownFailuresURL = repoRoot.appendingPathComponent("Tests/Fixtures/yaml-suite-known-failures.txt")

    /// Longest a single case may take before it counts as a hang.
    static let caseTimeout: TimeInterval = 20

    func testEveryCase() throws {
        let suite = Self.suiteURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: suite.path, isDirectory: &isDir), isDir.boolValue else {
            XCTFail("""
                YAML test suite not found at \(suite.path). Put the suite's data branch there \
                (CI has ../shared/data/yaml-test-suite beside the clone) or set POLICYLINT_YAML_SUITE.
                """)
            return
        }
        let cases = try Self.caseIDs(in: suite)
        XCTAssertGreaterThan(cases.count, 300, "expected the whole suite (over 300 cases) in \(suite.path)")
        let known = try Self.knownFailures()

        var failures: [String: String] = [:]
        var errorCases = 0, errorCasesRejected = 0, jsonCompared = 0
        for id in cases {
            let dir = suite.appendingPathComponent(id)
            let isError = FileManager.default.fileExists(atPath: dir.appendingPathComponent("error").path)
            let outcome = Self.run(dir)
            if isError {
                errorCases += 1
                switch outcome {
                case .rejected: errorCasesRejected += 1
                case .parsed: failures[id] = "accepted, but the suite marks it invalid"
                case .hung: failures[id] = "no answer within \(Int(Self.caseTimeout)) s (hang)"
                }
                continue
            }
            switch outcome {
            case .hung:
                failures[id] = "no answer within \(Int(Self.caseTimeout)) s (hang)"
            case .rejected(let error):
                failures[id] = "rejected valid YAML: \(error)"
            case .parsed(let stream):
                // The parser's note that spares the policy model its search for merge keys.
                for (k, d) in stream.documents.enumerated() where d.root.containsMergeKey && !d.hasMergeKeys {
                    XCTFail("\(id): document \(k + 1) has a merge key the parser did not note")
                }
                let jsonURL = dir.appendingPathComponent("in.json")
                guard FileManager.default.fileExists(atPath: jsonURL.path) else { continue }
                jsonCompared += 1
                let expected: [J]
                do { expected = try JSONSequence.parse(String(decoding: try Data(contentsOf: jsonURL), as: UTF8.self)) } catch {
                    XCTFail("\(id): cannot read in.json: \(error)")
                    continue
                }
                let got = stream.documents.map { J($0.root.json()) }
                if got != expected {
                    failures[id] = "JSON differs: expected \(expected.map(\.description).joined(separator: " ")), got \(got.map(\.description).joined(separator: " "))"
                }
            }
        }

        for (id, reason) in failures.sorted(by: { $0.key < $1.key }) where known[id] == nil {
            XCTFail("\(id) fails and is not a known libyaml disagreement: \(reason)")
        }
        for id in known.keys.sorted() where failures[id] == nil {
            if cases.contains(id) {
                XCTFail("\(id) passes now: remove it from \(Self.knownFailuresURL.lastPathComponent)")
            } else {
                XCTFail("\(id) is listed in \(Self.knownFailuresURL.lastPathComponent) but is not a case of the suite")
            }
        }
        let passing = cases.count - failures.count
        print("""
            YAML test suite: \(cases.count) cases, \(passing) passing, \(failures.count) failing \
            (\(failures.keys.filter { known[$0] != nil }.count) known libyaml disagreements); \
            \(errorCasesRejected) of \(errorCases) error cases rejected; \(jsonCompared) in.json compared
            """)
    }

    /// The known-failures list is well-formed: `ID<tab>reason`, sorted, no duplicates.
    func testKnownFailuresListIsWellFormed() throws {
        let text = try String(contentsOf: Self.knownFailuresURL, encoding: .utf8)
        var previous = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty && !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            XCTAssertEqual(parts.count, 2, "not ID<tab>reason: \(line)")
            guard parts.count == 2 else { continue }
            XCTAssertFalse(parts[1].trimmingCharacters(in: .whitespaces).isEmpty, "no reason: \(line)")
            XCTAssertLessThan(previous, String(parts[0]), "not sorted or duplicated: \(parts[0])")
            previous = String(parts[0])
        }
    }

    // MARK: - Running a case

    enum Outcome {
        case parsed(YAMLStream)
        case rejected(YAMLError)
        case hung
    }

    /// `YAMLParser.parse(bytes:streamingItemsOf:each:)` on every case: the same outcome as a
    /// whole parse (the same error, or the same documents), and where the first document's root
    /// is a mapping with a list under a scalar key, that list's items handed over in order, equal
    /// to the whole parse's (marks included) and left out of the tree.
    func testStreamedItemsAgreeWithTheTreeOnEveryCase() throws {
        let suite = Self.suiteURL
        guard FileManager.default.fileExists(atPath: suite.path) else { return } // testEveryCase says so
        var streamedCases = 0
        for id in try Self.caseIDs(in: suite) {
            guard let data = FileManager.default.contents(atPath: suite.appendingPathComponent(id).appendingPathComponent("in.yaml").path) else { continue }
            let bytes = [UInt8](data)
            let whole: YAMLStream
            do { whole = try YAMLParser().parse(bytes: bytes) } catch {
                XCTAssertThrowsError(try YAMLParser().parse(bytes: bytes, streamingItemsOf: "x") { _ in }) { e in
                    XCTAssertEqual((e as? YAMLError)?.description, error.description, id)
                }
                continue
            }
            // The first scalar key of the first root mapping whose value is a list, if any.
            let pairs = whole.documents.first?.root.pairs ?? []
            let key = pairs.first { $0.key.scalar != nil && $0.value.items != nil }?.key.scalar ?? "no such key"
            var items: [String] = []
            let streamed = try YAMLParser().parse(bytes: bytes, streamingItemsOf: key) { items.append($0.json(marks: true).serialized(indent: nil)) }
            let expected = whole.documents.first?.root[key]?.items?.map { $0.json(marks: true).serialized(indent: nil) } ?? []
            XCTAssertEqual(items, expected, id)
            if !items.isEmpty { streamedCases += 1 }
            // The tree is the same but for the list, which is left empty.
            var wholeDocs = whole.documents.map { $0.root.json(marks: true).serialized(indent: nil) }
            if !items.isEmpty, var first = whole.documents.first?.root, let k = first.pairs?.firstIndex(where: { $0.key.scalar == key }),
               case .mapping(var ps) = first.content {
                ps[k].value.content = .sequence([])
                first.content = .mapping(ps)
                wholeDocs[0] = first.json(marks: true).serialized(indent: nil)
            }
            XCTAssertEqual(streamed.documents.map { $0.root.json(marks: true).serialized(indent: nil) }, wholeDocs, id)
        }
        XCTAssertGreaterThan(streamedCases, 20, "cases with a streamed list")
    }

    /// Parses a case's in.yaml on another thread, giving up after `caseTimeout`.
    static func run(_ dir: URL) -> Outcome {
        guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent("in.yaml").path) else {
            return .rejected(YAMLError("cannot read in.yaml", at: .start))
        }
        let bytes = [UInt8](data)
        let box = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let outcome: Outcome
            do throws(YAMLError) { outcome = .parsed(try YAMLParser().parse(bytes: bytes)) } catch { outcome = .rejected(error) }
            box.set(outcome)
            done.signal()
        }
        guard done.wait(timeout: .now() + caseTimeout) == .success else { return .hung }
        return box.get() ?? .hung
    }

    final class OutcomeBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Outcome?
        func set(_ v: Outcome) { lock.lock(); value = v; lock.unlock() }
        func get() -> Outcome? { lock.lock(); defer { lock.unlock() }; return value }
    }

    /// Case IDs: folders holding an in.yaml, relative to the suite (`2AUY`, `SM9W/01`).
    static func caseIDs(in suite: URL) throws -> [String] {
        var ids: [String] = []
        let fm = FileManager.default
        for top in try fm.contentsOfDirectory(atPath: suite.path).sorted() where !top.hasPrefix(".") {
            let dir = suite.appendingPathComponent(top)
            if fm.fileExists(atPath: dir.appendingPathComponent("in.yaml").path) { ids.append(top); continue }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            for sub in try fm.contentsOfDirectory(atPath: dir.path).sorted()
            where fm.fileExists(atPath: dir.appendingPathComponent(sub).appendingPathComponent("in.yaml").path) {
                ids.append(top + "/" + sub)
            }
        }
        return ids
    }

    static func knownFailures() throws -> [String: String] {
        let text = try String(contentsOf: knownFailuresURL, encoding: .utf8)
        var known: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 { known[String(parts[0])] = String(parts[1]) }
        }
        return known
    }
}

// MARK: - JSON for comparison

/// A JSON value compared structurally: object keys in any order, numbers by value.
enum J: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([J])
    case object([String: J])
    /// An object with a repeated key: never equal to what the suite expects.
    case invalid(String)

    init(_ v: JSONValue) {
        switch v {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let s):
            if let d = Double(s) { self = .number(d) } else { self = .invalid("number \(s)") }
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(J.init))
        case .object(let pairs):
            var dict: [String: J] = [:]
            for (k, v) in pairs {
                if dict[k] != nil { self = .invalid("repeated key \(k)"); return }
                dict[k] = J(v)
            }
            self = .object(dict)
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .string(let s):
            var out = ""
            JSONValue.writeString(s, to: &out)
            return out
        case .array(let items): return "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let dict):
            return "{" + dict.sorted { $0.key < $1.key }.map { J.string($0.key).description + ":" + $0.value.description }
                .joined(separator: ",") + "}"
        case .invalid(let why): return "<invalid: \(why)>"
        }
    }
}

/// Reads a sequence of JSON texts (the suite's in.json holds one per document).
struct JSONSequence {
    struct ParseError: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "malformed JSON at byte \(offset)" }
    }

    private let b: [UInt8]
    private var i = 0

    static func parse(_ text: String) throws -> [J] {
        var p = JSONSequence(b: Array(text.utf8))
        var values: [J] = []
        p.skipSpace()
        while p.i < p.b.count {
            values.append(try p.value())
            p.skipSpace()
        }
        return values
    }

    private init(b: [UInt8]) { self.b = b }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ word: String) throws {
        let w = Array(word.utf8)
        guard i + w.count <= b.count, Array(b[i..<i + w.count]) == w else { throw ParseError(offset: i) }
        i += w.count
    }

    private mutating func value() throws -> J {
        skipSpace()
        guard i < b.count else { throw ParseError(offset: i) }
        switch b[i] {
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "["):
            i += 1
            var items: [J] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                guard i < b.count else { throw ParseError(offset: i) }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw ParseError(offset: i)
            }
        case UInt8(ascii: "{"):
            i += 1
            var dict: [String: J] = [:]
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(dict) }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw ParseError(offset: i) }
                let key = try string()
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw ParseError(offset: i) }
                i += 1
                dict[key] = try value()
                skipSpace()
                guard i < b.count else { throw ParseError(offset: i) }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(dict) }
                throw ParseError(offset: i)
            }
        default:
            let start = i
            while i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: ".")
                    || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") || (b[i] >= 0x30 && b[i] <= 0x39) {
                i += 1
            }
            guard i > start, let d = Double(String(decoding: b[start..<i], as: UTF8.self)) else { throw ParseError(offset: start) }
            return .number(d)
        }
    }

    private mutating func string() throws -> String {
        i += 1 // opening quote
        var out: [UInt8] = []
        func hex4() throws -> UInt32 {
            guard i + 4 <= b.count, let v = UInt32(String(decoding: b[i..<i + 4], as: UTF8.self), radix: 16) else {
                throw ParseError(offset: i)
            }
            i += 4
            return v
        }
        while i < b.count {
            let c = b[i]
            i += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            guard i < b.count else { break }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var v = try hex4()
                if v >= 0xD800, v < 0xDC00, i + 6 <= b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(v).map(Character.init) ?? "\u{FFFD}").utf8))
            default: out.append(e) // \" \\ \/
            }
        }
        throw ParseError(offset: i)
    }
}
