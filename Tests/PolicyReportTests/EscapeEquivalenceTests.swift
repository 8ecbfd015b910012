@testable import PolicyReport
import PolicyLint
import PolicyYAML
import Foundation
import XCTest

/// The byte-level escapes against the scalar-by-scalar versions they replaced (kept below as
/// the reference), on strings built from every character any of them treats specially, mixed
/// with plain ASCII and non-ASCII text, at every position.
final class EscapeEquivalenceTests: XCTestCase {
    static let pieces: [String] = [
        "a", "plain words ", "é", "😀", "日本", "e\u{301}", "\u{301}", "&", "<", ">", "\"", "'", "`", "``", "```", "|", "\\", "*", "_",
        "[", "]", "~", "#", "!", "$", "\t", "\n", "\r", "\r\n", "\u{0}", "\u{1}", "\u{B}", "\u{C}", "\u{1F}", "\u{7F}",
        "\u{80}", "\u{84}", "\u{85}", "\u{86}", "\u{9F}", "\u{A0}", "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}",
        "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{EFBF}", "\u{10000}", " ", "  ", "%", ":", ",", "%0A", "./", "/",
    ]

    /// Every piece, every pair of pieces, and `random` strings of up to 12 random pieces.
    static func samples(random: Int) -> [String] {
        var rng = SystemRandomNumberGenerator()
        var samples = [""] + pieces
        for a in pieces { for b in pieces { samples.append(a + b) } }
        for _ in 0..<random {
            samples.append((0..<Int.random(in: 1...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        return samples
    }

    func testEscapesMatchTheReference() {
        for s in EscapeEquivalenceTests.samples(random: 3000) {
            let name = s.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
            XCTAssertEqual(Escape.html(s), ReferenceEscape.html(s), "html " + name)
            XCTAssertEqual(Escape.markdown(s), ReferenceEscape.markdown(s), "markdown " + name)
            XCTAssertEqual(XMLText.escape(s), ReferenceEscape.xml(s, attribute: true), "xml attribute " + name)
            XCTAssertEqual(XMLText.escape(s, attribute: false), ReferenceEscape.xml(s, attribute: false), "xml text " + name)
            XCTAssertEqual(GitHubReporter.data(s), ReferenceEscape.githubData(s), "github data " + name)
            // Foundation's replacing left `:` and `,` alone when a combining mark followed them,
            // but GitHub splits on the byte (tested below).
            let scalars0 = Array(s.unicodeScalars)
            if !zip(scalars0, scalars0.dropFirst()).contains(where: { ($0 == ":" || $0 == ",") && $1 == "\u{301}" }) {
                XCTAssertEqual(GitHubReporter.property(s), ReferenceEscape.githubProperty(s), "github property " + name)
            }
            // The reference counted backticks, spaces and bars as Characters; Markdown sees them
            // as bytes, so they differ where a combining mark follows one (tested below; a line
            // break turns into a space first).
            let scalars = Array(s.unicodeScalars)
            if zip(scalars, scalars.dropFirst()).contains(where: { "` |\n\r\u{B}\u{C}\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) && $1 == "\u{301}" }) { continue }
            XCTAssertEqual(Escape.markdownProse(s), ReferenceEscape.markdownProse(s), "markdownProse " + name)
            XCTAssertEqual(Escape.markdownCode(s), ReferenceEscape.markdownCode(s), "markdownCode " + name)
            XCTAssertEqual(Escape.markdownFence(for: s), ReferenceEscape.markdownFence(for: s), "markdownFence " + name)
            XCTAssertEqual(Escape.splitOnBackticks(s), s.split(separator: "`", omittingEmptySubsequences: false), "split " + name)
        }
    }
}

extension EscapeEquivalenceTests {
    /// The reports that write bytes (`ReportBytes`) escape a message in the pieces its template
    /// gives (split between Unicode scalars): the pieces escaped one after another must be the
    /// whole string escaped, for XML attributes and text and GitHub's data and properties.
    func testByteEscapesInPiecesMatchTheStringEscapes() {
        var rng = SystemRandomNumberGenerator()
        let samples = EscapeEquivalenceTests.samples(random: 2000)
        /// `s` cut between scalars at random places (or not at all), each cut piece given to `write`.
        func inPieces(_ s: String, _ write: (UnsafeBufferPointer<UInt8>) -> Void) {
            var cuts = [0]
            var offset = 0
            for u in s.unicodeScalars {
                offset += String(u).utf8.count
                if Bool.random(using: &rng) { cuts.append(offset) }
            }
            if cuts.last != offset { cuts.append(offset) }
            let bytes = Array(s.utf8)
            bytes.withUnsafeBufferPointer { b in
                for (from, to) in zip(cuts, cuts.dropFirst()) { write(UnsafeBufferPointer(rebasing: b[from..<to])) }
            }
        }
        func written(_ body: (inout ReportBytes) -> Void) -> String {
            var out = ReportBytes(capacity: 8) // small, so that writes grow it
            body(&out)
            return String(decoding: out.array, as: UTF8.self)
        }
        for s in samples {
            let name = s.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
            XCTAssertEqual(written { out in inPieces(s) { out.xml($0) } }, XMLText.escape(s), "xml attribute " + name)
            XCTAssertEqual(written { out in inPieces(s) { out.xml($0, attribute: false) } }, XMLText.escape(s, attribute: false), "xml text " + name)
            XCTAssertEqual(written { out in inPieces(s) { out.escaped($0) { GitHubReporter.change($0, $1, property: false) } } },
                           GitHubReporter.data(s), "github data " + name)
            XCTAssertEqual(written { out in inPieces(s) { out.escaped($0) { GitHubReporter.change($0, $1, property: true) } } },
                           GitHubReporter.escape(s, property: true), "github property " + name)
            XCTAssertEqual(written { out in inPieces(s) { out.jsonEscaped($0) } }, String(decoding: Array(JSONValue.string(s).serialized(indent: nil).utf8).dropFirst().dropLast(), as: UTF8.self),
                           "json " + name)
        }
    }

    /// A backtick, space or bar with a combining mark is still one to Markdown: the fence is
    /// longer than the backtick, the span is padded so the fence does not run into it, the bar
    /// is escaped.
    func testBacktickWithACombiningMark() {
        XCTAssertEqual(Escape.markdownCode("`\u{301}"), "`` `\u{301} ``")
        XCTAssertEqual(Escape.markdownFence(for: "```\u{301}"), "````")
        XCTAssertEqual(Escape.markdownCode(" \u{301}x "), "`  \u{301}x  `")
        XCTAssertEqual(Escape.markdownCode("a|\u{301}b"), "`a\\|\u{301}b`") // GFM splits cells on the byte
        XCTAssertEqual(GitHubReporter.property("a,\u{301}b:\u{301}"), "a%2C\u{301}b%3A\u{301}") // so do workflow commands
    }
}

/// Escape as it was before it worked on bytes: one Unicode scalar (or Character) at a time.
private enum ReferenceEscape {
    /// Text and attribute values in HTML and XHTML (and SVG): `& < > " '` become references,
    /// characters XML 1.0 forbids become U+FFFD, so the output stays well-formed XML too.
    static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                let v = u.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF || (v >= 0x7F && v < 0xA0 && v != 0x85) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// Inline text in GitHub-flavoured Markdown: shown literally, never as markup or HTML.
    /// Line breaks become spaces (an inline string must not start a new block).
    static func markdown(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": out += " "
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!", "$":
                out += "\\"; out.unicodeScalars.append(u)
            default:
                let v = u.value
                if v < 0x20 && u != "\t" || v == 0x7F { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// Rule prose in Markdown: like `markdown(_:)`, but balanced `backtick spans` stay code spans.
    static func markdownProse(_ s: String) -> String {
        let parts = s.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count > 1, parts.count % 2 == 1 else { return markdown(s) }
        return parts.enumerated().map { i, p in i % 2 == 1 ? markdownCode(String(p)) : markdown(String(p)) }.joined()
    }

    /// A Markdown code span that shows `s` exactly, in any context (also inside a table cell).
    static func markdownCode(_ s: String) -> String {
        let flat = String(s.map { $0.isNewline ? " " : $0 })
        var longest = 0, run = 0
        for c in flat { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") || flat.hasPrefix(" ") && flat.hasSuffix(" ") ? " " : ""
        // GFM splits table cells on `|` before it sees code spans; `\|` keeps it in the cell.
        return fence + pad + flat.replacingOccurrences(of: "|", with: "\\|") + pad + fence
    }

    /// The fence for a fenced code block holding `s`: longer than any backtick run in it.
    static func markdownFence(for s: String) -> String {
        var longest = 0, run = 0
        for c in s { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// XMLText.escape before it worked on bytes.
    static func xml(_ s: String, attribute: Bool) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += attribute ? "&quot;" : "\""
            case "'": out += attribute ? "&apos;" : "'"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            case "\t": out += attribute ? "&#9;" : "\t"
            default:
                let v = u.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// GitHubReporter.data and .property before they worked on bytes.
    static func githubData(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func githubProperty(_ s: String) -> String {
        githubData(Paths.display(s)).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
