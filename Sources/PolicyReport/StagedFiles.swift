import Foundation

/// Writes report files so that they appear whole or not at all. Each text goes to a temporary
/// file beside its target (`.NAME.policylint-XXXXXX`), is flushed to disk, and only when every
/// report of the run is staged are they renamed over their targets. A run that fails or is killed
/// before then leaves the targets as they were (a killed run may leave a hidden temporary file;
/// `cleanUp()` removes them on SIGINT/SIGTERM).
public final class StagedFiles: @unchecked Sendable {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write: \(reason)" }

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    private let lock = NSLock()
    private var staged: [(temp: String, target: String)] = []

    public init() {}

    /// Every temporary file staged and not yet renamed.
    public var temporaryFiles: [String] { lock.lock(); defer { lock.unlock() }; return staged.map(\.temp) }

    /// Writes `text` aside for `path`.
    public func stage(_ text: String, for path: String) throws(Failure) {
        try stage(for: path) { (write: (ArraySlice<UInt8>) throws(Failure) -> Void) throws(Failure) in
            try write(ArraySlice(Array(text.utf8)))
        }
    }

    /// Writes aside for `path` through `produce`, which calls the given writer with chunks.
    /// If `produce` throws, the temporary file is removed and the target is untouched.
    public func stage(for path: String, _ produce: ((ArraySlice<UInt8>) throws(Failure) -> Void) throws(Failure) -> Void) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw Failure(path: path, reason: "folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw Failure(path: path, reason: "is a folder")
        }
        var template = Array((folder + "/." + url.lastPathComponent + ".policylint-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        lock.lock(); staged.append((temp, path)); lock.unlock()
        var closed = false
        do throws(Failure) {
            try produce { (chunk: ArraySlice<UInt8>) throws(Failure) in
                var offset = chunk.startIndex
                while offset < chunk.endIndex {
                    let n = chunk[offset...].withUnsafeBufferPointer { Foundation.write(fd, $0.baseAddress, $0.count) }
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw Failure(path: path, reason: String(cString: strerror(errno)))
                    }
                    offset += n
                }
            }
            // mkstemp makes 0600; a report is for sharing: keep an existing file's mode, else 0666 less the umask.
            var mode: mode_t
            var st = stat()
            if stat(path, &st) == 0 {
                mode = st.st_mode & 0o7777
            } else {
                let mask = umask(0)
                umask(mask)
                mode = 0o666 & ~mask
            }
            fchmod(fd, mode)
            if fsync(fd) != 0 { throw Failure(path: path, reason: String(cString: strerror(errno))) }
            closed = true
            if close(fd) != 0 { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        } catch {
            if !closed { close(fd) }
            unlink(temp)
            lock.lock(); staged.removeAll { $0.temp == temp }; lock.unlock()
            throw error
        }
    }

    /// Renames every staged file over its target.
    public func commit() throws(Failure) {
        lock.lock()
        let list = staged
        staged = []
        lock.unlock()
        for (i, (temp, target)) in list.enumerated() {
            if rename(temp, target) != 0 {
                let reason = String(cString: strerror(errno))
                for (t, _) in list[i...] { unlink(t) }
                throw Failure(path: target, reason: reason)
            }
        }
    }

    /// Removes every staged file (nothing is renamed).
    public func discard() {
        lock.lock()
        let list = staged
        staged = []
        lock.unlock()
        for (temp, _) in list { unlink(temp) }
    }

    /// Writes one file atomically.
    public static func write(_ text: String, to path: String) throws(Failure) {
        let files = StagedFiles()
        do {
            try files.stage(text, for: path)
            try files.commit()
        } catch {
            files.discard()
            throw error
        }
    }
}
