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
        return bytes(of: data)
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
        return bytes(of: data)
    }

    /// The bytes of `fd` up to its end or `limit`, whichever comes first, and the `errno` of a
    /// read that failed (with what came before it). `expecting` sizes the first buffer (a
    /// regular file's size plus one, so that its end is seen without growing the buffer).
    /// Bytes are read into uninitialised storage: zero-filling a buffer first cost as much as
    /// copying the file once more.
    static func read(_ fd: Int32, upTo limit: Int, expecting: Int) -> (bytes: [UInt8], failure: Int32?) {
        var atEnd = false
        var failure: Int32?
        var bytes = [UInt8](unsafeUninitializedCapacity: max(1, min(limit, expecting))) { buffer, count in
            (count, atEnd, failure) = fill(fd, buffer.baseAddress!, buffer.count)
            zeroSpare(buffer, after: count)
        }
        // A full buffer and no end seen (a file that grew, a device, a pipe): double it.
        while !atEnd, failure == nil, bytes.count < limit {
            let old = bytes
            bytes = [UInt8](unsafeUninitializedCapacity: min(limit, old.count * 2)) { buffer, count in
                old.withUnsafeBufferPointer { buffer.baseAddress!.initialize(from: $0.baseAddress!, count: $0.count) }
                let (n, end, f) = fill(fd, buffer.baseAddress! + old.count, buffer.count - old.count)
                (count, atEnd, failure) = (old.count + n, end, f)
                zeroSpare(buffer, after: count)
            }
        }
        return (bytes, failure)
    }

    /// `data` as an array with the zeros `zeroSpare` leaves after it (a plain `[UInt8](data)`
    /// has no room for them, and `SourceText` would copy it once more to add them).
    static func bytes(of data: Data) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: data.count + SourceText.trailingZeros) { buffer, count in
            count = data.copyBytes(to: buffer)
            zeroSpare(buffer, after: count)
        }
    }

    /// Zeros in the first `SourceText.trailingZeros` bytes of room after the data: `SourceText`
    /// keeps them there for libyaml, which then reads the text in place, and would otherwise
    /// copy the whole file to make room for them.
    private static func zeroSpare(_ buffer: UnsafeMutableBufferPointer<UInt8>, after count: Int) {
        let n = min(SourceText.trailingZeros, buffer.count - count)
        if n > 0 { (buffer.baseAddress! + count).initialize(repeating: 0, count: n) }
    }

    /// Reads into `p` until `capacity` bytes, the end, or a failure: how many bytes came,
    /// whether the end was seen, and the failure's `errno`.
    private static func fill(_ fd: Int32, _ p: UnsafeMutablePointer<UInt8>, _ capacity: Int) -> (Int, Bool, Int32?) {
        var filled = 0
        while filled < capacity {
            let n = Glibc.read(fd, p + filled, capacity - filled)
            if n < 0, errno == EINTR { continue }
            if n < 0 { return (filled, false, errno) }
            if n == 0 { return (filled, true, nil) }
            filled += n
        }
        return (filled, false, nil)
    }
}
