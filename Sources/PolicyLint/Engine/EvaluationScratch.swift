/// Buffers `Engine.evaluate` reuses from rule to rule and string to string, so that once they
/// have grown, checking a string allocates nothing (it made a few Sets and arrays per rule).
/// The match lists are `ScratchBuffer`s: emptied once per string and rule (about 200,000
/// times on the 10 MB benchmark corpus), an array's `removeAll(keepingCapacity:)` cost more
/// than filling it.
struct EvaluationScratch: ~Copyable {
    /// Per sentence of the current string: it has an `unless` match if its entry in `cancelled`
    /// is `stamp`, a finding if its entry in `reported` is. A new stamp clears both.
    private var cancelled: [Int] = []
    private var reported: [Int] = []
    private var stamp = 0
    /// Matches of the current string by role.
    var mains = ScratchBuffer<PhraseMatcher.Match>(capacity: 16)
    var a = ScratchBuffer<PhraseMatcher.Match>(capacity: 16)
    var b = ScratchBuffer<PhraseMatcher.Match>(capacity: 16)

    /// Starts a string of `sentences` sentences: none cancelled, none reported.
    mutating func start(sentences: Int) {
        stamp += 1
        if cancelled.count < sentences {
            cancelled.append(contentsOf: repeatElement(0, count: sentences - cancelled.count))
            reported.append(contentsOf: repeatElement(0, count: sentences - reported.count))
        }
    }

    mutating func cancel(_ sentence: Int) { cancelled[sentence] = stamp }

    func isCancelled(_ sentence: Int) -> Bool { cancelled[sentence] == stamp }

    func isReported(_ sentence: Int) -> Bool { reported[sentence] == stamp }

    /// Marks `sentence` reported; false if it already was.
    mutating func report(_ sentence: Int) -> Bool {
        if reported[sentence] == stamp { return false }
        reported[sentence] = stamp
        return true
    }
}
