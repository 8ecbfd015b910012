import Foundation

/// Path arithmetic for configuration and baselines: `/`-separated, no file-system access
/// except for the working directory.
public enum Paths {
    public static var currentDirectory: String { FileManager.default.currentDirectoryPath }

    /// `path` made absolute against `base` and normalised (`.` and `..` resolved, no trailing `/`).
    public static func absolute(_ path: String, from base: String = currentDirectory) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `path` relative to the folder `base` (both absolute); nil when it is not inside it.
    public static func relative(_ path: String, to base: String) -> String? {
        if base == "/" { return String(path.dropFirst()) }
        if path == base { return "" }
        guard path.hasPrefix(base + "/") else { return nil }
        return String(path.dropFirst(base.count + 1))
    }

    /// `path` relative to the folder `base` (both absolute), with `..` where it lies outside.
    public static func relativeWithParents(_ path: String, to base: String) -> String {
        if let r = relative(path, to: base) { return r.isEmpty ? "." : r }
        let p = path.split(separator: "/"), b = base.split(separator: "/")
        var common = 0
        while common < p.count, common < b.count, p[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: b.count - common) + p[common...].map(String.init)).joined(separator: "/")
    }

    /// The folder holding `path`.
    public static func parent(_ path: String) -> String {
        let abs = absolute(path)
        guard let slash = abs.lastIndex(of: "/"), slash != abs.startIndex else { return "/" }
        return String(abs[..<slash])
    }

    /// A path as shown: without leading `./`.
    public static func display(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        return p
    }
}
