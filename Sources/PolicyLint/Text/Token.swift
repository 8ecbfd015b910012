/// A word of a prose string: where it is in the string's UTF-8 bytes, where its normalised
/// form is in `TokenizedText.normalized`, and which sentence it belongs to.
///
/// Kept in 32-bit fields (20 bytes instead of 40): the tokenizer writes one per word of every
/// prose string and the matcher and rules read them back, so their size is memory traffic on the
/// hottest path. Prose comes from files of at most 1 GiB; `Tokenizer` reads at most
/// `Token.maxOffset` bytes of a string.
public struct Token: Sendable, Equatable {
    private var storedStart: Int32
    private var storedEnd: Int32
    private var normalizedStart: Int32
    private var normalizedEnd: Int32
    private var storedSentence: Int32

    /// The longest string, in UTF-8 bytes, whose tokens can say where they are.
    public static let maxOffset = Int(Int32.max)

    public init(start: Int, end: Int, normalized: Range<Int>, sentence: Int) {
        storedStart = Int32(truncatingIfNeeded: start)
        storedEnd = Int32(truncatingIfNeeded: end)
        normalizedStart = Int32(truncatingIfNeeded: normalized.lowerBound)
        normalizedEnd = Int32(truncatingIfNeeded: normalized.upperBound)
        storedSentence = Int32(truncatingIfNeeded: sentence)
    }

    /// UTF-8 byte range in the original (un-normalised) string.
    public var start: Int { Int(storedStart) }
    public var end: Int { Int(storedEnd) }
    /// Byte range of the case-folded, NFKC, apostrophe-unified word in `TokenizedText.normalized`.
    public var normalized: Range<Int> { Int(normalizedStart)..<Int(normalizedEnd) }
    /// Index of the sentence within the string.
    public var sentence: Int { Int(storedSentence) }
}

/// A tokenised prose string. Normalised words share one byte buffer: no String per word.
public struct TokenizedText: Sendable {
    public var tokens: [Token]
    /// The normalised words in order, each followed by one space: the words `i...j` joined by
    /// spaces are the bytes from `tokens[i].normalized.lowerBound` to `tokens[j].normalized.upperBound`
    /// (fingerprints hash them so, without a loop per word).
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
