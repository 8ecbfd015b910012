/// Formats `policylint import` reads, and `lint` imports in memory.
public enum ProseFormat: String, Sendable, CaseIterable {
    case text = "txt"
    case markdown = "md"
    case html

    /// File extensions, lowercased, without the dot.
    public static let extensions: [String: ProseFormat] = [
        "txt": .text, "text": .text, "md": .markdown, "markdown": .markdown, "html": .html, "htm": .html,
    ]

    /// The format a file name's extension names, if any.
    public init?(path: String) {
        // On the UTF-8 bytes from the end: called for every file a run lints, where splitting
        // the path and lower-casing cost about 20 K instructions a file.
        var path = path
        guard let f = path.withUTF8({ ProseFormat.format(ofPath: $0) }) else { return nil }
        self = f
    }

    /// The format named by the extension of the last component of `path` (bytes), if any: the
    /// text after its last `.`, which must not be the component's first byte.
    static func format(ofPath path: UnsafeBufferPointer<UInt8>) -> ProseFormat? {
        var end = path.count
        while end > 0, path[end - 1] == UInt8(ascii: "/") { end -= 1 } // "a.md/" names "a.md"
        var start = end
        while start > 0, path[start - 1] != UInt8(ascii: "/") { start -= 1 }
        var dot = end
        while dot > start, path[dot - 1] != UInt8(ascii: ".") { dot -= 1 }
        guard dot > start + 1 else { return nil } // no dot, or a leading one (".md")
        let ext = UnsafeBufferPointer(rebasing: path[dot..<end])
        if !ext.allSatisfy({ $0 < 0x80 }) {
            // Unicode lower-casing, as before (the Kelvin sign lower-cases to an ASCII "k").
            return extensions[String(decoding: ext, as: UTF8.self).lowercased()]
        }
        guard ext.count <= 8 else { return nil } // no extension is longer
        let lower = String(decoding: ext.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
        return extensions[lower]
    }

    /// `txt`, `md`, `html` (or `text`, `markdown`, `htm`).
    public init?(name: String) {
        guard let f = ProseFormat(rawValue: name.lowercased()) ?? ProseFormat.extensions[name.lowercased()] else { return nil }
        self = f
    }

    public var displayName: String {
        switch self {
        case .text: return "plain text"
        case .markdown: return "Markdown"
        case .html: return "HTML"
        }
    }

    func extract(_ bytes: [UInt8]) -> ExtractedText {
        switch self {
        case .text: return PlainTextExtractor.extract(bytes)
        case .markdown: return MarkdownExtractor.extract(bytes)
        case .html: return HTMLExtractor.extract(bytes)
        }
    }
}
