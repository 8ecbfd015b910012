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
        try stage(baseline, toolVersion: toolVersion, limit: limit, into: open(for: path))
    }

    /// Stages `baseline` into `file`, opened with `open(for:)` before the run so that a folder
    /// that is missing or not writable stops the run before it lints anything.
    public func stage(_ baseline: Baseline, toolVersion: String, limit: Int = Baseline.maxBytes,
                      into file: StagedFile) throws(Failure) -> BaselineStaging {
        var size = 0
        do throws(Failure) {
            try baseline.render(toolVersion: toolVersion) { piece throws(Failure) in
                size += piece.count
                if size <= limit { try file.write(piece) }
            }
            if size > limit {
                file.abandon()
                return .tooLarge(bytes: size)
            }
            try file.close()
        } catch {
            file.abandon()
            throw error
        }
        return .staged(bytes: size)
    }
}
