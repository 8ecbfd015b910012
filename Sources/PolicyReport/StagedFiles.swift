import Foundation

/// Writes report files so that they appear whole or not at all. Each text goes to a temporary
/// file beside its target (`.NAME.policylint-XXXXXX`), is flushed to disk, and only when every
/// report of the run is staged are they renamed over their targets. A run that fails or is killed
/// before then leaves the targets as they were (a killed run may leave a hidden temporary file;
/// `cleanUp()` removes them on SIGINT/SIGTERM).
///
/// What is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is written in place:
/// a rename would replace the device or pipe itself. A symbolic link to a regular file stays a
/// link; the file it points to is replaced.
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

    /// Whether files are written unnamed until complete (O_TMPFILE) where the system allows it;
    /// false always names them at once (the fallback, tested on its own).
    let unnamedFiles: Bool

    public init(unnamedFiles: Bool = true) {
        self.unnamedFiles = unnamedFiles
    }

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
        let file = try open(for: path)
        do throws(Failure) {
            try produce { (chunk: ArraySlice<UInt8>) throws(Failure) in try file.write(chunk) }
            try file.close()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Opens a temporary file for `path`, to be written in pieces while a run goes on; `commit()`
    /// renames it once it is closed. A failed write abandons it (the target stays as it was).
    public func open(for path: String) throws(Failure) -> StagedFile {
        switch StagedFiles.destination(of: path) {
        case .inPlace:
            // A device, FIFO or socket (`-o /dev/null`, `/dev/stdout`, a named pipe): renaming a
            // file over it would replace the device itself, so it is written as it is.
            let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
            return StagedFile(fd: fd, temp: nil, prefix: "", path: path, owner: self, inPlace: true)
        case .staged(let target):
            return try stage(for: path, writingTo: target)
        }
    }

    /// Where a report for `path` goes.
    enum Destination: Equatable {
        /// Written straight into `path`, which is not a regular file (or a link to one in /proc).
        case inPlace
        /// Staged beside `target` and renamed over it: `path` itself, or the regular file a
        /// symbolic link at `path` points to (the link stays a link).
        case staged(target: String)
    }

    static func destination(of path: String) -> Destination {
        var st = stat()
        guard stat(path, &st) == 0 else { return .staged(target: path) }  // new file (or an error open reports)
        let kind = st.st_mode & S_IFMT
        if kind == S_IFDIR { return .staged(target: path) }  // refused with a message when opened
        if kind != S_IFREG { return .inPlace }
        var link = stat()
        guard lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK else { return .staged(target: path) }
        // `/dev/stdout` redirected to a file resolves to that file, which the shell holds open:
        // a file renamed over it would not be the one the shell reads.
        guard !path.hasPrefix("/dev/"), let resolved = realpath(path, nil) else { return .inPlace }
        defer { free(resolved) }
        let target = String(cString: resolved)
        return target.hasPrefix("/proc/") ? .inPlace : .staged(target: target)
    }

    private func stage(for path: String, writingTo target: String) throws(Failure) -> StagedFile {
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw Failure(path: path, reason: "folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDir), isDir.boolValue {
            throw Failure(path: path, reason: "is a folder")
        }
        let prefix = folder + "/." + url.lastPathComponent + ".policylint-"
        // A file with no name while it is written (Linux O_TMPFILE): a run killed while linting,
        // even by SIGKILL, leaves nothing behind. It gets its temporary name when it is complete.
        // Naming it later goes through /proc/self/fd: without /proc, use a named file at once.
        let anonymous = unnamedFiles && StagedFiles.procAvailable ? Foundation.open(folder, StagedFiles.openTemporaryFile | O_RDWR | O_CLOEXEC, 0o600) : -1
        if anonymous >= 0 { return StagedFile(fd: anonymous, temp: nil, prefix: prefix, path: path, target: target, owner: self) }
        // Elsewhere (old kernels, some file systems): a named temporary file from the start.
        var template = Array((prefix + "XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        remember(temp, target)
        return StagedFile(fd: fd, temp: temp, prefix: prefix, path: path, target: target, owner: self)
    }

    /// `O_TMPFILE`, which Glibc's Swift module does not export (a macro of two flags):
    /// `__O_TMPFILE` is 0o20000000 on x86-64 and ARM64; `O_DIRECTORY` differs and is exported.
    static let openTemporaryFile: Int32 = 0o20000000 | O_DIRECTORY

    static let procAvailable = access("/proc/self/fd", X_OK) == 0

    fileprivate func remember(_ temp: String, _ target: String) {
        lock.lock(); staged.append((temp, target)); lock.unlock()
    }

    fileprivate func forget(_ temp: String) {
        lock.lock(); staged.removeAll { $0.temp == temp }; lock.unlock()
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
        try write(to: path) { (put: (ArraySlice<UInt8>) throws(Failure) -> Void) throws(Failure) in try put(ArraySlice(text.utf8)) }
    }

    /// Writes one file atomically, in the pieces `produce` hands to its writer. If `produce`
    /// throws, the target is left as it was.
    public static func write(to path: String, _ produce: ((ArraySlice<UInt8>) throws(Failure) -> Void) throws(Failure) -> Void) throws(Failure) {
        let files = StagedFiles()
        do {
            try files.stage(for: path, produce)
            try files.commit()
        } catch {
            files.discard()
            throw error
        }
    }
}

/// A report file being written aside (see `StagedFiles.open(for:)`).
public final class StagedFile {
    let fd: Int32
    /// The temporary name; nil while the file has none (O_TMPFILE).
    private var temp: String?
    private let prefix: String
    /// The path the run was given (for messages).
    public let path: String
    /// The file the staged one is renamed over: `path`, or where its symbolic link points.
    private let target: String
    /// Written straight into `path` (a device or pipe), never renamed.
    private let inPlace: Bool
    private weak var owner: StagedFiles?
    private var open = true

    fileprivate init(fd: Int32, temp: String?, prefix: String, path: String, target: String? = nil, owner: StagedFiles,
                     inPlace: Bool = false) {
        self.fd = fd
        self.temp = temp
        self.prefix = prefix
        self.path = path
        self.target = target ?? path
        self.inPlace = inPlace
        self.owner = owner
    }

    func failure(_ code: Int32 = errno) -> StagedFiles.Failure {
        StagedFiles.Failure(path: path, reason: String(cString: strerror(code)))
    }

    public func write(_ chunk: ArraySlice<UInt8>) throws(StagedFiles.Failure) {
        var offset = chunk.startIndex
        while offset < chunk.endIndex {
            let n = chunk[offset...].withUnsafeBufferPointer { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure()
            }
            offset += n
        }
    }

    public func write(_ bytes: [UInt8]) throws(StagedFiles.Failure) { try write(bytes[...]) }

    /// Gives it the target's mode (an existing file's, else 0666 less the umask: temporary files
    /// are 0600, but a report is for sharing), flushes it to disk, names it if it has no name yet,
    /// and closes it. `StagedFiles.commit()` then renames it over the target.
    public func close() throws(StagedFiles.Failure) {
        if inPlace {
            open = false
            if Foundation.close(fd) != 0 { throw failure() }
            return
        }
        var mode: mode_t
        var st = stat()
        if stat(target, &st) == 0 {
            mode = st.st_mode & 0o7777
        } else {
            let mask = umask(0)
            umask(mask)
            mode = 0o666 & ~mask
        }
        fchmod(fd, mode)
        if fsync(fd) != 0 { throw failure() }
        if temp == nil {
            // linkat through /proc gives the anonymous file a name (open(2), O_TMPFILE).
            while true {
                let name = prefix + String(UInt64.random(in: 0...UInt64.max), radix: 36)
                if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 {
                    temp = name
                    owner?.remember(name, target)
                    break
                }
                if errno != EEXIST { throw failure() }
            }
        }
        open = false
        if Foundation.close(fd) != 0 { throw failure() }
    }

    /// Closes and removes the temporary file; the target is untouched.
    public func abandon() {
        if open { Foundation.close(fd); open = false }
        if let temp {
            unlink(temp)
            owner?.forget(temp)
        }
    }
}
