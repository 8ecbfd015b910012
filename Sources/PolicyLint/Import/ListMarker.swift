/// List labels at the start of a line: bullets (`-`, `*`, `+`, `•`), numbers (`1.`, `2)`),
/// letters (`a)`, `B.`), roman numerals (`iv.`) and parenthesised labels (`(a)`, `(12)`);
/// in plain text also section numbers (`2.1`, `3.4.1.`).
enum ListMarker {
    static let bullets: [[UInt8]] = ["-", "*", "+", "•", "·", "‣", "◦", "▪", "–"].map { Array($0.utf8) }

    /// Where the item's text starts (after the label and its spaces), or nil when the line at
    /// `start` does not begin with a label followed by a space.
    static func contentStart(_ b: [UInt8], _ start: Int, _ end: Int, sectionNumbers: Bool = false) -> Int? {
        guard start < end else { return nil }
        func afterSpace(_ i: Int) -> Int? {
            guard i < end, Bytes.isSpace(b[i]) else { return nil }
            var j = i
            while j < end, Bytes.isSpace(b[j]) { j += 1 }
            return j < end ? j : nil
        }
        for bullet in bullets where start + bullet.count <= end && b[start..<(start + bullet.count)].elementsEqual(bullet) {
            return afterSpace(start + bullet.count)
        }
        let c = b[start]
        if c == 0x28 { // (a) (iv) (12)
            var i = start + 1
            while i < end, i - start <= 5, Bytes.isAlnum(b[i]) { i += 1 }
            guard i > start + 1, i < end, b[i] == 0x29 else { return nil }
            let label = b[(start + 1)..<i]
            guard label.allSatisfy(Bytes.isDigit) || label.count == 1 || isRoman(label) else { return nil }
            return afterSpace(i + 1)
        }
        if Bytes.isDigit(c) {
            var i = start
            while i < end, i - start < 4, Bytes.isDigit(b[i]) { i += 1 }
            guard i < end else { return nil }
            if b[i] == 0x29 { return afterSpace(i + 1) }
            guard b[i] == 0x2E else { return nil }
            if i + 1 < end, Bytes.isDigit(b[i + 1]) {
                // 2.1 / 2.1. / 3.4.1: section numbers, plain text only.
                guard sectionNumbers else { return nil }
                var j = i
                while j + 1 < end, b[j] == 0x2E, Bytes.isDigit(b[j + 1]) {
                    j += 1
                    while j < end, Bytes.isDigit(b[j]) { j += 1 }
                }
                if j < end, b[j] == 0x2E { j += 1 }
                return afterSpace(j)
            }
            return afterSpace(i + 1)
        }
        if Bytes.isASCIILetter(c) {
            var i = start
            while i < end, i - start < 5, Bytes.isASCIILetter(b[i]) { i += 1 }
            guard i < end, b[i] == 0x2E || b[i] == 0x29 else { return nil }
            let label = b[start..<i]
            guard label.count == 1 || isRoman(label) else { return nil }
            return afterSpace(i + 1)
        }
        return nil
    }

    /// A well-formed roman numeral from 1 to 399, all lower or all upper case (`iv`, `XII`; not `civil`).
    static func isRoman(_ label: ArraySlice<UInt8>) -> Bool {
        guard !label.isEmpty, label.count <= 8 else { return false }
        let upper = label.allSatisfy(Bytes.isUpper)
        guard upper || label.allSatisfy(Bytes.isLower) else { return false }
        var rest = Substring(String(decoding: label, as: UTF8.self).lowercased())
        func take(_ options: [String]) {
            for o in options where rest.hasPrefix(o) { rest = rest.dropFirst(o.count); return }
        }
        take(["ccc", "cc", "c"])
        take(["xc", "xl", "lxxx", "lxx", "lx", "l", "xxx", "xx", "x"])
        take(["ix", "iv", "viii", "vii", "vi", "v", "iii", "ii", "i"])
        return rest.isEmpty
    }
}
