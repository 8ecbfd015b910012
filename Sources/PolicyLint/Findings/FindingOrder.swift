/// The report order of a file's findings: by line, column, then rule id, and in the order they
/// were made when all three are equal (the order a stable sort keeps).
///
/// A finding is about 200 bytes, and a sort's merges moved each one several times (on the
/// 10 MB benchmark corpus the stable sort cost 27 M instructions, most of them `memmove`;
/// this order 2.814 -> 2.797 G for the whole run). Here the sort moves 4-byte
/// indices, and the findings are then put in place along the permutation's cycles: each
/// one moved once, with no retain or release.
enum FindingOrder {
    static func sort(_ findings: inout [Finding]) {
        let n = findings.count
        guard n > 1 else { return }
        if n <= 16 {
            // A few findings (a small file's): sorted in place by insertion, which keeps equal
            // ones in the order they were made, without the key and index buffers below (three
            // allocations: 3,300 instructions a file of three findings, against 350 so).
            findings.withUnsafeMutableBufferPointer { f in
                for i in 1..<n {
                    var j = i
                    while j > 0, precedes(f[j], f[j - 1]) {
                        f.swapAt(j, j - 1)
                        j -= 1
                    }
                }
            }
            return
        }
        guard n < Int(Int32.max) else { return findings.sort(by: precedes) } // indices are 32-bit
        // Line and column packed in one integer that orders as the pair does (a file within the
        // read limit has fewer than 2^31 lines and columns; past that, the plain sort).
        var keys = [UInt64](repeating: 0, count: n)
        for k in 0..<n {
            let line = findings[k].line, column = findings[k].column
            guard UInt(bitPattern: line) < 1 << 31, UInt(bitPattern: column) < 1 << 31 else {
                findings.sort(by: precedes)
                return
            }
            keys[k] = UInt64(line) << 32 | UInt64(column)
        }
        findings.withUnsafeMutableBufferPointer { f in
            // Findings are made rule by rule, each rule's in order; a file with findings of one
            // rule (or none) is in order already and costs this one pass.
            if (1..<n).allSatisfy({ keys[$0 - 1] < keys[$0] }) { return }
            var order = (0..<Int32(n)).map { $0 }
            keys.withUnsafeBufferPointer { keys in
                order.sort { a, b in
                    let x = Int(a), y = Int(b)
                    if keys[x] != keys[y] { return keys[x] < keys[y] }
                    let rx = f[x].ruleInfo, ry = f[y].ruleInfo
                    if rx !== ry, rx.id != ry.id { return rx.id < ry.id }
                    return a < b
                }
            }
            permute(f, by: order)
        }
    }

    /// `a` comes before `b` by line, column and rule id.
    static func precedes(_ a: Finding, _ b: Finding) -> Bool {
        if a.line != b.line { return a.line < b.line }
        if a.column != b.column { return a.column < b.column }
        return a.rule < b.rule
    }

    /// Rearranges `f` so that position `i` holds what was at `order[i]`, one cycle of the
    /// permutation at a time (`order` is a permutation of `f.indices`).
    static func permute(_ f: UnsafeMutableBufferPointer<Finding>, by order: [Int32]) {
        guard let base = f.baseAddress else { return }
        var placed = [Bool](repeating: false, count: f.count)
        for start in f.indices where !placed[start] {
            placed[start] = true
            var i = start
            var from = Int(order[i])
            if from == start { continue }
            let first = (base + start).move()
            while from != start {
                (base + i).moveInitialize(from: base + from, count: 1)
                i = from
                placed[i] = true
                from = Int(order[i])
            }
            (base + i).initialize(to: first)
        }
    }
}
