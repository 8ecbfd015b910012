import Foundation

/// Bytes a report must hold back until the end (JUnit's totals come before its test suites):
/// kept in memory up to `memoryLimit`, then in an anonymous temporary file, so that a run's
/// memory does not grow with its output.
///
/// The file comes from `tmpfile()`: already unlinked, it disappears with the process whatever
/// happens. Where none can be made, or the disk fills, the rest stays in memory: the report is
/// the same, the run only larger in memory. The file's bytes always precede the memory's.
final class ReportSpool: @unchecked Sendable {
    private var memory: [UInt8] = []
    private var file: UnsafeMutablePointer<FILE>?
    /// Bytes in the file.
    private var spilled = 0
    /// Set when no file could be made or written: no more spilling.
    private var inMemoryOnly = false
    private let memoryLimit: Int

    /// Largest piece `drain` hands over.
    static let pieceSize = 1 << 20

    init(memoryLimit: Int = 8 << 20) {
        self.memoryLimit = memoryLimit
    }

    deinit {
        if let file { fclose(file) }
    }

    /// Bytes held, in the file and in memory.
    var count: Int { spilled + memory.count }
    /// Bytes held in memory (tests: the rest is in the file).
    var inMemory: Int { memory.count }

    func append<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        memory.append(contentsOf: bytes)
        if memory.count >= memoryLimit, !inMemoryOnly { spill() }
    }

    /// Moves what is in memory to the end of the file.
    private func spill() {
        if file == nil { file = tmpfile() }
        guard let file else { inMemoryOnly = true; return }
        let written = memory.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        spilled += written
        if written == memory.count {
            memory.removeAll(keepingCapacity: true)
        } else {
            memory.removeFirst(written) // what the file took is read back from it
            inMemoryOnly = true
        }
    }

    /// Appends `bytes` and returns where they are among the bytes held (for `read(_:into:)`).
    @discardableResult
    func appendBlock(_ bytes: [UInt8]) -> Range<Int> {
        let start = count
        append(bytes)
        return start..<(start + bytes.count)
    }

    /// Hands the held bytes `range` to `write`, in order, in pieces of at most `pieceSize`, and
    /// keeps them (an audit report reads its policies' blocks back in another order than they
    /// came). Returns false if the file could not be read back (the caller must not pass the
    /// report off as complete). Appending after reading is allowed.
    func read(_ range: Range<Int>, into write: ([UInt8]) -> Void) -> Bool {
        var at = max(range.lowerBound, 0)
        let end = min(range.upperBound, count)
        if at < min(end, spilled) {
            guard let file, fflush(file) == 0, fseeko(file, off_t(at), SEEK_SET) == 0 else { return false }
            var piece = [UInt8](repeating: 0, count: min(Self.pieceSize, min(end, spilled) - at))
            while at < min(end, spilled) {
                let want = min(piece.count, min(end, spilled) - at)
                let n = piece.withUnsafeMutableBytes { fread($0.baseAddress, 1, want, file) }
                if n == 0 { return false }
                write(Array(piece[..<n]))
                at += n
            }
            // Later appends go to the end of the file again.
            if fseeko(file, 0, SEEK_END) != 0 { return false }
        }
        while at < end {
            let next = min(at + Self.pieceSize, end)
            write(Array(memory[(at - spilled)..<(next - spilled)]))
            at = next
        }
        return true
    }

    /// Hands every byte, in order, to `write` in pieces of at most `pieceSize`, and empties the
    /// spool. Returns false if the file could not be read back whole (then its bytes are
    /// missing from what was written: the caller must not pass the report off as complete).
    @discardableResult
    func drain(_ write: ([UInt8]) -> Void) -> Bool {
        var complete = true
        if let file {
            complete = fflush(file) == 0 && fseek(file, 0, SEEK_SET) == 0
            var piece = [UInt8](repeating: 0, count: Self.pieceSize)
            var left = complete ? spilled : 0
            while left > 0 {
                let n = piece.withUnsafeMutableBytes { fread($0.baseAddress, 1, min(left, Self.pieceSize), file) }
                if n == 0 { complete = false; break }
                write(Array(piece[..<n]))
                left -= n
            }
            fclose(file)
            self.file = nil
        }
        var offset = 0
        while offset < memory.count {
            let end = min(offset + Self.pieceSize, memory.count)
            write(Array(memory[offset..<end]))
            offset = end
        }
        memory = []
        spilled = 0
        inMemoryOnly = false
        return complete
    }
}
