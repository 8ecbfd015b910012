import PolicyYAML

extension Linter {
    /// Lints terms in plain text, Markdown or HTML: imported in memory (one term per sentence),
    /// findings at lines and columns of the original file.
    func lintImported(bytes: [UInt8], file: String, format: ProseFormat) -> FileResult {
        var result = FileResult(file: file)
        if bytes.count > limits.maxFileBytes {
            result.error = InputError(file: file, message: "file is \(bytes.count / (1024 * 1024)) MB, over the \(limits.maxFileBytes / (1024 * 1024)) MB limit (--max-file-size)")
            return result
        }
        let source: SourceText
        do { source = try TermsImporter.decode(bytes) } catch {
            result.error = InputError(file: file, error)
            return result
        }
        result.source = source
        let imported = TermsImporter.importText(source, format: format, file: file)
        if imported.terms.isEmpty {
            result.error = InputError(file: file, message: "no sentences to lint in this \(format.displayName) file")
            return result
        }
        result.documents = 1
        do { result.findings = try engine.check(imported.document(), file: file, limit: maxFindingsPerFile) } catch {
            result.error = error
            return result
        }
        applyFindingsLimit(&result)
        return result
    }

    /// Reads a file as `lint` does (size limit, clear errors), for `policylint import`.
    public func readInput(_ path: String) throws(InputError) -> [UInt8] {
        try readFile(path)
    }
}
