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
        var out: [(path: String, node: YAMLNode)] = []
        resolve(root, from: 0, path: "", skippingNulls: false, into: &out)
        return out
    }

    /// `resolve(in:)` without the null values (`PolicyDocument.value(at:)`): one list, not a
    /// list and its filtered copy.
    func resolveValues(in root: YAMLNode) -> [(path: String, node: YAMLNode)] {
        var out: [(path: String, node: YAMLNode)] = []
        resolve(root, from: 0, path: "", skippingNulls: true, into: &out)
        return out
    }

    /// Depth first, in document order (the order of a breadth-first walk too: every node
    /// reached is at the same depth).
    private func resolve(_ node: YAMLNode, from k: Int, path: String, skippingNulls: Bool, into out: inout [(path: String, node: YAMLNode)]) {
        guard k < segments.count else {
            if !skippingNulls || !node.isNull { out.append((path, node)) }
            return
        }
        switch segments[k] {
        case .key(let key):
            if let v = node[key] { resolve(v, from: k + 1, path: path.isEmpty ? key : path + "." + key, skippingNulls: skippingNulls, into: &out) }
        case .index(let n):
            if case .sequence(let items) = node.content, n < items.count {
                resolve(items[n], from: k + 1, path: "\(path)[\(n)]", skippingNulls: skippingNulls, into: &out)
            }
        case .any:
            if case .sequence(let items) = node.content {
                for n in items.indices { resolve(items[n], from: k + 1, path: "\(path)[\(n)]", skippingNulls: skippingNulls, into: &out) }
            }
        }
    }

    /// Whether a node the pattern reaches from `root` satisfies `test`: `resolve` without the
    /// paths and the array (the checks that only ask whether a field is stated).
    public func contains(in root: YAMLNode, where test: (YAMLNode) -> Bool) -> Bool {
        contains(root, from: 0, where: test)
    }

    private func contains(_ node: YAMLNode, from k: Int, where test: (YAMLNode) -> Bool) -> Bool {
        guard k < segments.count else { return test(node) }
        switch segments[k] {
        case .key(let key):
            guard let v = node[key] else { return false }
            return contains(v, from: k + 1, where: test)
        case .index(let n):
            guard case .sequence(let items) = node.content, n < items.count else { return false }
            return contains(items[n], from: k + 1, where: test)
        case .any:
            guard case .sequence(let items) = node.content else { return false }
            return items.contains { contains($0, from: k + 1, where: test) }
        }
    }
}
