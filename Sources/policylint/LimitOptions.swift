import ArgumentParser
import PolicyLint

/// `--max-file-size`, `--max-depth`, `--max-aliases`, `--max-findings`: the limits of
/// docs/reliability.md, over `limits:` in the configuration.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("Largest file to read, in MB (default 10).", valueName: "MB"))
    var maxFileSize: Int?

    @Option(name: .customLong("max-depth"), help: ArgumentHelp("Deepest YAML nesting (default 256).", valueName: "n"))
    var maxDepth: Int?

    @Option(name: .customLong("max-aliases"), help: ArgumentHelp("Most nodes YAML aliases may add to a document (default 100000).", valueName: "n"))
    var maxAliases: Int?

    @Option(name: .customLong("max-findings"), help: ArgumentHelp("Most findings in one file; a file with more is an error (default 1000).", valueName: "n"))
    var maxFindings: Int?

    func validate() throws {
        func check(_ value: Int?, _ flag: String, _ range: ClosedRange<Int>) throws {
            if let v = value, !range.contains(v) {
                throw ValidationError("\(flag) must be from \(range.lowerBound) to \(range.upperBound)")
            }
        }
        let mb = LimitSettings.fileBytesRange
        try check(maxFileSize, "--max-file-size", 1...(mb.upperBound / (1024 * 1024)))
        try check(maxDepth, "--max-depth", LimitSettings.depthRange)
        try check(maxAliases, "--max-aliases", LimitSettings.aliasRange)
        try check(maxFindings, "--max-findings", LimitSettings.findingsRange)
    }

    var settings: LimitSettings {
        var s = LimitSettings()
        s.maxFileBytes = maxFileSize.map { $0 * 1024 * 1024 }
        s.maxDepth = maxDepth
        s.maxAliasNodes = maxAliases
        s.maxFindings = maxFindings
        return s
    }
}
