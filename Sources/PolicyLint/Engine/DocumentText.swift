/// The tokens, normalised words, sentence word counts and phrase matches of a document's scanned
/// strings, back to back in one set of buffers.
///
/// `Engine.check` keeps the strings whose words rules read again (those with a match, or with a
/// sentence a `metric` rule may report). Every string is tokenised into `workspace`, whose
/// buffers are this document's: a kept string's tokens stay where the tokenizer wrote them
/// (`keepLast`), and the next string is written after them; a string not kept is written over
/// by the next. Once every string is scanned (the buffers no longer grow) each kept one is read
/// through a `ScannedText` view. (Until 2026-12-04 the tokenizer had buffers of its own and a
/// kept string was copied from them: 11.6 M of the 2.72 G instructions on the 10 MB corpus.)
struct DocumentText: ~Copyable {
    /// The tokenizer's buffers: the kept strings, then the string being scanned.
    var workspace: Tokenizer.Workspace
    private var matches = ScratchBuffer<PhraseMatcher.Match>(capacity: 256)

    /// Buffers for strings of `bytes` UTF-8 bytes in all, sized as the tokenizer sizes one
    /// string's: a buffer that grew by doubling copied its tokens again at each step. Up to a
    /// megabyte of text; a larger document's buffers grow from there.
    init(proseBytes: Int) {
        workspace = Tokenizer.Workspace(bytes: min(proseBytes, 1 << 20))
    }

    /// Where one kept string's parts are in the buffers.
    struct Span {
        var tokens: Range<Int>
        var normalized: Range<Int>
        var counts: Range<Int>
        var matches: Range<Int>
    }

    /// Keeps the string last tokenised in `workspace`, and those of its phrase matches that
    /// `keep` accepts.
    mutating func keepLast(matches found: UnsafeBufferPointer<PhraseMatcher.Match>,
                           keep: (PhraseMatcher.Match) -> Bool) -> Span {
        let first = matches.count
        for m in found where keep(m) { matches.append(m) }
        let parts = workspace.keepLast()
        return Span(tokens: parts.tokens, normalized: parts.normalized, counts: parts.counts, matches: first..<matches.count)
    }

    /// Runs `body` with a view maker over the buffers; the views are valid during `body` only.
    func withViews<R>(_ body: ((Span) -> ScannedText) -> R) -> R {
        let tokens = workspace.tokens.contents, normalized = workspace.normalized.contents
        let counts = workspace.counts.contents, matches = matches.contents
        return body { span in
            ScannedText(tokens: UnsafeBufferPointer(rebasing: tokens[span.tokens]),
                        normalized: UnsafeBufferPointer(rebasing: normalized[span.normalized]),
                        sentenceWordCounts: UnsafeBufferPointer(rebasing: counts[span.counts]),
                        matches: UnsafeBufferPointer(rebasing: matches[span.matches]))
        }
    }
}

/// One scanned string's part of a `DocumentText`, as `TokenizedText` has it: tokens (their
/// `normalized` ranges index `normalized`, their `sentence` numbers count from 0 in the string)
/// and the number of words of each sentence; and its phrase matches, in scan order. Valid while
/// `DocumentText.withViews` runs.
struct ScannedText {
    let tokens: UnsafeBufferPointer<Token>
    let normalized: UnsafeBufferPointer<UInt8>
    let sentenceWordCounts: UnsafeBufferPointer<Int>
    let matches: UnsafeBufferPointer<PhraseMatcher.Match>
}
