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
            var found: [String] = []
            // Paths are shown (and opened) as the user named the folder: `policies/a.yaml`.
            guard walk(path.hasSuffix("/") ? path : path + "/", extraExtensions: extraExtensions,
                       into: &found, skipped: &result.skipped) else {
                result.errors.append(InputError(file: path, message: "cannot read folder"))
                continue
            }
            result.files += found.sorted()
        }
        return result
    }

    /// Adds the YAML files under folder `prefix` (which ends with `/`) to `found`, and YAML
    /// files without a `policy` key to `skipped`, recursively; false if `prefix` cannot be
    /// opened. POSIX calls, not FileManager's enumerator: that one cost about 40 µs a file (URL
    /// and resource-value objects; 2.7% of a one-thread run over the 10 MB corpus). Hidden names (a leading `.`) are passed
    /// over, folders behind symbolic links are not entered (no loops), a link to a file is
    /// linted, a broken link is passed over, and FIFOs, sockets and devices are never opened
    /// (a FIFO would block the run forever). Unreadable subfolders are passed over.
    private static func walk(_ prefix: String, extraExtensions: Set<String>,
                             into found: inout [String], skipped: inout [String]) -> Bool {
        guard let handle = opendir(prefix) else { return false }
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(handle) {
            let (name, type) = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    (String(cString: $0), entry.pointee.d_type)
                }
            }
            if name.hasPrefix(".") { continue } // also `.` and `..`
            entries.append((name, type))
        }
        closedir(handle)
        for (name, type) in entries {
            let full = prefix + name
            var kind = type
            if kind == UInt8(DT_UNKNOWN) { // some file systems do not fill d_type
                var st = stat()
                guard lstat(full, &st) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFDIR: kind = UInt8(DT_DIR)
                case S_IFLNK: kind = UInt8(DT_LNK)
                case S_IFREG: kind = UInt8(DT_REG)
                default: continue
                }
            }
            if kind == UInt8(DT_DIR) {
                _ = walk(full + "/", extraExtensions: extraExtensions, into: &found, skipped: &skipped)
                continue
            }
            // A link counts by its target: a regular file is linted, a folder or anything else
            // is passed over, and so is a broken link.
            if kind == UInt8(DT_LNK) ? !isRegularFile(full) : kind != UInt8(DT_REG) { continue }
            let ext = pathExtension(name)
            guard extensions.contains(ext) || extraExtensions.contains(ext) else { continue }
            if extensions.contains(ext), !looksLikePolicy(full) {
                skipped.append(full)
                continue
            }
            found.append(full)
        }
        return true
    }

    /// The lower-cased text after the last `.` of a file name (as `URL.pathExtension`: none for
    /// a name that starts with its only dot or ends with a dot). Found in the name's UTF-8 bytes
    /// (a `.` is one byte, never inside another character's): a search by `Character` and a
    /// lower-cased copy cost about 2,300 instructions a file, a fifth of discovering it.
    static func pathExtension(_ name: String) -> String {
        // The usual ones straight from the name's bytes, without a new string (`| 0x20`
        // lower-cases a letter, and only a letter's capital turns into it so).
        let usual = name.utf8.withContiguousStorageIfAvailable { b -> String? in
            guard let dot = b.lastIndex(of: 0x2E), dot > 0 else { return "" }
            let n = b.count - dot - 1
            func at(_ k: Int, _ lower: UInt8) -> Bool { b[dot + 1 + k] | 0x20 == lower }
            if n == 4, at(0, 0x79), at(1, 0x61), at(2, 0x6D), at(3, 0x6C) { return "yaml" }
            if n == 3, at(0, 0x79), at(1, 0x6D), at(2, 0x6C) { return "yml" }
            return nil
        }
        if let usual, let ext = usual { return ext }
        let utf8 = name.utf8
        guard let dot = utf8.lastIndex(of: 0x2E), dot != utf8.startIndex else { return "" }
        return String(Substring(utf8[utf8.index(after: dot)...])).lowercased()
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
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true } // let lint report it
        defer { close(fd) }
        // The key is almost always near the top: the first 4 KB usually settle it, so discovery
        // does not read every file whole before linting reads it again. A read error counts as
        // no key (the file is passed over, as one that cannot be sniffed).
        var start = BoundedRead.read(fd, upTo: 4 * 1024, expecting: 4 * 1024).bytes
        if hasPolicyKey(start) { return true }
        guard start.count == 4 * 1024 else { return false }
        start += BoundedRead.read(fd, upTo: 60 * 1024, expecting: 60 * 1024).bytes
        return hasPolicyKey(start)
    }

    static func hasPolicyKey(_ text: [UInt8]) -> Bool {
        // A byte-order mark precedes the first key; UTF-16/32 text (a BOM or NUL bytes at the
        // start) is read with its NUL bytes dropped, which leaves the ASCII of the keys intact.
        // Plain UTF-8 (nearly every file) is read in place, without a copy.
        let head = text.prefix(4)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            return text.withUnsafeBufferPointer { hasPolicyKeyLine(UnsafeBufferPointer(rebasing: $0[3...])) }
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || head.contains(0) {
            var data = text
            data.removeAll { $0 == 0 }
            if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { data.removeFirst(2) }
            return data.withUnsafeBufferPointer(hasPolicyKeyLine)
        }
        return text.withUnsafeBufferPointer(hasPolicyKeyLine)
    }

    /// The spellings of the key `hasPolicyKey` looks for at a line's start.
    private static let policyKeys: [[UInt8]] = ["policy:", "\"policy\":", "'policy':"].map { Array($0.utf8) }

    private static func hasPolicyKeyLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var lineStart = 0
        while lineStart < bytes.count {
            for key in policyKeys where lineStart + key.count <= bytes.count {
                if (0..<key.count).allSatisfy({ bytes[lineStart + $0] == key[$0] }) { return true }
            }
            guard let nl = bytes[lineStart...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { break }
            lineStart = nl + 1
        }
        return false
    }
}
