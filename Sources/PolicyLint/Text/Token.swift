/// A word of a prose string: where it is in the string's UTF-8 bytes, its normalised form,
/// and which sentence it belongs to.
public struct Token: Sendable, Equatable {
    /// UTF-8 byte range in the original (un-normalised) string.
    public var start: Int
    public var end: Int
    /// Case-folded, NFKC, apostrophes unified.
    public var text: String
    /// Index of the sentence within the string.
    public var sentence: Int
}

/// A tokenised prose string.
public struct TokenizedText: Sendable {
    public var tokens: [Token]
    /// Sentence index -> byte range of the sentence in the string.
    public var sentences: [Range<Int>]
    /// Number of words per sentence.
    public var sentenceWordCounts: [Int]
}
