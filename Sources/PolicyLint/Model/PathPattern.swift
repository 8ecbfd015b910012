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
        forEach(in: root, skippingNulls: false) { path, node in out.append((path.description, node)) }
        return out
    }

    /// Every node the pattern reaches from `root`, in document order, with its concrete path
    /// rendered only when asked (`ConcretePath.description`): the rules read every promise but
    /// name few. A list of (path, node) pairs and a path string per node were a fifth of the
    /// peak memory for a large `promises:` list (docs/performance.md, "One large file").
    /// `skippingNulls`: without the null values (`PolicyDocument.forEachValue(at:)`).
    public func forEach(in root: YAMLNode, skippingNulls: Bool, _ body: (ConcretePath, YAMLNode) -> Void) {
        var indices: [Int] = []  // no allocation for a pattern without `*` (most)
        visit(root, from: 0, indices: &indices, skippingNulls: skippingNulls, body)
    }

    /// Depth first, in document order (the order of a breadth-first walk too: every node
    /// reached is at the same depth). `indices`: the item index taken at each `.any` so far.
    private func visit(_ node: YAMLNode, from k: Int, indices: inout [Int], skippingNulls: Bool,
                       _ body: (ConcretePath, YAMLNode) -> Void) {
        guard k < segments.count else {
            if !skippingNulls || !node.isNull { body(ConcretePath(pattern: self, indices: indices), node) }
            return
        }
        switch segments[k] {
        case .key(let key):
            if let v = node[key] { visit(v, from: k + 1, indices: &indices, skippingNulls: skippingNulls, body) }
        case .index(let n):
            if case .sequence(let items) = node.content, n < items.count {
                visit(items[n], from: k + 1, indices: &indices, skippingNulls: skippingNulls, body)
            }
        case .any:
            if case .sequence(let items) = node.content {
                for n in items.indices {
                    indices.append(n)
                    visit(items[n], from: k + 1, indices: &indices, skippingNulls: skippingNulls, body)
                    indices.removeLast()
                }
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

/// The path of one node a `PathPattern` reached: the pattern with an item index for each `*`.
public struct ConcretePath: CustomStringConvertible {
    let pattern: PathPattern
    /// One per `.any` segment of the pattern, in order.
    let indices: [Int]

    /// `promises[2].text` for `promises[*].text`.
    public var description: String {
        var out = ""
        var next = 0
        for segment in pattern.segments {
            switch segment {
            case .key(let key):
                if !out.isEmpty { out += "." }
                out += key
            case .index(let n):
                out += "[\(n)]"
            case .any:
                out += "[\(indices[next])]"
                next += 1
            }
        }
        return out
    }
}
