import PolicyLint

extension StagedFiles {
    /// What staging a baseline file came to.
    public enum BaselineStaging: Equatable, Sendable {
        /// Staged for the path, this many bytes.
        case staged(bytes: Int)
        /// Not staged: its text would be this many bytes, over the limit a baseline may be read
        /// back with. Nothing is left of it.
        case tooLarge(bytes: Int)
    }

    /// Stages `baseline`'s file for `path`, rendered straight into its temporary file piece by
    /// piece (`Baseline.render`): the text is never held whole. One over `limit` bytes is
    /// rendered to its end only to be counted, and its temporary file is dropped.
    public func stage(_ baseline: Baseline, toolVersion: String, limit: Int = Baseline.maxBytes,
                      for path: String) throws(Failure) -> BaselineStaging {
        var size = 0
        do {
            try stage(for: path) { write throws(Failure) in
                try baseline.render(toolVersion: toolVersion) { piece throws(Failure) in
                    size += piece.count
                    if size <= limit { try write(piece) }
                }
                if size > limit { throw Failure(path: path, reason: "over the limit") }
            }
        } catch {
            if size > limit { return .tooLarge(bytes: size) }
            throw error
        }
        return .staged(bytes: size)
    }
}
