/// A word of a prose string: where it is in the string's UTF-8 bytes, where its normalised
/// form is in `TokenizedText.normalized`, and which sentence it belongs to.
public struct Token: Sendable, Equatable {
    /// UTF-8 byte range in the original (un-normalised) string.
    public var start: Int
    public var end: Int
    /// Byte range of the case-folded, NFKC, apostrophe-unified word in `TokenizedText.normalized`.
    public var normalized: Range<Int>
    /// Index of the sentence within the string.
    public var sentence: Int
}

/// A tokenised prose string. Normalised words share one byte buffer: no String per word.
public struct TokenizedText: Sendable {
    public var tokens: [Token]
    /// The normalised words, back to back.
    public var normalized: [UInt8]
    /// Sentence index -> byte range of the sentence in the string.
    public var sentences: [Range<Int>]
    /// Number of words per sentence.
    public var sentenceWordCounts: [Int]

    /// The normalised form of token `i`.
    public func word(_ i: Int) -> String {
        String(decoding: normalized[tokens[i].normalized], as: UTF8.self)
    }

    /// Every normalised word, in order.
    public var words: [String] { tokens.indices.map(word) }
}
