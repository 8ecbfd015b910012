import Foundation
import PolicyYAML

/// Positions in the file of a prose scalar's value bytes.
///
/// Most prose is written verbatim: a plain scalar on one line, or a quoted one with no escapes.
/// Its value bytes are then the source bytes from one offset on, so a value offset maps to the
/// source by adding that offset, which is what `ScalarSourceMap`'s alignment yields for such
/// text, without walking and storing two offsets per byte. Anything else (escapes, folded or
/// block scalars, `''`, line breaks) goes through `ScalarSourceMap`.
struct ProseSourceMap {
    /// Value byte `i` is source byte `offset + i`, for `i < count` (`count > 0`), all on the
    /// 0-based line `line` (verbatim values have no line break).
    struct Verbatim {
        var offset: Int, count: Int, line: Int
    }
    /// One of the two is set. A struct of two optionals, not an enum of two cases: the aligned
    /// map changes as it is asked (it walks on), and in an optional it changes in place.
    private(set) var verbatim: Verbatim?
    private var aligned: ScalarSourceMap?

    init(node: borrowing YAMLNode, source: borrowing SourceText) { // borrowed: the caller's are not copied
        if let offset = ProseSourceMap.verbatimOffset(node, source.bytes) {
            verbatim = Verbatim(offset: offset, count: node.scalar?.utf8.count ?? 0, line: node.start.line - 1)
        } else {
            aligned = ScalarSourceMap(node: node, source: copy source)
        }
    }

    /// Start and end (exclusive) positions of the value bytes `range`, as `ScalarSourceMap.span`.
    /// Mutating: the aligned map walks its scalar only as far as it is asked (`ScalarSourceMap`).
    mutating func span(_ range: Range<Int>, source: SourceText) -> (start: Mark, end: Mark) {
        if let v = verbatim {
            let first = max(0, min(range.lowerBound, v.count - 1))
            let last = max(0, min(max(range.lowerBound, range.upperBound - 1), v.count - 1))
            return (source.mark(atByte: v.offset + first, fromLine: v.line), source.mark(atByte: v.offset + last + 1, fromLine: v.line))
        }
        return aligned!.span(range)
    }

    /// Where the value starts in `source` if it is written there byte for byte, else nil.
    static func verbatimOffset(_ node: borrowing YAMLNode, _ source: [UInt8]) -> Int? {
        guard case .scalar(var value, let style) = node.content, !value.isEmpty else { return nil }
        let from = node.start.offset
        let end = min(max(from, node.end.offset), source.count)
        guard from < end else { return nil }
        let offset: Int
        switch style {
        case .plain:
            // An anchor or tag before the value (`&a text`) would be skipped by the alignment.
            guard source[from] != UInt8(ascii: "&"), source[from] != UInt8(ascii: "!") else { return nil }
            offset = from
        case .singleQuoted, .doubleQuoted:
            // The quote opens the node (no anchor or tag) and closes right after the value, so no
            // whitespace run can reach past the value into a fold.
            let quote = UInt8(ascii: style == .singleQuoted ? "'" : "\"")
            guard source[from] == quote else { return nil }
            offset = from + 1
        case .literal, .folded:
            return nil
        }
        return value.withUTF8 { v -> Int? in
            guard offset + v.count <= end else { return nil }
            if style != .plain {
                guard offset + v.count < source.count, source[offset + v.count] == (style == .singleQuoted ? 0x27 : 0x22) else { return nil }
            }
            // Line breaks may fold, and in quotes `\` escapes and `''` decode: leave those to the alignment.
            let special: UInt8 = style == .doubleQuoted ? 0x5C : style == .singleQuoted ? 0x27 : 0x0A
            return source.withUnsafeBufferPointer { s -> Int? in
                // memcmp and memchr: a few hundred bytes a string, on every string with a finding.
                guard memcmp(s.baseAddress! + offset, v.baseAddress!, v.count) == 0 else { return nil } // offset + v.count <= end <= s.count
                let value = v.baseAddress!
                if memchr(value, 0x0A, v.count) != nil || memchr(value, 0x0D, v.count) != nil { return nil }
                if special != 0x0A, memchr(value, Int32(special), v.count) != nil { return nil }
                return offset
            }
        }
    }
}
