import XCTest
@testable import PolicyLint

/// `DocumentText` keeps a document's scanned strings back to back: each string's view must read
/// exactly what the tokenizer gives that string alone, and the matches kept for it, whatever
/// came before it and however the buffers grew.
final class DocumentTextTests: XCTestCase {
    func testEachViewIsItsStringAlone() {
        let strings = [
            "We are not responsible for delays caused by our carrier. Refunds take 30 days.",
            "",
            "Le café n’est pas remboursé; the lab's report is final!",
            "One. Two three. Four five six.",
            String(repeating: "Refunds are at our sole discretion. ", count: 400), // past the reserved capacity
            "x",
        ]
        // Reserved for far less text than follows, so every buffer grows while strings are kept.
        var text = DocumentText(proseBytes: 16)
        var workspace = Tokenizer.Workspace()
        var spans: [DocumentText.Span] = []
        var sink = Tokenizer.NoSink()
        // String k's matches: patterns k, 100 + k, ... (every other one is dropped by `keep`).
        func matches(_ k: Int) -> [PhraseMatcher.Match] {
            (0..<(2 * k)).map { PhraseMatcher.Match(pattern: 100 * $0 + k, first: 0, last: 0) }
        }
        for (k, s) in strings.enumerated() {
            Tokenizer.fill(s, into: &workspace, sink: &sink)
            spans.append(matches(k).withUnsafeBufferPointer { text.append(workspace, matches: $0, keep: { $0.pattern / 100 % 2 == 0 }) })
        }
        text.withViews { view in
            for (k, (s, span)) in zip(strings, spans).enumerated() {
                let v = view(span), alone = Tokenizer.tokenize(s)
                XCTAssertEqual(Array(v.matches), matches(k).filter { $0.pattern / 100 % 2 == 0 }, s)
                XCTAssertEqual(Array(v.tokens), alone.tokens, s)
                XCTAssertEqual(Array(v.normalized), alone.normalized, s)
                XCTAssertEqual(Array(v.sentenceWordCounts), alone.sentenceWordCounts, s)
                // A token's normalised range indexes its own string's view.
                for (i, t) in v.tokens.enumerated() {
                    XCTAssertEqual(String(decoding: v.normalized[t.normalized], as: UTF8.self), alone.word(i), s)
                }
            }
        }
        XCTAssertEqual(spans[1].tokens.count, 0)
        XCTAssertEqual(spans[4].tokens.count, 2_400)
    }
}
