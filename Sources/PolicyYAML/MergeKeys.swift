extension YAMLNode {
    /// The node with YAML merge keys (`<<: *base`) applied at every level: keys written in a
    /// mapping win over merged ones, and earlier merged mappings win over later ones.
    public func resolvingMergeKeys() -> YAMLNode {
        containsMergeKey ? resolved() : self
    }

    /// Whether any mapping below has a `<<` key (most documents have none: no copy then).
    public var containsMergeKey: Bool {
        switch content {
        case .scalar: return false
        case .sequence(let items): return items.contains { $0.containsMergeKey }
        case .mapping(let pairs):
            return pairs.contains { p in
                if case .scalar("<<", .plain) = p.key.content, p.key.tag == nil { return true }
                return p.value.containsMergeKey
            }
        }
    }

    private func resolved() -> YAMLNode {
        switch content {
        case .scalar:
            return self
        case .sequence(let items):
            var copy = self
            copy.content = .sequence(items.map { $0.resolved() })
            return copy
        case .mapping(let pairs):
            var own: [YAMLPair] = []
            var merged: [YAMLPair] = []
            for pair in pairs {
                if case .scalar("<<", .plain) = pair.key.content, pair.key.tag == nil {
                    let sources = pair.value.items ?? [pair.value]
                    for source in sources {
                        if let sourcePairs = source.resolved().pairs { merged.append(contentsOf: sourcePairs) }
                    }
                } else {
                    own.append(YAMLPair(key: pair.key, value: pair.value.resolved()))
                }
            }
            var keys = Set(own.compactMap { $0.key.scalar })
            for pair in merged {
                if let k = pair.key.scalar {
                    if keys.contains(k) { continue }
                    keys.insert(k)
                }
                own.append(pair)
            }
            var copy = self
            copy.content = .mapping(own)
            return copy
        }
    }
}
