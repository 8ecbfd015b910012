import Foundation

/// policylint never writes to what it reads: a report, baseline or audit path that is a linted
/// file, a rule pack or the configuration file (by any name: a symbolic or hard link is the same
/// file) is refused before anything is linted or written. A baseline may be rewritten: updating
/// it is what `--write-baseline` is for.
public enum InputProtection {
    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    static func identity(_ path: String) -> FileID? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// The first output that is also an input of the run, as an error; nil when none is.
    /// `outputs` pairs the flag that names each path with the path ("-" is standard output).
    public static func check(outputs: [(flag: String, path: String)], settings: LintSettings, files: [String]) -> InputError? {
        let written = outputs.filter { $0.path != "-" }.compactMap { o in identity(o.path).map { (o, $0) } }
        if written.isEmpty { return nil } // only new files: none can be an input
        var inputs: [FileID: (kind: String, path: String)] = [:]
        func add(_ path: String, _ kind: String) {
            if let id = identity(path), inputs[id] == nil { inputs[id] = (kind, path) }
        }
        for f in files where f != "-" { add(f, "policy file") }
        if let c = settings.configuration.file { add(c, "configuration file") }
        for p in settings.configuration.packPaths.map(\.path) + settings.commandLine.rulePaths {
            add(p, "rule pack")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
            for n in names where n.hasSuffix(".yaml") || n.hasSuffix(".yml") { add((p as NSString).appendingPathComponent(n), "rule pack") }
        }
        for (output, id) in written {
            if let input = inputs[id] {
                let same = input.path == output.path ? "" : " (\(input.path))"
                return InputError(file: output.path,
                                  message: "\(output.flag) names the \(input.kind)\(same) this run reads; policylint never writes to its inputs")
            }
        }
        return nil
    }
}
