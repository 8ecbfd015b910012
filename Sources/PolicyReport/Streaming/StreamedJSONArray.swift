import PolicyYAML

/// One array of a JSON document written while files are linted (the JSON report's findings,
/// SARIF's results): the text before it, its items chunk by chunk, the text after it.
struct StreamedJSONArray {
    /// Chunks are items each written as ",\n<indent>{...}"; the array's first item has no comma.
    private var wroteItem = false
    /// The line break and indentation before the closing `]`.
    let closingIndent: Int

    init(closingIndent: Int) {
        self.closingIndent = closingIndent
    }

    /// The text of `root` split where the string `placeholder` stands (the array's place).
    static func split(_ root: JSONValue, at placeholder: String) -> (head: ArraySlice<UInt8>, tail: ArraySlice<UInt8>) {
        var document: [UInt8] = []
        root.write(to: &document, indent: 2, level: 0)
        var marker: [UInt8] = []
        JSONValue.writeString(placeholder, to: &marker)
        let at = find(marker, in: document)! // the caller put the placeholder in the document
        return (document[..<at], document[(at + marker.count)...])
    }

    /// The bytes to write for one file's items.
    mutating func add(_ chunk: [UInt8]) -> [UInt8] {
        guard !chunk.isEmpty else { return [] }
        defer { wroteItem = true }
        return wroteItem ? chunk : [0x5B] + chunk.dropFirst() // "[" replaces the first comma
    }

    /// One file's items in one array (whole-run renders).
    mutating func add(_ chunk: ChunkBytes) -> [UInt8] {
        var all: [UInt8] = []
        _ = add(chunk) { all += $0 }
        return all
    }

    /// One file's items handed to `write` in pieces (the first comma replaced as above).
    mutating func add(_ chunk: ChunkBytes, write: ([UInt8]) -> Void) -> String? {
        var first = true
        return chunk.forEachPiece { piece in
            write(first ? add(piece) : piece)
            first = false
        }
    }

    /// The end of the array: `[]` when it stayed empty.
    func close() -> [UInt8] {
        wroteItem ? [0x0A] + Array(repeating: 0x20, count: closingIndent) + [0x5D] : [0x5B, 0x5D]
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
