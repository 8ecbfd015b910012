/// One file's part of a report (JSON, SARIF, text, GitHub, Checkstyle; JUnit's suites). Nearly
/// every part is small and stays in memory. The part of a file with many thousands of findings (a raised
/// `--max-findings`) goes, past `ChunkBytes.memoryLimit`, to an unlinked temporary file while it
/// is written (`ReportBytes.spill(over:into:)`): holding it whole cost about twice its size, 33 MB
/// for the 16.7 MB of JSON of an 8 MB file's 21,400 findings, and set that run's peak memory.
public struct ChunkBytes: @unchecked Sendable {
    /// The part's first bytes, when it outgrew memory. Written by the worker that made the part,
    /// then read by the thread that delivers it: never by two threads at once.
    var spool: ReportSpool?
    /// The rest (all of it for a small part).
    var tail: [UInt8]

    /// Bytes a part keeps in memory while it is written, before the rest goes to a file.
    static let memoryLimit = 1 << 20

    public static let empty = ChunkBytes(spool: nil, tail: [])

    /// Hands the bytes, in order, to `write` in pieces (one for a part kept in memory); they can
    /// be read again (the temporary file goes when the last copy of the part does). Returns why
    /// the part could not be read back whole, if it could not.
    func forEachPiece(_ write: ([UInt8]) -> Void) -> String? {
        if let spool, spool.count > 0 {
            guard spool.read(0..<spool.count, into: write) else { return "a file's report part could not be read back from its temporary file" }
        }
        if !tail.isEmpty { write(tail) }
        return nil
    }

    /// All the bytes in one array (tests, whole-run renders).
    var bytes: [UInt8] {
        var all: [UInt8] = []
        _ = forEachPiece { all += $0 }
        return all
    }
}

/// A writer of one file's report part over `ReportBytes` (`FindingJSON`, `IndentedJSONWriter`).
protocol PartWriter: ~Copyable {
    /// Whether what is written since the last spill is still in the buffer the writer was
    /// given (`ReportBytes.init(writingInto:)`), its first `count` bytes.
    var isInGivenBuffer: Bool { get }
    var count: Int { get }
    /// What went to a temporary file past the part's memory limit.
    var spool: ReportSpool? { get }
    /// Everything written, copied into a part.
    var chunk: ChunkBytes { get }
}

extension ChunkBytes {
    /// A part written straight into the array it is handed over in, `capacity` bytes of room
    /// (`make` builds the writer over them, `write` writes): no copy of the part. If the room
    /// runs out the writer moves to a buffer of its own and the part is copied out of it, as
    /// every part was (22 MB of copying on the 10 MB benchmark corpus, about 1% of a run).
    static func writtenInPlace<W: PartWriter & ~Copyable>(capacity: Int, _ make: (UnsafeMutableBufferPointer<UInt8>) -> W,
                                                          _ write: (inout W) -> Void) -> ChunkBytes {
        var copied: ChunkBytes?
        var spool: ReportSpool?
        let tail = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var writer = make(buffer)
            write(&writer)
            if writer.isInGivenBuffer {
                initialized = writer.count
                spool = writer.spool
            } else {
                initialized = 0
                copied = writer.chunk
            }
        }
        return copied ?? ChunkBytes(spool: spool, tail: tail)
    }
}

extension ReportSpool {
    /// A part's spool, made on first use; it keeps nothing in memory.
    static func forPart(_ spool: inout ReportSpool?) -> ReportSpool {
        if let spool { return spool }
        let made = ReportSpool(memoryLimit: 0)
        spool = made
        return made
    }
}

extension ReportBytes {
    /// Moves what is written so far to `spool` (made on first use) once it is `limit` bytes or
    /// more, and starts over at the buffer's start: a part's memory stays near `limit`.
    mutating func spill(over limit: Int, into spool: inout ReportSpool?) {
        guard count >= limit else { return }
        let target = ReportSpool.forPart(&spool)
        withContents { target.append($0) }
        removeAll()
    }
}
