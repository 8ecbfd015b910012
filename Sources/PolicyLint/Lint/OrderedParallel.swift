import Foundation

/// Runs `work` for `0..<count` on `jobs` worker threads and hands each result to `deliver` in
/// index order, on the calling thread, as soon as it and every result before it are done.
///
/// Why: a linter's output is in input order, but holding every file's result until the end makes
/// memory grow with the whole input (919 MiB for 100 MB of policies). Here at most `window`
/// results wait undelivered, so memory is bounded by a few files, whatever the input size.
/// Workers take the next index when they are free (a slow file does not hold up a fixed share of
/// the others); a worker more than `window` files ahead of delivery waits.
public enum OrderedParallel {
    public static func run<T: Sendable>(count: Int, jobs: Int, window: Int? = nil,
                                        work: @escaping @Sendable (Int) -> T, deliver: (Int, T) -> Void) {
        let workers = max(1, min(jobs, count))
        if workers == 1 {
            // One thread: no hand-off at all.
            for i in 0..<count { deliver(i, work(i)) }
            return
        }
        let state = State<T>(count: count, window: max(window ?? workers * 8, workers))
        let group = DispatchGroup()
        for _ in 0..<workers {
            DispatchQueue.global().async(group: group) {
                while let i = state.claim() {
                    state.store(i, work(i))
                }
            }
        }
        while let (i, value) = state.next() { deliver(i, value) }
        group.wait()
    }

    /// The shared slots: claimed indices, finished results not yet delivered, the delivery point.
    final class State<T: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private let count: Int
        private let window: Int
        private var claimed = 0
        private var delivered = 0
        private var ready: [Int: T] = [:]

        init(count: Int, window: Int) {
            self.count = count
            self.window = window
        }

        /// The next index to work on, once it is within `window` of delivery; nil when all are claimed.
        func claim() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            guard claimed < count else { return nil }
            let i = claimed
            claimed += 1
            while i >= delivered + window { condition.wait() }
            return i
        }

        func store(_ i: Int, _ value: T) {
            condition.lock()
            ready[i] = value
            condition.broadcast()
            condition.unlock()
        }

        /// Waits for the result at the delivery point; nil when everything was delivered.
        func next() -> (Int, T)? {
            condition.lock()
            defer { condition.unlock() }
            guard delivered < count else { return nil }
            let i = delivered
            while ready[i] == nil { condition.wait() }
            let value = ready.removeValue(forKey: i)!
            delivered += 1
            condition.broadcast() // a worker may wait for the window to move
            return (i, value)
        }
    }
}
