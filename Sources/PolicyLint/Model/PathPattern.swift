import PolicyYAML

/// A path into a document: `support.first_response`, `promises[*].text`, `terms[0]`.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
        case any
    }

    public let segments: [Segment]
    public let description: String

    public init?(_ text: String) {
        var segments: [Segment] = []
        var i = text.startIndex
        var key = ""
        func flush() -> Bool {
            if key.isEmpty { return false }
            segments.append(.key(key)); key = ""; return true
        }
        while i < text.endIndex {
            let c = text[i]
            if c == "." {
                if !key.isEmpty { _ = flush() } else if segments.isEmpty { return nil }
                i = text.index(after: i)
            } else if c == "[" {
                _ = flush()
                guard let close = text[i...].firstIndex(of: "]") else { return nil }
                let inner = text[text.index(after: i)..<close]
                if inner == "*" { segments.append(.any) }
                else if let n = Int(inner), n >= 0 { segments.append(.index(n)) }
                else { return nil }
                i = text.index(after: close)
            } else if c.isLetter || c.isNumber || c == "_" || c == "-" {
                key.append(c)
                i = text.index(after: i)
            } else {
                return nil
            }
        }
        _ = flush()
        if segments.isEmpty { return nil }
        self.segments = segments
        self.description = text
    }

    /// Every node the pattern reaches from `root`, with its concrete path.
    public func resolve(in root: YAMLNode) -> [(path: String, node: YAMLNode)] {
        var current: [(String, YAMLNode)] = [("", root)]
        for segment in segments {
            var next: [(String, YAMLNode)] = []
            for (path, node) in current {
                switch segment {
                case .key(let k):
                    if let v = node[k] { next.append((path.isEmpty ? k : "\(path).\(k)", v)) }
                case .index(let n):
                    if let items = node.items, n < items.count { next.append(("\(path)[\(n)]", items[n])) }
                case .any:
                    if let items = node.items {
                        for (n, item) in items.enumerated() { next.append(("\(path)[\(n)]", item)) }
                    }
                }
            }
            current = next
        }
        return current
    }
}
