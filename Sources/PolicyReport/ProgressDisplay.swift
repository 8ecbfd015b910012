import Foundation

/// A one-line progress counter on standard error while many files are linted: only on a
/// terminal, never in CI (the `CI` variable set) or when standard error is redirected.
public final class ProgressDisplay: @unchecked Sendable {
    /// Fewer files than this finish too fast to need a counter.
    public static let minimumFiles = 20

    /// Whether to show progress for `fileCount` files.
    public static func shouldShow(fileCount: Int, stderrIsTerminal: Bool, environment: [String: String],
                                  disabled: Bool = false) -> Bool {
        if disabled || !stderrIsTerminal || fileCount < minimumFiles { return false }
        if let ci = environment["CI"], !ci.isEmpty, ci.lowercased() != "false", ci != "0" { return false }
        if environment["TERM"] == "dumb" { return false }
        return true
    }

    private let total: Int
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var last = Date.distantPast
    private var shown = false
    /// Least time between two redraws.
    private let interval: TimeInterval

    public init(total: Int, interval: TimeInterval = 0.1,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.total = total
        self.interval = interval
        self.write = write
    }

    /// The line for `done` files: `linting 120/1000 files (12%)`.
    public func line(_ done: Int) -> String {
        let percent = total == 0 ? 100 : done * 100 / total
        return "linting \(done)/\(total) files (\(percent)%)"
    }

    /// Called with the number of files done (from any thread); redraws at most every `interval`.
    public func update(_ done: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard done == total || now.timeIntervalSince(last) >= interval else { return }
        last = now
        shown = true
        write("\r\u{1B}[K" + line(done))
    }

    /// Clears the line (before the report is printed).
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown { write("\r\u{1B}[K") }
        shown = false
    }
}
