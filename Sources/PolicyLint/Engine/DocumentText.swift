/// The tokens, normalised words, sentence word counts and phrase matches of a document's scanned
/// strings, back to back in one set of buffers.
///
/// `Engine.check` keeps the strings whose words rules read again (those with a match, or with a
/// sentence a `metric` rule may report). Copying each one out of the tokenizer into four arrays
/// of its own (`TokenizedText`), and its matches into a fifth, cost five allocations, copies and
/// frees a string; here a kept string is appended to the document's buffers, and once every
/// string is scanned (the buffers no longer grow) each is read through a `ScannedText` view.
struct DocumentText: ~Copyable {
    private var tokens: ScratchBuffer<Token>
    private var normalized: ScratchBuffer<UInt8>
    private var counts: ScratchBuffer<Int>
    private var matches = ScratchBuffer<PhraseMatcher.Match>(capacity: 256)

    /// Buffers for strings of `bytes` UTF-8 bytes in all, sized as the tokenizer sizes one
    /// string's (a word and its space average over 5 bytes; folding keeps a word's length): a
    /// buffer that grew by doubling copied its tokens again at each step. Up to a megabyte of
    /// text; a larger document's buffers grow from there.
    init(proseBytes: Int) {
        let bytes = min(proseBytes, 1 << 20)
        tokens = ScratchBuffer(capacity: bytes / 5 + 1)
        normalized = ScratchBuffer(capacity: bytes)
        counts = ScratchBuffer(capacity: bytes / 64 + 1)
    }

    /// Where one kept string's parts are in the buffers.
    struct Span {
        var tokens: Range<Int>
        var normalized: Range<Int>
        var counts: Range<Int>
        var matches: Range<Int>
    }

    /// Appends the string last tokenised in `workspace`, and those of its phrase matches that
    /// `keep` accepts.
    mutating func append(_ workspace: borrowing Tokenizer.Workspace, matches found: UnsafeBufferPointer<PhraseMatcher.Match>,
                         keep: (PhraseMatcher.Match) -> Bool) -> Span {
        let first = matches.count
        for m in found where keep(m) { matches.append(m) }
        return Span(tokens: tokens.append(contentsOf: workspace.tokens.contents),
                    normalized: normalized.append(contentsOf: workspace.normalized.contents),
                    counts: counts.append(contentsOf: workspace.counts.contents),
                    matches: first..<matches.count)
    }

    /// Runs `body` with a view maker over the buffers; the views are valid during `body` only.
    func withViews<R>(_ body: ((Span) -> ScannedText) -> R) -> R {
        let tokens = tokens.contents, normalized = normalized.contents, counts = counts.contents, matches = matches.contents
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
