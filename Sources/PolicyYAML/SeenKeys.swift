/// The scalar keys of one mapping so far, for duplicate detection. Most mappings have a few
/// keys: a short list compared in order costs less than hashing each key. A long mapping gets
/// a dictionary as well, so a huge one stays linear.
struct SeenKeys {
    private var list: [(key: String, at: Mark)] = []
    private var index: [String: Mark] = [:]
    static let listLimit = 16

    /// Where `key` was first written, if it was.
    func position(of key: String) -> Mark? {
        if list.count < Self.listLimit {
            for entry in list where entry.key == key { return entry.at }
            return nil
        }
        return index[key]
    }

    /// Records a key not seen before.
    mutating func insert(_ key: String, at position: Mark) {
        if list.count < Self.listLimit {
            list.append((key, position))
            if list.count == Self.listLimit {
                index = Dictionary(list.map { ($0.key, $0.at) }, uniquingKeysWith: { first, _ in first })
            }
        } else {
            index[key] = position
        }
    }
}
