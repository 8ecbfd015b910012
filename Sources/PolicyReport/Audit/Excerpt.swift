import PolicyLint
import PolicyYAML

/// Source lines around a location, split into plain and highlighted pieces. Text is raw:
/// renderers escape it.
public struct Excerpt: Sendable, Equatable {
    public struct Piece: Sendable, Equatable {
        public var text: String
        public var highlighted: Bool
    }

    public struct Line: Sendable, Equatable {
        public var number: Int
        public var pieces: [Piece]
        public var text: String { pieces.map(\.text).joined() }
        public var highlightedText: String { pieces.filter(\.highlighted).map(\.text).joined() }
    }

    public var lines: [Line]
    /// Lines of the span left out (a long span shows its first lines only).
    public var omittedLines: Int

    /// The words the location points at, as written.
    public var highlightedText: String {
        lines.map(\.highlightedText).filter { !$0.isEmpty }.joined(separator: " ")
    }

    public static let maxLines = 6

    /// The same lines without the indentation they all share (spaces only), for narrow boxes.
    public func dedented() -> Excerpt {
        let indents = lines.map { line -> Int in
            let text = line.text
            return text.utf8.allSatisfy { $0 == 0x20 } ? Int.max : Excerpt.leadingSpaces(text)
        }
        let common = indents.min() ?? 0
        guard common > 0, common != Int.max else { return self }
        var copy = self
        for i in copy.lines.indices {
            var drop = common
            var pieces: [Piece] = []
            for var piece in copy.lines[i].pieces {
                if drop > 0 {
                    let n = min(drop, Excerpt.leadingSpaces(piece.text))
                    piece.text.removeFirst(n)
                    drop = piece.text.isEmpty ? drop - n : 0
                }
                if !piece.text.isEmpty { pieces.append(piece) }
            }
            copy.lines[i].pieces = pieces
        }
        return copy
    }

    /// `s.prefix { $0 == " " }.count`, by bytes: a run of spaces ends at a Character boundary
    /// when an ASCII byte (or the end) follows it; a space that a non-ASCII byte follows may
    /// carry a combining mark (and is then no space), so that case counts Characters.
    static func leadingSpaces(_ s: String) -> Int {
        var copy = s
        let (spaces, next) = copy.withUTF8 { b -> (Int, UInt8) in
            var k = 0
            while k < b.count, b[k] == 0x20 { k += 1 }
            return (k, k < b.count ? b[k] : 0)
        }
        if next < 0x80 { return spaces }
        return s.prefix { $0 == " " }.count
    }

    /// The lines of `location` in `source`, the span highlighted; nil without a source.
    public init?(_ source: SourceText?, _ location: Location) {
        guard let source, location.line >= 1, location.line <= source.lineCount else { return nil }
        let last = max(location.line, min(location.endLine, source.lineCount))
        let shown = min(last, location.line + Excerpt.maxLines - 1)
        var lines: [Line] = []
        for n in location.line...shown {
            let line = SourceLine(source, line: n)
            let count = line.count
            // Columns are 1-based code points; the end is exclusive and may sit past the line.
            var from = n == location.line ? location.column - 1 : Excerpt.firstNonBlank(line, source.bytes)
            var to = n == last ? location.endColumn - 1 : count
            from = max(0, min(from, count))
            to = max(from, min(to, count))
            if n == location.line, to == from, from < count, last == n { to = from + 1 }
            var pieces: [Piece] = []
            func add(_ range: Range<Int>, _ highlighted: Bool) {
                guard !range.isEmpty else { return }
                let text = String(decoding: source.bytes[line.offset(range.lowerBound)..<line.offset(range.upperBound)], as: UTF8.self)
                pieces.append(Piece(text: text, highlighted: highlighted))
            }
            // Lines over TextReporter.maxLineShown characters (minified or generated files) are cut
            // to a window around the span, as in text output, so a report stays proportional to
            // its findings: 999 findings on one 835 KB line made an 835 MB HTML report.
            var lo = 0, hi = count
            if count > TextReporter.maxLineShown {
                lo = max(0, from - TextReporter.contextShown)
                hi = min(count, max(to, from + 1) + TextReporter.contextShown, lo + TextReporter.maxLineShown)
                from = min(from, hi)
                to = min(to, hi)
            }
            if lo > 0 { pieces.append(Piece(text: "…", highlighted: false)) }
            add(lo..<from, false)
            add(from..<to, true)
            add(to..<hi, false)
            if hi < count { pieces.append(Piece(text: "…", highlighted: false)) }
            lines.append(Line(number: n, pieces: pieces))
        }
        self.lines = lines
        self.omittedLines = last - shown
    }

    /// The first character that is not a space or tab (the line's length if none).
    private static func firstNonBlank(_ line: SourceLine, _ bytes: [UInt8]) -> Int {
        var k = 0
        while k < line.count, bytes[line.offset(k)] == 0x20 || bytes[line.offset(k)] == 0x09 { k += 1 }
        return k
    }
}
