import XCTest
@testable import PolicyLint

/// `DocumentText` keeps a document's scanned strings back to back, where the tokenizer wrote
/// them: each string's view must read exactly what the tokenizer gives that string alone, and
/// the matches kept for it, whatever came before it (kept or written over) and however the
/// buffers grew.
final class DocumentTextTests: XCTestCase {
    static let strings = [
        "We are not responsible for delays caused by our carrier. Refunds take 30 days.",
        "",
        "Le café n’est pas remboursé; the lab's report is final!",
        "One. Two three. Four five six.",
        String(repeating: "Refunds are at our sole discretion. ", count: 400), // past the reserved capacity
        "x",
        "Approx. five days, e.g. by post. Dr. Smith's lab.",
    ]

    /// String k's matches: patterns k, 100 + k, ... (every other one is dropped by `keep`).
    func matches(_ k: Int) -> [PhraseMatcher.Match] {
        (0..<(2 * k)).map { PhraseMatcher.Match(pattern: 100 * $0 + k, first: 0, last: 0) }
    }

    /// Scans every string into one `DocumentText`, keeping those `keeps` says, and checks each
    /// kept string's view against the string tokenised alone.
    func check(keeps: (Int) -> Bool, file: StaticString = #filePath, line: UInt = #line) {
        let strings = Self.strings
        // Reserved for far less text than follows, so every buffer grows while strings are kept.
        var text = DocumentText(proseBytes: 16)
        var spans: [(Int, DocumentText.Span)] = []
        var sink = Tokenizer.NoSink()
        for (k, s) in strings.enumerated() {
            Tokenizer.fill(s, into: &text.workspace, sink: &sink)
            // What the tokenizer just wrote reads as the string alone, kept or not.
            let alone = Tokenizer.tokenize(s), last = text.workspace.text()
            XCTAssertEqual(last.tokens, alone.tokens, s, file: file, line: line)
            XCTAssertEqual(last.normalized, alone.normalized, s, file: file, line: line)
            XCTAssertEqual(last.sentenceWordCounts, alone.sentenceWordCounts, s, file: file, line: line)
            guard keeps(k) else { continue }
            spans.append((k, matches(k).withUnsafeBufferPointer { text.keepLast(matches: $0, keep: { $0.pattern / 100 % 2 == 0 }) }))
        }
        text.withViews { view in
            for (k, span) in spans {
                let s = strings[k], v = view(span), alone = Tokenizer.tokenize(s)
                XCTAssertEqual(Array(v.matches), matches(k).filter { $0.pattern / 100 % 2 == 0 }, s, file: file, line: line)
                XCTAssertEqual(Array(v.tokens), alone.tokens, s, file: file, line: line)
                XCTAssertEqual(Array(v.normalized), alone.normalized, s, file: file, line: line)
                XCTAssertEqual(Array(v.sentenceWordCounts), alone.sentenceWordCounts, s, file: file, line: line)
                // A token's normalised range indexes its own string's view.
                for (i, t) in v.tokens.enumerated() {
                    XCTAssertEqual(String(decoding: v.normalized[t.normalized], as: UTF8.self), alone.word(i), s, file: file, line: line)
                }
            }
        }
    }

    func testEachViewIsItsStringAlone() {
        check(keeps: { _ in true })
    }

    /// Strings not kept are written over by the next; the kept ones around them are unchanged.
    func testStringsNotKeptLeaveNoTrace() {
        check(keeps: { $0 % 2 == 0 })
        check(keeps: { $0 % 2 == 1 })
        check(keeps: { $0 == Self.strings.count - 1 })
        check(keeps: { _ in false })
    }

    func testSpans() {
        var text = DocumentText(proseBytes: 16)
        var sink = Tokenizer.NoSink()
        var spans: [DocumentText.Span] = []
        for s in Self.strings {
            Tokenizer.fill(s, into: &text.workspace, sink: &sink)
            spans.append(text.keepLast(matches: UnsafeBufferPointer(start: nil, count: 0), keep: { _ in true }))
        }
        XCTAssertEqual(spans[1].tokens.count, 0)
        XCTAssertEqual(spans[4].tokens.count, 2_400)
        // Back to back: each string's parts start where the one before ended.
        for k in 1..<spans.count {
            XCTAssertEqual(spans[k].tokens.lowerBound, spans[k - 1].tokens.upperBound)
            XCTAssertEqual(spans[k].normalized.lowerBound, spans[k - 1].normalized.upperBound)
            XCTAssertEqual(spans[k].counts.lowerBound, spans[k - 1].counts.upperBound)
        }
    }
}
