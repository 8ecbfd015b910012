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
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        guard let f = ProseFormat.extensions[name[name.index(after: dot)...].lowercased()] else { return nil }
        self = f
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
