// Fuzz target 1: read, parse and lint one policy file, then render it in every report format.
//
// Built normally (`swift build`), `FuzzPolicy FILE...` replays inputs (crash reproducers, the
// regression corpus). Built by scripts/fuzz.sh with `-sanitize=fuzzer,address -DFUZZING`,
// libFuzzer's driver runs it on generated inputs.
import Foundation
import FuzzDriver
import PolicyLint
import PolicyReport
import PolicyYAML

enum FuzzPolicy {
    /// Built-in rules, compiled once.
    static let linter: Linter = {
        let rules = (try? RulePackLoader.builtin().flatMap(\.rules)) ?? []
        var linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
        linter.limits.maxFileBytes = 1024 * 1024
        return linter
    }()
    static let known: Set<String> = Set(linter.engine.ruleSet.rules.map(\.id) + ["schema"])

    /// One input, end to end. Any crash, hang or leak here is a bug.
    static func run(_ bytes: [UInt8]) {
        var result = linter.lint(bytes: bytes, file: "fuzz.yaml")
        termsFromEventsAgree(bytes, result)
        if result.error == nil {
            let filter = SuppressionFilter(knownRules: known, enabledRules: known, requireReason: bytes.first.map { $0 & 1 == 1 } ?? false)
            result.findings = filter.apply(findings: result.findings, source: result.source, file: result.file).findings
        }
        // What `policylint parse --marks` prints.
        let whole = try? YAMLParser().parse(bytes: bytes)
        if let whole {
            for d in whole.documents { _ = d.root.json(marks: true).serialized(indent: nil) }
        }
        streamedParseAgrees(bytes, whole)
        packedParseAgrees(bytes)
        if let whole { for d in whole.documents { scalarsAreUTF8(d.root) } }
        // The same bytes as a baseline file (`--baseline`), read both ways.
        let index = try? Baseline.Index(Baseline.parse(bytes: bytes, file: "b.json", directory: "/"))
        _ = index?.hide(&result.findings)
        let run = LintRun(results: [result], rules: linter.engine.ruleSet.rules, toolVersion: "fuzz")
        for format in ReportFormat.allCases { _ = format.render(run, color: true) }
    }
}

extension FuzzPolicy {
    /// Linted with the terms' prose from the parser's events (the default) and from the whole
    /// tree, a file gives the same findings and errors. A difference is a bug: stop.
    static func termsFromEventsAgree(_ bytes: [UInt8], _ result: FileResult) {
        var tree = linter
        tree.collectsTerms = false
        let expected = tree.lint(bytes: bytes, file: "fuzz.yaml")
        precondition(result.findings == expected.findings, "the terms from events gave other findings than the tree")
        precondition(result.error == expected.error, "the terms from events gave another error than the tree")
    }

    /// Every scalar's string holds valid UTF-8: `ScalarText` makes them from libyaml's bytes
    /// without checking them in release builds, which is sound only while libyaml emits valid
    /// UTF-8 whatever it is given. An invalid one is a bug: stop.
    static func scalarsAreUTF8(_ node: YAMLNode) {
        switch node.content {
        case .scalar(let s, _):
            precondition(String(validating: Array(s.utf8), as: UTF8.self) != nil, "a scalar's string is not UTF-8")
        case .sequence(let items):
            for item in items { scalarsAreUTF8(item) }
        case .mapping(let pairs):
            for pair in pairs { scalarsAreUTF8(pair.key); scalarsAreUTF8(pair.value) }
        }
    }

    /// The streamed parse (`parse(bytes:streamingItemsOf:each:)`, how baselines are read) fails
    /// when the whole parse fails and otherwise hands over exactly the items of the list under
    /// the first list-valued key of the first root mapping. A difference is a bug: stop.
    static func streamedParseAgrees(_ bytes: [UInt8], _ whole: YAMLStream?) {
        let pairs = whole?.documents.first?.root.pairs ?? []
        let key = pairs.first { $0.key.scalar != nil && $0.value.items != nil }?.key.scalar ?? "findings"
        var items: [String] = []
        let streamed = try? YAMLParser().parse(bytes: bytes, streamingItemsOf: key) { items.append($0.json(marks: true).serialized(indent: nil)) }
        guard let whole else {
            precondition(streamed == nil, "the streamed parse accepted what the whole parse rejects")
            return
        }
        precondition(streamed != nil, "the streamed parse rejected what the whole parse accepts")
        let expected = whole.documents.first?.root[key]?.items?.map { $0.json(marks: true).serialized(indent: nil) } ?? []
        precondition(items == expected, "the streamed items differ from the tree's")
    }
}

extension FuzzPolicy {
    /// Every list packed from its first item (`PackedItems`) gives the tree, the errors and the
    /// merge-key resolution of no list packed; and libyaml reading the text in place gives what
    /// its reader gives.
    static func packedParseAgrees(_ bytes: [UInt8]) {
        func parse(_ threshold: Int) -> Result<YAMLStream, YAMLError> {
            YAMLNodeList.withPackingThreshold(threshold) { Result { () throws(YAMLError) in try YAMLParser().parse(bytes: bytes) } }
        }
        func dump(_ stream: YAMLStream) -> [String] {
            stream.documents.flatMap { d in
                [d.root.json(marks: true).serialized(indent: nil), d.root.resolvingMergeKeys().json(marks: true).serialized(indent: nil), "\(d.hasMergeKeys)"]
            }
        }
        // The same tree, errors and merge keys both ways, or `what` changed them.
        func expectSame(_ a: Result<YAMLStream, YAMLError>, _ b: Result<YAMLStream, YAMLError>, _ what: String) {
            switch (a, b) {
            case (.success(let a), .success(let b)): precondition(dump(a) == dump(b), "\(what) changed the tree")
            case (.failure(let a), .failure(let b)): precondition("\(a)" == "\(b)", "\(what) changed the error")
            default: preconditionFailure("\(what) changed whether the file parses")
            }
        }
        let plain = parse(.max)
        expectSame(parse(1), plain, "packing")
        // libyaml reading the text in place (`YAMLParser.readsInPlace`) and through its reader.
        expectSame(plain, YAMLParser.withLibYAMLReader { parse(.max) }, "reading in place")
    }
}

@main
struct FuzzPolicyMain {
    static func main() { FuzzDriver.main(name: "FuzzPolicy", FuzzPolicy.run) }
}
