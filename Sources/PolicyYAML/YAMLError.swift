/// An input problem with the position it was found at. Rendered as `path:line:col: error: ...`.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var mark: Mark

    public init(_ message: String, at mark: Mark) {
        self.message = message
        self.mark = mark
    }

    public var description: String { "\(mark.line):\(mark.column): \(message)" }
}
