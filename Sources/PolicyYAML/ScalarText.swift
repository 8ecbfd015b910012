/// Scalar values as libyaml hands them over.
public enum ScalarText {
    /// A `String` of the bytes of a scalar value libyaml emitted, made without checking the
    /// bytes' UTF-8 again. libyaml emits valid UTF-8: it decodes its input and stops at a
    /// malformed sequence (and `SourceText` has checked the whole file before it parses), copies
    /// the characters it read, and writes the characters of escapes only for Unicode scalar
    /// values (it rejects surrogates and values past U+10FFFF). `String(decoding:as:)` checked
    /// every byte of a value with a non-ASCII character again, one at a time: nearly a third of
    /// the instructions of taking the terms from libyaml's events (docs/performance.md). Whether
    /// the value is ASCII is still found out (a fast pass): a `String` marked ASCII keeps its fast
    /// paths. Debug builds, which run the tests and the YAML test suite, check each value.
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard !bytes.isEmpty else { return "" }
        assert(String(validating: bytes, as: UTF8.self) != nil, "libyaml emitted a scalar that is not UTF-8")
        var text = UTF8Span(unchecked: bytes.span)
        _ = text.checkForASCII()
        return String(copying: text)
    }
}
