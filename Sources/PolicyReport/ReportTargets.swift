/// Where one report goes: a file, or standard output when `path` is nil.
public struct ReportTarget: Sendable, Equatable {
    public var format: ReportFormat
    public var path: String?

    public init(_ format: ReportFormat, _ path: String? = nil) {
        self.format = format
        self.path = path
    }
}

/// Pairs `--format` and `--output` options into report targets.
///
/// Each `--output FILE` belongs to the `--format` just before it; a `--format` with no `--output`
/// after it goes to standard output (at most one may). With one format and one output, their order
/// does not matter; `--output` alone writes the text format.
public enum ReportTargets {
    public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// `arguments` is the command line, to recover the order of the options; when it does not
    /// hold them (a programmatic call), formats and outputs pair by position.
    public static func pair(formats: [ReportFormat], outputs: [String], arguments: [String]) throws(UsageError) -> [ReportTarget] {
        var targets: [ReportTarget]
        if formats.isEmpty {
            if outputs.count > 1 { throw UsageError(description: "several --output files need a --format each (--format FORMAT --output FILE ...)") }
            targets = [ReportTarget(.text, outputs.first)]
        } else if formats.count == 1 && outputs.count <= 1 {
            targets = [ReportTarget(formats[0], outputs.first)]
        } else {
            let order = optionOrder(arguments)
            if order.filter({ $0 }).count == formats.count && order.filter({ !$0 }).count == outputs.count {
                targets = try walk(order, formats, outputs)
            } else {
                guard outputs.count <= formats.count else { throw UsageError(description: "more --output files than --format options") }
                targets = formats.enumerated().map { i, f in ReportTarget(f, i < outputs.count ? outputs[i] : nil) }
            }
        }
        if targets.filter({ $0.path == nil }).count > 1 {
            throw UsageError(description: "only one report can go to standard output: give an --output FILE after each other --format")
        }
        var seen = Set<String>()
        for t in targets {
            if let p = t.path {
                if p == "-" { continue }
                if seen.contains(p) { throw UsageError(description: "--output \(p) is given twice") }
                seen.insert(p)
            }
        }
        // `--output -` is standard output too.
        return targets.map { t in t.path == "-" ? ReportTarget(t.format, nil) : t }
    }

    /// The order of `--format` (true) and `--output` (false) options in the command line.
    static func optionOrder(_ arguments: [String]) -> [Bool] {
        var order: [Bool] = []
        var skipNext = false
        for arg in arguments {
            if skipNext { skipNext = false; continue }
            if arg == "--" { break }
            if arg == "--format" || arg == "-f" { order.append(true); skipNext = true }
            else if arg == "--output" || arg == "-o" { order.append(false); skipNext = true }
            else if arg.hasPrefix("--format=") || (arg.hasPrefix("-f") && !arg.hasPrefix("--") && arg.count > 2) { order.append(true) }
            else if arg.hasPrefix("--output=") || (arg.hasPrefix("-o") && !arg.hasPrefix("--") && arg.count > 2) { order.append(false) }
        }
        return order
    }

    static func walk(_ order: [Bool], _ formats: [ReportFormat], _ outputs: [String]) throws(UsageError) -> [ReportTarget] {
        var targets: [ReportTarget] = []
        var f = 0, o = 0
        var pending: Int? // index in targets of the last format without an output
        for isFormat in order {
            if isFormat {
                targets.append(ReportTarget(formats[f], nil))
                pending = targets.count - 1
                f += 1
            } else {
                guard let p = pending else {
                    throw UsageError(description: "--output \(outputs[o]) comes before any --format (write --format FORMAT --output FILE)")
                }
                targets[p].path = outputs[o]
                pending = nil
                o += 1
            }
        }
        return targets
    }
}
