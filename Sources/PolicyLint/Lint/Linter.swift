import Foundation
import PolicyYAML

/// The outcome of linting one input.
public struct FileResult: Sendable {
    public var file: String
    public var findings: [Finding] = []
    /// Set when the file could not be linted; its findings are then empty.
    public var error: InputError?
    /// The decoded source, for reporters that show lines.
    public var source: SourceText?
    public var documents = 0
    /// `policy.name`, `owner` and `version` of the first document, as written (nil: not a
    /// parsed YAML file); reports show them without parsing the file again.
    public var header: PolicyHeader?
}

/// The scalars of a policy's `policy:` section that name it.
public struct PolicyHeader: Sendable, Equatable {
    public var name: String?
    public var owner: String?
    public var version: String?

    public init(name: String? = nil, owner: String? = nil, version: String? = nil) {
        self.name = name
        self.owner = owner
        self.version = version
    }

    /// From a document's root: its `policy` mapping's scalars, nil fields where there are none.
    public init(root: YAMLNode) {
        let policy = root["policy"]
        self.init(name: policy?["name"]?.scalar, owner: policy?["owner"]?.scalar, version: policy?["version"]?.scalar)
    }
}

/// Lints files: read, decode, parse, build the policy model, run the engine.
public struct Linter: Sendable {
    public var engine: Engine
    public var limits: YAMLLimits
    /// Most findings in one file; a file with more is an input error (Lint/Limits.swift).
    public var maxFindingsPerFile = LimitSettings.defaultMaxFindings
    /// The language of documents that do not set `policy.language`.
    public var defaultLanguage = "en"
    /// Whether the terms' prose may come straight from the parser's events (`TermsCollector`)
    /// when no rule reads `terms` in the tree. Off only where tests and the fuzz target compare
    /// both ways; the results are the same.
    public var collectsTerms = true

    public init(engine: Engine, limits: YAMLLimits = .default) {
        self.engine = engine
        self.limits = limits
    }

    /// Lints in parallel on `jobs` threads; results come back in input order.
    /// `finish` runs on the worker right after each file (per-file work such as suppression
    /// comments belongs there, not in a serial pass over all results afterwards).
    public func lint(files: [String], jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                     progress: (@Sendable (Int) -> Void)? = nil,
                     finish: (@Sendable (inout FileResult) -> Void)? = nil) -> [FileResult] {
        var results: [FileResult] = []
        results.reserveCapacity(files.count)
        let counter = SharedCounter()
        OrderedParallel.run(count: files.count, jobs: jobs, work: { i in
            var r = lint(file: files[i])
            finish?(&r)
            progress?(counter.increment())
            return r
        }, deliver: { _, r in results.append(r) })
        return results
    }

    public func lint(file: String) -> FileResult {
        if file == "-" {
            do { return lint(bytes: try BoundedRead.standardInput(limit: limits.maxFileBytes), file: "<stdin>") } catch {
                return FileResult(file: "<stdin>", error: error)
            }
        }
        do {
            let bytes = try readFile(file)
            return lint(bytes: bytes, file: file)
        } catch {
            return FileResult(file: file, error: error)
        }
    }

