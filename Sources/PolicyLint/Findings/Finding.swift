import PolicyYAML

/// A place in a file: 1-based line and column; the end is exclusive (the column after the last
/// character), as in SARIF.
public struct Location: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    /// Path in the document, e.g. `promises[0].text`.
    public var path: String
    /// A note on what this location is (for related locations: "the claim").
    public var message: String?

    public init(file: String, start: Mark, end: Mark, path: String, message: String? = nil) {
        self.file = file
        self.line = start.line
        self.column = start.column
        self.endLine = end.line
        self.endColumn = end.column
        self.path = path
        self.message = message
    }
}

/// One reported problem.
public struct Finding: Sendable, Equatable {
    public var rule: String
    public var title: String
    public var category: String
    public var severity: Severity
    public var message: String
    public var location: Location
    public var related: [Location]
    public var fix: String?
    /// The words the finding is about, as written (empty for structural findings).
    public var matchedText: String
    /// Stable across line shifts: rule, document path, normalised matched words, occurrence.
    public var fingerprint: String

    public var file: String { location.file }
    public var line: Int { location.line }
    public var column: Int { location.column }
    public var endLine: Int { location.endLine }
    public var endColumn: Int { location.endColumn }
}

/// A problem with an input (unreadable, malformed, over a limit): the file is not linted.
public struct InputError: Error, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int = 1, column: Int = 1, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public init(file: String, _ error: YAMLError) {
        self.init(file: file, line: error.mark.line, column: error.mark.column, message: error.message)
    }

    /// `path:line:col: error: message`
    public var rendered: String { "\(file):\(line):\(column): error: \(message)" }
}
