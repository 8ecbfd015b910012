/// The string last tokenised in a `Tokenizer.Workspace`, viewed in place, as `TokenizedText`
/// has it: tokens (their `normalized` ranges index `normalized`, their `sentence` numbers count
/// from 0) and the number of words of each sentence. Valid until the workspace's next string.
struct ScannedText {
    let tokens: UnsafeBufferPointer<Token>
    let normalized: UnsafeBufferPointer<UInt8>
    let sentenceWordCounts: UnsafeBufferPointer<Int>
}
