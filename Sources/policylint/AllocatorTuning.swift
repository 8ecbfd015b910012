#if canImport(Glibc)
import Glibc
#endif

/// Keeps glibc's allocator from handing memory back to the kernel between files.
///
/// By default glibc trims the heap whenever 128 KiB at its top are free, and serves every
/// block of 128 KiB or more (a large file's bytes, a large report chunk) with a fresh `mmap`.
/// A lint run allocates and frees much the same sizes file after file, so it kept giving pages
/// back and faulting them in again, each one zeroed by the kernel: about 3,000 page faults on
/// the 10 MB benchmark corpus, against about 1,550 with these settings. Blocks of 4 MB and more
/// (only a large file makes them) are still mapped apart: kept in the heap, one large file's
/// transient arrays raised its peak for good (10 MB policy: 84,784 against 82,704 KiB).
enum AllocatorTuning {
    /// glibc's `mallopt` parameters (malloc.h, which the Glibc module does not import).
    private static let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3

    static func apply() {
        #if canImport(Glibc)
        // Looked up rather than linked: a C library without it (or another allocator) is left as it is.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(trimThreshold, 256 << 20)
        _ = mallopt(topPad, 16 << 20)
        _ = mallopt(mmapThreshold, 4 << 20)
        #endif
    }
}
