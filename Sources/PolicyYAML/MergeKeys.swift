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
        // Index loops: `for in` copied every node (a retain and a release each).
        case .sequence(let items):
            if items.isPacked { return false } // no mapping with a `<<` key is packed
            for i in items.indices where items[i].containsMergeKey { return true }
            return false
        case .mapping(let pairs):
            for i in pairs.indices where pairs[i].key.isMergeKey || pairs[i].value.containsMergeKey { return true }
            return false
        }
    }

    /// A plain, untagged `<<` key.
    var isMergeKey: Bool {
        // The length test first spares a string comparison for nearly every key.
        guard case .scalar(let s, .plain) = content, s.utf8.count == 2, tag == nil else { return false }
        return s == "<<"
    }

    private func resolved() -> YAMLNode {
        switch content {
        case .scalar:
            return self
        case .sequence(let items):
            if items.isPacked { return self } // no mapping with a `<<` key is packed
            var copy = self
            copy.content = .sequence(YAMLNodeList(items.map { $0.resolved() }))
            return copy
        case .mapping(let pairs):
            var own: [YAMLPair] = []
            var merged: [YAMLPair] = []
            for pair in pairs {
                if pair.key.isMergeKey {
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
