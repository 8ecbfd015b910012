/// Bounds that keep untrusted input from exhausting time or memory (docs/reliability.md).
/// Each can be set in `.policylint.yml` (`limits:`) and by a command-line flag.
public struct YAMLLimits: Sendable, Equatable {
    /// Largest accepted file, in bytes.
    public var maxFileBytes: Int = 10 * 1024 * 1024
    /// Deepest nesting of collections.
    public var maxDepth: Int = 256
    /// Most nodes that alias expansion may add to one document (billion-laughs guard).
    public var maxAliasNodes: Int = 100_000
    /// Most documents in one stream.
    public var maxDocuments: Int = 100_000

    public init() {}

    public static let `default` = YAMLLimits()

    /// A byte count for messages: "10 MB", "512 KB", "10 MB+" (over a whole number of MB).
    public static func describe(bytes: Int) -> String { formatBytes(bytes) }
}
