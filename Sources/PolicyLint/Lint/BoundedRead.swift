import Foundation
import PolicyYAML

/// Reads inputs in bounded memory: at most `limit` bytes plus one (to tell that there is more),
/// and never from a FIFO, socket or device where a regular file is expected (a FIFO would block
/// for ever, `/dev/zero` never ends). Used for configuration files, baselines, rule packs and
/// `policylint parse`; policy files go through `Linter.readFile`, which reads devices up to the
/// limit too.
public enum BoundedRead {
    /// A regular file (links followed) of at most `limit` bytes; `noun` names it in errors.
    public static func regularFile(_ path: String, limit: Int = YAMLLimits.default.maxFileBytes, noun: String) throws(InputError) -> [UInt8] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw InputError(file: path, message: FileDiscovery.isBrokenLink(path) ? FileDiscovery.brokenLinkMessage : "no such \(noun)")
        }
        if isDir.boolValue { throw InputError(file: path, message: "is a folder, not a \(noun)") }
        if !FileDiscovery.isRegularFile(path) { throw InputError(file: path, message: "is not a regular file (a FIFO, socket or device)") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: path, message: "cannot read \(noun) (permission denied?)")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
            throw InputError(file: path, message: "cannot read \(noun) (\(FileDiscovery.reason(error)))")
        }
        if data.count > limit { throw InputError(file: path, message: "\(noun) is over the \(YAMLLimits.describe(bytes: limit)) limit") }
        return [UInt8](data)
    }

    /// Standard input, up to `limit` bytes: an endless stream (`cat /dev/zero |`) is rejected
    /// without being read to its end.
    public static func standardInput(limit: Int = YAMLLimits.default.maxFileBytes) throws(InputError) -> [UInt8] {
        let stdin = "<stdin>"
        let data: Data
        do { data = try FileHandle.standardInput.read(upToCount: limit + 1) ?? Data() } catch {
            throw InputError(file: stdin, message: "cannot read standard input (\(FileDiscovery.reason(error)))")
        }
        if data.count > limit {
            throw InputError(file: stdin, message: "standard input is over the \(YAMLLimits.describe(bytes: limit)) limit (--max-file-size)")
        }
        return [UInt8](data)
    }

    /// The bytes of `fd` up to its end or `limit`, whichever comes first, and the `errno` of a
    /// read that failed (with what came before it). `expecting` sizes the first buffer (a
    /// regular file's size plus one, so that its end is seen without growing the buffer).
    static func read(_ fd: Int32, upTo limit: Int, expecting: Int) -> (bytes: [UInt8], failure: Int32?) {
        var bytes = [UInt8](repeating: 0, count: max(1, min(limit, expecting)))
        var filled = 0
        while filled < limit {
            if filled == bytes.count { bytes += repeatElement(0, count: min(limit, bytes.count * 2) - bytes.count) }
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { let failure = errno; bytes.removeLast(bytes.count - filled); return (bytes, failure) }
            if n == 0 { break }
            filled += n
        }
        bytes.removeLast(bytes.count - filled)
        return (bytes, nil)
    }
}
