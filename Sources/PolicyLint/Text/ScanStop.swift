#if POLICYLINT_BENCH_SCAN_ONLY
import Foundation
#endif

/// Where the scan of prose stops, for timing its parts: `bench/split.sh` and
/// `bench/instructions.sh` run the scan-only build (`-DPOLICYLINT_BENCH_SCAN_ONLY`) with
/// `POLICYLINT_BENCH_STOP` set to `tokenize`, `lookup` or `match`, and the differences between
/// those runs are the parts' costs. In every other build `current` is the constant `.none`,
/// so the checks on it compile away.
enum ScanStop: Equatable {
    /// The whole scan: tokens, symbols, matches, and each string's matches grouped for its rules.
    case none
    /// Every prose string tokenised; no word looked up.
    case afterTokenizing
    /// Every word's symbols looked up (word cache, word trie); no partial match advanced.
    case afterLookUp
    /// Every match found; none grouped for the rules.
    case afterMatching

    #if POLICYLINT_BENCH_SCAN_ONLY
    static let current: ScanStop = {
        switch getenv("POLICYLINT_BENCH_STOP").map({ String(cString: $0) }) {
        case "tokenize": return .afterTokenizing
        case "lookup": return .afterLookUp
        case "match": return .afterMatching
        default: return .none
        }
    }()
    #else
    @inline(__always)
    static var current: ScanStop { .none }
    #endif
}
