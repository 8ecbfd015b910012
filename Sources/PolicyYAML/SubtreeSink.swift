/// Receives the value of one key of each document's root mapping as libyaml's events, instead
/// of the tree building nodes for it (`YAMLParser.parse(bytes:intercepting:sink:)`).
///
/// Why: a policy's `terms:` list holds most of a file's nodes (83% on the benchmark corpus),
/// and the policy model needs only its prose strings. Building a node, a pair array and a key
/// string for every term, walking them along the schema and freeing them cost more than taking
/// the prose straight from the events.
///
/// The sink sees a simple shape only: the value must be a block or flow list without anchor or
/// tag, and inside it the parser gives up by itself at a tag, at nesting that reaches the depth
/// limit, and at what the tree would report as an error (an unknown alias, an alias bomb, a
/// duplicate key in an anchored mapping). Anchors and aliases inside the value are the sink's
/// to see as the tree would hold them: an anchored node is built as a node too (an alias after
/// the value may name it), and an alias comes as the events of its anchor's node, with that
/// node's marks. The sink gives up (returns false) at anything it does not
/// expect; merge keys (`<<`) inside the value are its to see (the document's `hasMergeKeys`
/// does not count them). Giving up stops the parse; the caller then parses again without a
/// sink, and the tree reports whatever made the shape unusual (errors, schema issues) as it
/// always did.
public protocol YAMLSubtreeSink: AnyObject {
    /// The value of the key in document `document` (its index in the stream) starts.
    func begin(document: Int)
    /// A mapping (`mapping` true) or a list opens inside the value.
    func open(mapping: Bool) -> Bool
    /// The innermost open mapping or list inside the value closes.
    func close() -> Bool
    /// A scalar inside the value: its bytes (valid during the call), its style, and `marks`,
    /// which works its start and end out when called (a sink that only reads keys need not).
    func scalar(_ value: UnsafeBufferPointer<UInt8>, style: ScalarStyle, marks: () -> (start: Mark, end: Mark)) -> Bool
    /// The value ends; false gives up.
    func end() -> Bool
}

/// The result of a parse with a sink.
public enum InterceptedParse: Sendable {
    /// The stream; documents whose value went to the sink have `interceptedValue` set, and
    /// in their tree that value is an empty list with the value's marks.
    case parsed(YAMLStream)
    /// The sink or the parser gave up: parse `source` again without a sink.
    case gaveUp(SourceText)
}
