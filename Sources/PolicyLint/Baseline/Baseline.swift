import Foundation
import PolicyYAML

/// Accepted findings, recorded by fingerprint (`--write-baseline FILE`) so that later runs
/// report only new ones (`--baseline FILE`).
///
/// An entry is a file (relative to the baseline's folder), a finding's fingerprint (rule, path in
/// the document, normalised words, occurrence: no line numbers) and the matched words. Lines that
/// shift keep a finding hidden; changing the flagged words, or moving the file, reports it again.
public struct Baseline: Sendable, Equatable {
    public struct Entry: Sendable, Hashable {
        public var file: String
        public var rule: String
        public var path: String
        public var fingerprint: String
        public var match: String

        /// What identifies an entry: file, fingerprint and the words, normalised.
        var key: String { file + "\u{0}" + fingerprint + "\u{0}" + Baseline.normalize(match) }
    }

    public var entries: [Entry]
    /// The folder entry paths are relative to (absolute).
    public var directory: String

    public init(entries: [Entry] = [], directory: String) {
        self.entries = entries
        self.directory = directory
    }

    /// Case-folded words separated by single spaces.
    static func normalize(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The entry path of a finding's file.
    public func entryPath(_ file: String) -> String {
        file == "<stdin>" ? file : Paths.relativeWithParents(Paths.absolute(file), to: directory)
    }

    /// Records `findings` for a baseline written at `path`.
    public init(findings: [Finding], writtenAt path: String) {
        directory = Paths.parent(path)
        entries = []
        add(findings.map(entry))
    }

    /// The entry that records `f`.
    public func entry(_ f: Finding) -> Entry {
        Entry(file: entryPath(f.file), rule: f.rule, path: f.location.path, fingerprint: f.fingerprint, match: f.matchedText)
    }

    /// Adds entries, keeping the file's order (sorted, so that diffs stay small).
    public mutating func add(_ more: [Entry]) {
        entries += more
        entries.sort { ($0.file, $0.rule, $0.path, $0.fingerprint) < ($1.file, $1.rule, $1.path, $1.fingerprint) }
    }

    /// Splits findings into new ones and those the baseline holds. Each entry hides one finding.
    public func filter(_ findings: [Finding]) -> (new: [Finding], known: [Finding]) {
        Index(self).split(findings)
    }

    /// Entry counts by key, for hiding findings file by file on worker threads: keys name their
    /// file, so files never share an entry and each call can count what it used on its own.
    public struct Index: Sendable {
        let baseline: Baseline
        let counts: [String: Int]

        public init(_ baseline: Baseline) {
            self.baseline = baseline
            var counts: [String: Int] = [:]
            for e in baseline.entries { counts[e.key, default: 0] += 1 }
            self.counts = counts
        }

        /// New findings and those the baseline holds (each entry hides one finding).
        public func split(_ findings: [Finding]) -> (new: [Finding], known: [Finding]) {
            guard !counts.isEmpty else { return (findings, []) }
            var used: [String: Int] = [:]
            var new: [Finding] = [], known: [Finding] = []
            for f in findings {
                let key = baseline.entry(f).key
                let n = used[key, default: 0]
                if n < counts[key, default: 0] {
                    used[key] = n + 1
                    known.append(f)
                } else {
                    new.append(f)
                }
            }
            return (new, known)
        }

        /// Removes the findings the baseline holds from one file's findings; returns how many.
        public func hide(_ findings: inout [Finding]) -> Int {
            guard !counts.isEmpty, !findings.isEmpty else { return 0 }
            let (new, known) = split(findings)
            findings = new
            return known.count
        }
    }

    /// The file's text: JSON, one entry per line group, sorted so that diffs stay small.
    public func rendered(toolVersion: String) -> String {
        let list: [JSONValue] = entries.map { e in
            .object([("file", .string(e.file)), ("rule", .string(e.rule)), ("path", .string(e.path)),
                     ("fingerprint", .string(e.fingerprint)), ("match", .string(e.match))])
        }
        let root: JSONValue = .object([
            ("version", .int(1)),
            ("tool", .object([("name", .string("policylint")), ("version", .string(toolVersion))])),
            ("findings", .array(list)),
        ])
        return root.serialized(indent: 2) + "\n"
    }

    /// Largest baseline read: a run's own baseline outgrows the 10 MB a policy file may be (about
    /// 370 bytes a finding: 40,000 findings wrote 14.6 MB, which could not be read back).
    /// `--write-baseline` refuses to write more than this.
    public static let maxBytes = 100 * 1024 * 1024

    /// Reads a baseline file; mistakes are errors at their position.
    public static func load(path: String) throws(InputError) -> Baseline {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, message: "no such baseline file (write one with --write-baseline)")
        }
        let bytes = try BoundedRead.regularFile(path, limit: maxBytes, noun: "baseline") // bounded; never a FIFO
        return try parse(bytes: bytes, file: path, directory: Paths.parent(path))
    }

    public static func parse(bytes: [UInt8], file: String, directory: String) throws(InputError) -> Baseline {
        let stream: YAMLStream
        var limits = YAMLLimits.default
        limits.maxFileBytes = maxBytes
        do { stream = try YAMLParser(limits: limits).parse(bytes: bytes) } catch { throw InputError(file: file, error) }
        guard let root = stream.documents.first?.root, root.pairs != nil else {
            throw InputError(file: file, message: "a baseline is a JSON object with 'version' and 'findings'")
        }
        func fail(_ m: String, _ n: YAMLNode) -> InputError { InputError(file: file, line: n.start.line, column: n.start.column, message: m) }
        guard let version = root["version"], version.scalar == "1" else {
            throw fail("unsupported baseline version (expected \"version\": 1)", root["version"] ?? root)
        }
        guard let list = root["findings"]?.items else { throw fail("'findings' must be a list", root["findings"] ?? root) }
        var entries: [Entry] = []
        for item in list {
            guard item.pairs != nil else { throw fail("each finding must be an object", item) }
            func field(_ k: String, required: Bool = true) throws(InputError) -> String {
                guard let v = item[k], let s = v.scalar, !v.isNull || !required else {
                    if required { throw fail("finding has no '\(k)'", item) }
                    return ""
                }
                return v.isNull ? "" : s
            }
            entries.append(Entry(file: try field("file"), rule: try field("rule"), path: try field("path", required: false),
                                 fingerprint: try field("fingerprint"), match: try field("match", required: false)))
        }
        return Baseline(entries: entries, directory: Paths.absolute(directory))
    }
}
