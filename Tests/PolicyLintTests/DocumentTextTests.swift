import XCTest
@testable import PolicyLint

/// `DocumentText` keeps a document's scanned strings back to back: each string's view must read
/// exactly what the tokenizer gives that string alone, whatever came before it and however the
/// buffers grew.
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
        for s in strings {
            Tokenizer.fill(s, into: &workspace, sink: &sink)
            spans.append(text.append(workspace))
        }
        text.withViews { view in
            for (s, span) in zip(strings, spans) {
                let v = view(span), alone = Tokenizer.tokenize(s)
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
