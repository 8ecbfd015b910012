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
        var key: String { Entry.key(file: file, fingerprint: fingerprint, match: match) }

        static func key(file: String, fingerprint: String, match: String) -> String {
            file + "\u{0}" + fingerprint + "\u{0}" + Baseline.normalize(match)
        }
    }

    public var entries: [Entry]
    /// The folder entry paths are relative to (absolute).
    public var directory: String

    public init(entries: [Entry] = [], directory: String) {
        self.entries = entries
        self.directory = directory
    }

    /// Case-folded words separated by single spaces: what
    /// `s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")` makes
    /// (the definition; `BaselineTests` checks the two against each other), without asking the
    /// Unicode tables about every character, which took 21% of a `--baseline` run's time.
    static func normalize(_ s: String) -> String {
        var s = s
        if let ascii = s.withUTF8({ normalizeASCII($0) }) { return ascii }
        // Character by character, as the definition splits. An ASCII byte followed by another
        // (or by the end) is a Character of its own and is taken as a byte (CR LF, the one pair
        // of ASCII bytes that is one Character, is white space either way); any other Character
        // (non-ASCII, or ASCII with marks after it) is taken whole, asked whether it is white
        // space (a Character is when its first scalar is) and lower-cased alone, which is the
        // same as in the whole string, since lower-casing maps each scalar on its own.
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        func append(ascii a: UInt8) {
            if a == 0x20 || (a >= 0x09 && a <= 0x0D) { pendingSpace = !out.isEmpty; return }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(a >= 0x41 && a <= 0x5A ? a + 32 : a)
        }
        let utf8 = s.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let b = utf8[i], next = utf8.index(after: i)
            if b < 0x80, next == utf8.endIndex || utf8[next] < 0x80 {
                append(ascii: b)
                i = next
                continue
            }
            let ch = s[i]
            i = s.index(after: i)
            if let a = ch.asciiValue { append(ascii: a); continue }
            if ch.isWhitespace { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(contentsOf: String(ch).lowercased().utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `normalize` of ASCII text, or nil when `bytes` are not all ASCII. The same result: ASCII
    /// letters lower-cased, and runs of the ASCII characters Unicode calls white space (tab, line
    /// feed, vertical tab, form feed, carriage return, space; CR LF is one Character and one run)
    /// as one space, none at either end.
    static func normalizeASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            var n = 0
            var pendingSpace = false
            for b in bytes {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    pendingSpace = n > 0
                    continue
                }
                if pendingSpace { out[n] = 0x20; n += 1; pendingSpace = false }
                out[n] = b >= 0x41 && b <= 0x5A ? b + 32 : b
                n += 1
            }
            return n
        }
    }

    /// The entry path of a finding's file.
    public func entryPath(_ file: String) -> String { Baseline.entryPath(file, directory: directory) }

    /// The entry path of `file` in a baseline whose folder is `directory`.
    static func entryPath(_ file: String, directory: String) -> String {
        file == "<stdin>" ? file : Paths.relativeWithParents(Paths.absolute(file), to: directory)
    }

    /// Records `findings` for a baseline written at `path`.
    public init(findings: [Finding], writtenAt path: String) {
        directory = Paths.parent(path)
        entries = []
        add(entries(findings))
    }

    /// The entries that record `findings` (one file's, as a run hands them over): each file's
    /// entry path is worked out once, not once per finding.
    public func entries(_ findings: [Finding]) -> [Entry] {
        var paths = EntryPaths(directory: directory)
        return findings.map { f in
            Entry(file: paths.path(f.file), rule: f.rule, path: f.location.path, fingerprint: f.fingerprint, match: f.matchedText)
        }
    }

    /// Entry paths of the files met so far in a list of findings (they come file by file).
    struct EntryPaths {
        let directory: String
        private var file: String?
        private var entryPath = ""

        init(directory: String) { self.directory = directory }

        mutating func path(_ file: String) -> String {
            if file != self.file {
                self.file = file
                entryPath = Baseline.entryPath(file, directory: directory)
            }
            return entryPath
        }
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
    ///
    /// It keeps only the keys, not the entries: `load(path:)` reads a baseline file straight
    /// into one, so that a run with `--baseline` holds each entry once, as its key.
    public struct Index: Sendable {
        /// The folder entry paths are relative to (absolute).
        let directory: String
        private(set) var counts: [String: Int] = [:]

        public init(_ baseline: Baseline) {
            directory = baseline.directory
            for e in baseline.entries { add(e) }
        }

        init(directory: String) { self.directory = directory }

        mutating func add(_ e: Entry) { counts[e.key, default: 0] += 1 }

        /// Reads a baseline file into an index, with `Baseline.load`'s checks and errors.
        public static func load(path: String) throws(InputError) -> Index {
            let bytes = try Baseline.read(path: path)
            var index = Index(directory: Paths.absolute(Paths.parent(path)))
            try Baseline.read(bytes: bytes, file: path) { index.add($0) }
            return index
        }

        /// New findings and those the baseline holds (each entry hides one finding).
        public func split(_ findings: [Finding]) -> (new: [Finding], known: [Finding]) {
            guard !counts.isEmpty else { return (findings, []) }
            var used: [String: Int] = [:]
            var new: [Finding] = [], known: [Finding] = []
            var paths = EntryPaths(directory: directory)
            for f in findings {
                let key = Entry.key(file: paths.path(f.file), fingerprint: f.fingerprint, match: f.matchedText)
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
        var out: [UInt8] = []
        render(toolVersion: toolVersion) { (piece: ArraySlice<UInt8>) in out += piece }
        return String(decoding: out, as: UTF8.self)
    }

    /// Hands `rendered`'s text to `write` in pieces of about `pieceSize` bytes, written entry by
    /// entry: the text `JSONValue.serialized(indent: 2)` makes of the whole document
    /// (`BaselineTests` checks the two against each other), without building that document as a
    /// `JSONValue` tree and its text as one more copy of the baseline. `--write-baseline` held
    /// about five times the baseline's size at its end that way (495 MB for a 101 MB baseline).
    public func render<E: Error>(toolVersion: String, pieceSize: Int = 1 << 20,
                                 _ write: (ArraySlice<UInt8>) throws(E) -> Void) throws(E) {
        var out: [UInt8] = []
        out.reserveCapacity(pieceSize + 4096)
        out += "{\n  \"version\": 1,\n  \"tool\": {\n    \"name\": \"policylint\",\n    \"version\": ".utf8
        JSONValue.writeString(toolVersion, to: &out)
        out += "\n  },\n  \"findings\": [".utf8
        for (i, e) in entries.enumerated() {
            out += (i == 0 ? "\n    " : ",\n    ").utf8
            JSONValue.object([("file", .string(e.file)), ("rule", .string(e.rule)), ("path", .string(e.path)),
                              ("fingerprint", .string(e.fingerprint)), ("match", .string(e.match))])
                .write(to: &out, indent: 2, level: 2)
            if out.count >= pieceSize {
                try write(out[...])
                out.removeAll(keepingCapacity: true)
            }
        }
        out += (entries.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8
        try write(out[...])
    }

    /// Largest baseline read: a run's own baseline outgrows the 10 MB a policy file may be (about
    /// 370 bytes a finding: 40,000 findings wrote 14.6 MB, which could not be read back).
    /// `--write-baseline` refuses to write more than this.
    public static let maxBytes = 100 * 1024 * 1024

    /// Reads a baseline file; mistakes are errors at their position.
    public static func load(path: String) throws(InputError) -> Baseline {
        try parse(bytes: read(path: path), file: path, directory: Paths.parent(path))
    }

    /// A baseline file's bytes (bounded; never a FIFO).
    static func read(path: String) throws(InputError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, message: "no such baseline file (write one with --write-baseline)")
        }
        return try BoundedRead.regularFile(path, limit: maxBytes, noun: "baseline")
    }

    public static func parse(bytes: [UInt8], file: String, directory: String) throws(InputError) -> Baseline {
        var entries: [Entry] = []
        try read(bytes: bytes, file: file) { entries.append($0) }
        return Baseline(entries: entries, directory: Paths.absolute(directory))
    }

    /// Hands each entry of a baseline file's text to `each`, in order, or throws the first
    /// thing wrong in it: the YAML, then the root, the version, the list, then its findings in
    /// order. The findings are read as the parser completes each (a tree of them all took
    /// several times the file's size), so `each` may have had some when an error is thrown.
    static func read(bytes: [UInt8], file: String, each: (Entry) -> Void) throws(InputError) {
        func fail(_ m: String, _ n: YAMLNode) -> InputError { InputError(file: file, line: n.start.line, column: n.start.column, message: m) }
        func entry(_ item: YAMLNode) throws(InputError) -> Entry {
            guard item.pairs != nil else { throw fail("each finding must be an object", item) }
            func field(_ k: String, required: Bool = true) throws(InputError) -> String {
                guard let v = item[k], let s = v.scalar, !v.isNull || !required else {
                    if required { throw fail("finding has no '\(k)'", item) }
                    return ""
                }
                return v.isNull ? "" : s
            }
            return Entry(file: try field("file"), rule: try field("rule"), path: try field("path", required: false),
                         fingerprint: try field("fingerprint"), match: try field("match", required: false))
        }
        // A wrong finding is kept until the checks that come before it are done.
        var itemError: InputError?
        let stream: YAMLStream
        var limits = YAMLLimits.default
        limits.maxFileBytes = maxBytes
        do {
            stream = try YAMLParser(limits: limits).parse(bytes: bytes, streamingItemsOf: "findings") { item in
                guard itemError == nil else { return }
                do throws(InputError) { each(try entry(item)) } catch { itemError = error }
            }
        } catch { throw InputError(file: file, error) }
        guard let root = stream.documents.first?.root, root.pairs != nil else {
            throw InputError(file: file, message: "a baseline is a JSON object with 'version' and 'findings'")
        }
        guard let version = root["version"], version.scalar == "1" else {
            throw fail("unsupported baseline version (expected \"version\": 1)", root["version"] ?? root)
        }
        guard let list = root["findings"]?.items else { throw fail("'findings' must be a list", root["findings"] ?? root) }
        if let itemError { throw itemError }
        for item in list { each(try entry(item)) } // none: the list's items were streamed
    }
}
