import Foundation
import PolicyYAML

/// Finds `# policylint-...` comments in a policy's source text.
///
/// libyaml drops comments, so the text is scanned; a `#` is a comment only when it starts a line
/// or follows a space or tab, and is not inside a scalar (quoted, or a literal/folded block whose
/// lines may start with `#`). Scalar spans come from parsing the text again, which happens only for
/// files that contain the marker at all.
public struct CommentScanner {
    public static let marker = Array("policylint-".utf8)

    /// A comment: where its `#` is and the text after it.
    public struct Comment: Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var text: String
    }

    /// The directive comments (comments whose text contains `policylint-`) and the scalars'
    /// line ranges, for `disable-next-line` over multi-line scalars.
    public struct Scan: Sendable {
        public var comments: [Comment] = []
        /// For each line where a scalar starts and spans further lines: the last line it covers.
        public var scalarEnds: [Int: Int] = [:]
        /// Lines holding nothing but a comment or blanks.
        public var blankOrCommentLines: Set<Int> = []
    }

    /// Whether the marker occurs anywhere: most files have none, so this search decides whether
    /// the comment scan runs at all. It jumps with `memchr` from one `-` to the next (the
    /// marker's last byte, and rare in prose: a list item's dash is the usual one) and compares
    /// the ten bytes before it: about a fifth of an instruction a byte, where a byte-at-a-time
    /// search (Horspool, before) took three. Tested against a naive search.
    public static func containsMarker(_ bytes: [UInt8]) -> Bool {
        let m = marker
        guard bytes.count >= m.count else { return false }
        return bytes.withUnsafeBufferPointer { hay in
            m.withUnsafeBufferPointer { m in
                let base = hay.baseAddress!, last = m.count - 1
                var from = last // the dash can be no earlier
                while from < hay.count {
                    guard let hit = memchr(base + from, Int32(m[last]), hay.count - from) else { return false }
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at - last, m.baseAddress!, last) == 0 { return true }
                    from = at + 1
                }
                return false
            }
        }
    }

    public static func scan(_ source: SourceText, limits: YAMLLimits = .default) -> Scan {
        var result = Scan()
        guard containsMarker(source.bytes) else { return result }
        // Scalar spans (keys and values), sorted by start.
        var spans: [(Int, Int)] = []
        if let stream = try? YAMLParser(limits: limits).parse(source: source) {
            for doc in stream.documents { collect(doc.root, &spans, &result.scalarEnds) }
        }
        spans.sort { $0.0 < $1.0 }
        let bytes = source.bytes
        for line in 1...source.lineCount {
            let start = source.lineStarts[line - 1]
            let end = line < source.lineCount ? source.lineStarts[line] : bytes.count
            var i = start
            var onlySpace = true
            while i < end {
                let b = bytes[i]
                if b == UInt8(ascii: "#"), i == start || bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09, !inside(i, spans) {
                    var textEnd = end
                    while textEnd > i + 1, bytes[textEnd - 1] == 0x0A || bytes[textEnd - 1] == 0x0D { textEnd -= 1 }
                    let text = String(decoding: bytes[(i + 1)..<textEnd], as: UTF8.self)
                    if onlySpace { result.blankOrCommentLines.insert(line) }
                    if text.contains("policylint-") {
                        result.comments.append(Comment(line: line, column: source.mark(atByte: i).column, text: text))
                    }
                    break
                }
                if b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { onlySpace = false }
                i += 1
            }
            if i >= end && onlySpace { result.blankOrCommentLines.insert(line) }
        }
        return result
    }

    static func collect(_ node: YAMLNode, _ spans: inout [(Int, Int)], _ ends: inout [Int: Int]) {
        switch node.content {
        case .scalar:
            spans.append((node.start.offset, node.end.offset))
            // A block scalar ends at column 1 of the line after its content.
            let last = node.end.column == 1 && node.end.line > node.start.line ? node.end.line - 1 : node.end.line
            if last > node.start.line { ends[node.start.line] = max(ends[node.start.line] ?? 0, last) }
        case .sequence(let items):
            for item in items { collect(item, &spans, &ends) }
        case .mapping(let pairs):
            for pair in pairs {
                collect(pair.key, &spans, &ends)
                collect(pair.value, &spans, &ends)
                // `key:` with its text on the following lines: the key's line covers the text.
                if pair.value.scalar != nil, !pair.value.isNull, pair.value.start.line > pair.key.start.line {
                    let v = pair.value
                    let last = v.end.column == 1 && v.end.line > v.start.line ? v.end.line - 1 : v.end.line
                    ends[pair.key.start.line] = max(ends[pair.key.start.line] ?? 0, last)
                }
            }
        }
    }

    /// Whether byte `offset` lies inside one of the (sorted, non-overlapping) spans.
    static func inside(_ offset: Int, _ spans: [(Int, Int)]) -> Bool {
        var lo = 0, hi = spans.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if spans[mid].0 <= offset { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return false }
        let (s, e) = spans[lo - 1]
        return offset >= s && offset < e
    }
}
