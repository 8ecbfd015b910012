extension YAMLNode {
    /// The node with YAML merge keys (`<<: *base`) applied at every level: keys written in a
    /// mapping win over merged ones, and earlier merged mappings win over later ones.
    public func resolvingMergeKeys() -> YAMLNode {
        switch content {
        case .scalar:
            return self
        case .sequence(let items):
            var copy = self
            copy.content = .sequence(items.map { $0.resolvingMergeKeys() })
            return copy
        case .mapping(let pairs):
            var own: [YAMLPair] = []
            var merged: [YAMLPair] = []
            for pair in pairs {
                if case .scalar("<<", .plain) = pair.key.content, pair.key.tag == nil {
                    let sources = pair.value.items ?? [pair.value]
                    for source in sources {
                        if let sourcePairs = source.resolvingMergeKeys().pairs { merged.append(contentsOf: sourcePairs) }
                    }
                } else {
                    own.append(YAMLPair(key: pair.key, value: pair.value.resolvingMergeKeys()))
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