    func readFile(_ path: String) throws(InputError) -> [UInt8] {
        if path == "-" { return try BoundedRead.standardInput(limit: limits.maxFileBytes) }
        // POSIX calls: Foundation's FileHandle and Data cost a copy and several objects a file.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR, ELOOP:
                throw InputError(file: path, message: FileDiscovery.isBrokenLink(path) ? FileDiscovery.brokenLinkMessage : "no such file")
            case EISDIR: throw InputError(file: path, message: "is a folder, not a policy file")
            default: throw InputError(file: path, message: "cannot read file (permission denied?)")
            }
        }
        defer { close(fd) }
        var st = stat()
        let known = fstat(fd, &st) == 0
        let isRegular = known && (st.st_mode & S_IFMT) == S_IFREG
        if known, (st.st_mode & S_IFMT) == S_IFDIR {
            throw InputError(file: path, message: "is a folder, not a policy file")
        }
        // Read at most one byte over the limit, so a huge file costs nothing to reject. A
        // regular file's buffer has room for its end to be seen and for the zeros `SourceText`
        // keeps after the text (without them it would copy the file into a larger array).
        let (data, failure) = BoundedRead.read(fd, upTo: limits.maxFileBytes + 1,
                                               expecting: isRegular ? Int(st.st_size) + 1 + SourceText.trailingZeros : 64 * 1024)
        if let failure { throw InputError(file: path, message: "cannot read file (\(String(cString: strerror(failure))))") }
        if data.count > limits.maxFileBytes {
            // The size of what was opened (a link's target); a device or a growing file may not have one.
            let size = isRegular ? Int(st.st_size) : 0
            let limit = YAMLLimits.describe(bytes: limits.maxFileBytes)
            throw InputError(file: path, message: size > limits.maxFileBytes
                ? "file is \(size >= 1024 * 1024 ? "\(size / (1024 * 1024)) MB" : YAMLLimits.describe(bytes: size)), over the \(limit) limit (--max-file-size)"
                : "file is over the \(limit) limit (--max-file-size)")
        }
        return data
    }

    /// Lints bytes that came from `file`.
    public func lint(bytes: [UInt8], file: String) -> FileResult {
        // Terms in plain text, Markdown or HTML: imported in memory (Import/Linter+Import.swift).
        if let format = ProseFormat(path: file) { return lintImported(bytes: bytes, file: file, format: format) }
        var result = FileResult(file: file)
        if bytes.isEmpty || bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            result.error = InputError(file: file, message: "empty file: a policy needs at least a 'policy:' section")
            return result
        }
        let stream: YAMLStream
        // The terms' prose from the events when no rule reads them in the tree; an unusual
        // shape of terms makes the collector give up, and the file is parsed into a whole tree.
        let terms = collectsTerms && !engine.ruleSet.readsTermsTree ? TermsCollector() : nil
        do throws(YAMLError) {
            let parser = YAMLParser(limits: limits)
            if let terms {
                switch try parser.parse(bytes: bytes, intercepting: "terms", sink: terms) {
                case .parsed(let parsed): stream = parsed
                case .gaveUp(let source):
                    terms.discard()
                    stream = try parser.parse(source: source)
                }
            } else {
                stream = try parser.parse(bytes: bytes)
            }
        } catch {
            result.error = InputError(file: file, error)
            return result
        }
        result.source = stream.source
        let docs = stream.documents.indices.filter { !stream.documents[$0].root.isNull }
        result.header = docs.first.map { PolicyHeader(root: stream.documents[$0].root) } ?? PolicyHeader()
        if docs.isEmpty {
            result.error = InputError(file: file, message: "no YAML document: a policy needs at least a 'policy:' section")
            return result
        }
        for d in docs {
            let doc = stream.documents[d]
            guard doc.root.pairs != nil else {
                result.error = InputError(file: file, line: doc.root.start.line, column: doc.root.start.column,
                                          message: "the document is \(doc.root.kindName), but a policy is a mapping with a 'policy:' section")
                result.findings = []
                return result
            }
        }
        result.documents = docs.count
        for d in docs {
            let doc = stream.documents[d]
            // Past the findings limit the file is rejected whatever the rest says: the walk and
            // the check stop keeping findings once there are more than the limit leaves room for.
            let room = maxFindingsPerFile - result.findings.count
            let document = PolicyDocument(root: doc.root, source: stream.source, defaultLanguage: defaultLanguage,
                                          mayHaveMergeKeys: doc.hasMergeKeys,
                                          terms: doc.interceptedValue ? terms?.takeDocument(d) ?? ProseList() : nil,
                                          maxIssues: room &+ 1)
            do {
                let found = try engine.check(document, file: file, limit: room)
                // One document (nearly every file): take the array, not a copy of each finding.
                if result.findings.isEmpty { result.findings = found } else { result.findings += found }
                if result.findings.count > maxFindingsPerFile { break }
            } catch {
                result.error = error
                result.findings = []
                return result
            }
        }
        applyFindingsLimit(&result)
        return result
    }
}

/// A counter shared by worker threads (files done, for progress).
final class SharedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
