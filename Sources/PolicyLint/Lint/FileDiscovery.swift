import Foundation

/// Turns command-line paths into the files to lint.
public enum FileDiscovery {
    public struct Result: Sendable {
        /// Files to lint, in a stable order (as given; folders sorted).
        public var files: [String] = []
        /// Paths that could not be used (missing, unreadable folder).
        public var errors: [InputError] = []
        /// YAML files passed over in folders (no `policy` key), for `--verbose`.
        public var skipped: [String] = []
    }

    public static let extensions: Set<String> = ["yaml", "yml"]

    /// Explicit files are always linted; folders are searched recursively for YAML files whose
    /// root mapping has a `policy` key. Symlinked folders are not followed (no loops).
    public static func discover(_ paths: [String], extraExtensions: Set<String> = []) -> Result {
        var result = Result()
        let fm = FileManager.default
        for path in paths {
            if path == "-" { result.files.append(path); continue }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                result.errors.append(InputError(file: path, message: isBrokenLink(path) ? brokenLinkMessage : "no such file or folder"))
                continue
            }
            if !isDir.boolValue { result.files.append(path); continue }
            let url = URL(fileURLWithPath: path)
            guard let walker = fm.enumerator(at: url, includingPropertiesForKeys: [.isDirectoryKey, .isSymbolicLinkKey],
                                             options: [.skipsHiddenFiles]) else {
                result.errors.append(InputError(file: path, message: "cannot read folder"))
                continue
            }
            var found: [String] = []
            for case let item as URL in walker {
                let values = try? item.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey])
                if values?.isDirectory == true { continue }
                if values?.isSymbolicLink == true {
                    // A link to a folder is skipped (loops); a link to a file is linted; a broken
                    // link (to itself, in a loop, to nothing) is passed over.
                    var d: ObjCBool = false
                    if !fm.fileExists(atPath: item.path, isDirectory: &d) || d.boolValue { continue }
                }
                // FIFOs, sockets and devices are never opened: a FIFO would block the run forever.
                if !isRegularFile(item.path) { continue }
                let ext = item.pathExtension.lowercased()
                guard extensions.contains(ext) || extraExtensions.contains(ext) else { continue }
                // Present the path relative to how the user named the folder.
                let relative = String(item.path.dropFirst(url.path.count)).drop { $0 == "/" }
                let shown = path.hasSuffix("/") ? path + relative : path + "/" + relative
                if extensions.contains(ext), !looksLikePolicy(item.path) {
                    result.skipped.append(shown)
                    continue
                }
                found.append(shown)
            }
            result.files += found.sorted()
        }
        return result
    }

    /// Whether `path` (links followed) is a regular file.
    public static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// Whether `path` is a symbolic link whose target cannot be reached (a loop, or missing).
    public static func isBrokenLink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK && stat(path, &st) != 0
    }

    static let brokenLinkMessage = "broken symbolic link (it links to itself, in a loop, or to nothing)"

    /// Why a read failed, in words ("Input/output error"), from the POSIX error under Foundation's.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        for e in [ns, ns.userInfo[NSUnderlyingErrorKey] as? NSError].compactMap({ $0 }) where e.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(e.code)))
        }
        return "read error"
    }

    /// A cheap check that a YAML file's root mapping has a `policy` key: a line `policy:` at
    /// column 1 (possibly after `---`). Full parsing happens when the file is linted.
    public static func looksLikePolicy(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true } // let lint report it
        defer { try? handle.close() }
        // The key is almost always near the top: the first 4 KB usually settle it, so discovery
        // does not read every file whole before linting reads it again.
        let start = (try? handle.read(upToCount: 4 * 1024)) ?? Data()
        if hasPolicyKey(start) { return true }
        guard start.count == 4 * 1024 else { return false }
        return hasPolicyKey(start + ((try? handle.read(upToCount: 60 * 1024)) ?? Data()))
    }

    static func hasPolicyKey(_ text: Data) -> Bool {
        var data = text
        // A byte-order mark precedes the first key; UTF-16/32 text (a BOM or NUL bytes at the
        // start) is read with its NUL bytes dropped, which leaves the ASCII of the keys intact.
        let head = [UInt8](data.prefix(4))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            data = Data(data.dropFirst(3))
        } else if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || head.contains(0) {
            var bytes = [UInt8](data).filter { $0 != 0 }
            if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { bytes.removeFirst(2) }
            data = Data(bytes)
        }
        return data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let keys: [[UInt8]] = ["policy:", "\"policy\":", "'policy':"].map { Array($0.utf8) }
            var lineStart = 0
            while lineStart < bytes.count {
                for key in keys where lineStart + key.count <= bytes.count {
                    if (0..<key.count).allSatisfy({ bytes[lineStart + $0] == key[$0] }) { return true }
                }
                guard let nl = bytes[lineStart...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { break }
                lineStart = nl + 1
            }
            return false
        }
    }
}
