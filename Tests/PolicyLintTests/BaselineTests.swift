@testable import PolicyLint
import PolicyYAML
import XCTest

/// Baselines hide accepted findings by fingerprint: lines may shift, words may not change.
final class BaselineTests: XCTestCase {
    let original = """
    policy:
      name: Shop
    terms:
      - id: sale
        text: Items in the sale are reduced. All sales are final.
      - id: returns
        text: Satisfaction guaranteed.
    """

    func lint(_ s: ConfigScratch, _ text: String, baseline: Baseline? = nil) throws -> LintOutcome {
        try s.write("shop.yaml", text)
        let st = try LintSettings.load(configuration: .defaults(directory: s.root))
        return ConfiguredLinter(settings: st, baseline: baseline.map(Baseline.Index.init)).lint(files: [s.path("shop.yaml")], jobs: 1)
    }

    func testShiftedLinesStayHiddenChangedWordsComeBack() throws {
        let s = try ConfigScratch()
        let first = try lint(s, original)
        let contradiction = first.results[0].findings.filter { $0.rule == "guarantee-contradicted" }
        XCTAssertEqual(contradiction.map(\.line), [5])
        let baselinePath = s.path("baseline.json")
        let written = Baseline(findings: first.unbaselined, writtenAt: baselinePath)
        try written.rendered(toolVersion: "test").write(toFile: baselinePath, atomically: true, encoding: .utf8)
        let baseline = try Baseline.load(path: baselinePath)
        XCTAssertEqual(baseline, written, "the file reads back as written")
        XCTAssertEqual(baseline.entries.first { $0.rule == "guarantee-contradicted" }?.file, "shop.yaml")

        // Same file: everything hidden.
        var again = try lint(s, original, baseline: baseline)
        XCTAssertEqual(again.results[0].findings.count, 0)
        XCTAssertEqual(again.baselined, first.unbaselined.count)

        // Lines shift (a comment and new owner line above, another clause edited): still hidden.
        let shifted = "# Reviewed 2026-03.\n\n" + original
            .replacingOccurrences(of: "  name: Shop\n", with: "  name: Shop\n  owner: team@shop.example\n  version: \"2\"\n")
        again = try lint(s, shifted, baseline: baseline)
        XCTAssertEqual(again.results[0].findings.filter { $0.rule == "guarantee-contradicted" }.count, 0)
        XCTAssertEqual(again.unbaselined.first { $0.rule == "guarantee-contradicted" }?.line, 9, "the finding moved 4 lines down")

        // The flagged words change: reported again.
        let reworded = original.replacingOccurrences(of: "All sales are final.", with: "All sales are final and binding.")
        again = try lint(s, reworded, baseline: baseline)
        XCTAssertEqual(again.results[0].findings.filter { $0.rule == "guarantee-contradicted" }.count, 0,
                       "the same matched words (all sales are final) stay hidden")
        let changed = original.replacingOccurrences(of: "All sales are final.", with: "No refunds on sale items.")
        again = try lint(s, changed, baseline: baseline)
        XCTAssertEqual(again.results[0].findings.filter { $0.rule == "guarantee-contradicted" }.map(\.line), [5],
                       "different flagged words are a new finding")
    }

    /// Files are filtered one by one on the workers: entries of one file never hide another's
    /// findings, and each entry hides one finding.
    func testEntriesHideFindingsOfTheirFileOnly() throws {
        let s = try ConfigScratch()
        try s.write("a.yaml", original)
        try s.write("b.yaml", original)
        let st = try LintSettings.load(configuration: .defaults(directory: s.root))
        let first = ConfiguredLinter(settings: st).lint(files: [s.path("a.yaml"), s.path("b.yaml")], jobs: 2)
        let fromA = first.unbaselined.filter { $0.file == s.path("a.yaml") }
        XCTAssertFalse(fromA.isEmpty)
        let baseline = Baseline(findings: fromA, writtenAt: s.path("baseline.json"))
        let again = ConfiguredLinter(settings: st, baseline: Baseline.Index(baseline)).lint(files: [s.path("a.yaml"), s.path("b.yaml")], jobs: 2)
        XCTAssertEqual(again.results[0].findings.count, 0, "a.yaml: all in the baseline")
        XCTAssertEqual(again.results[1].findings.count, first.results[1].findings.count, "b.yaml: none of a.yaml's entries apply")
        XCTAssertEqual(again.baselined, fromA.count)

        // One entry hides one of two equal findings.
        var twice = [fromA[0], fromA[0]]
        let one = Baseline(findings: [fromA[0]], writtenAt: s.path("baseline.json"))
        XCTAssertEqual(Baseline.Index(one).hide(&twice), 1)
        XCTAssertEqual(twice.count, 1)
    }

    func testEntriesAreRelativeToTheBaselineFolder() throws {
        let s = try ConfigScratch()
        let outcome = try lint(s, original)
        let b = Baseline(findings: outcome.unbaselined, writtenAt: s.path("ci/baseline.json"))
        XCTAssertEqual(Set(b.entries.map(\.file)), ["../shop.yaml"])
        XCTAssertEqual(b.filter(outcome.unbaselined).new.count, 0)
    }

    func testBadBaselineFile() {
        XCTAssertThrowsError(try Baseline.parse(bytes: Array("{\"version\": 2, \"findings\": []}".utf8), file: "b.json", directory: "/")) { e in
            XCTAssertTrue((e as? InputError)?.message.contains("version") == true)
        }
        XCTAssertThrowsError(try Baseline.parse(bytes: Array("{\"version\": 1, \"findings\": [{\"rule\": \"x\"}]}".utf8), file: "b.json", directory: "/")) { e in
            XCTAssertEqual((e as? InputError)?.line, 1)
            XCTAssertTrue((e as? InputError)?.message.contains("no 'file'") == true)
        }
    }

    /// The baseline's text as it was defined: the whole document as one `JSONValue`, serialised
    /// with an indent of 2. `render` writes it entry by entry instead.
    static func definition(_ b: Baseline, toolVersion: String) -> String {
        let list: [JSONValue] = b.entries.map { e in
            .object([("file", .string(e.file)), ("rule", .string(e.rule)), ("path", .string(e.path)),
                     ("fingerprint", .string(e.fingerprint)), ("match", .string(e.match))])
        }
        let root: JSONValue = .object([
            ("version", .int(1)),
            ("tool", .object([("name", .string("policylint")), ("version", .string(toolVersion))])),
            ("findings", .array(list)),
        ])
        return root.serialized(indent: 2) + "\n"
    }

    func testRenderingMatchesTheWholeDocumentsText() {
        // Text that needs escapes: quotes, backslashes, line breaks, tabs, control characters,
        // U+2028, and non-ASCII that needs none.
        let odd = ["plain words", "say \"no\" \\ back", "line\nbreak\r\n\tand tab", "bell \u{07} del \u{7F}",
                   "sep \u{2028} next \u{85}", "café — ünïcode 日本", ""]
        var entries: [Baseline.Entry] = []
        for i in 0..<40 {
            let file = "team/" + odd[i % odd.count].prefix(4) + "-\(i).yaml"
            let path = i % 5 == 0 ? "" : "terms[\(i)].text"
            entries.append(Baseline.Entry(file: file, rule: "rule-\(i % 3)", path: path,
                                          fingerprint: String(format: "%016x", i * 7919), match: odd[(i * 3) % odd.count]))
        }
        for (list, version) in [([Baseline.Entry](), "1.0"), (Array(entries.prefix(1)), "x\"y"), (entries, "0.1.0")] {
            let b = Baseline(entries: list, directory: "/")
            let expected = Self.definition(b, toolVersion: version)
            XCTAssertEqual(b.rendered(toolVersion: version), expected)
            // In pieces: each as large as asked or the last, together the same text.
            for pieceSize in [1, 100, 1 << 20] {
                var pieces: [[UInt8]] = []
                b.render(toolVersion: version, pieceSize: pieceSize) { (piece: ArraySlice<UInt8>) in pieces.append(Array(piece)) }
                XCTAssertEqual(String(decoding: pieces.joined(), as: UTF8.self), expected)
                XCTAssertTrue(pieces.dropLast().allSatisfy { $0.count >= pieceSize })
                if list.count > 1, pieceSize <= 100 { XCTAssertGreaterThan(pieces.count, list.count / 2) }
            }
        }
    }

    /// What is wrong in a baseline file, at its place, and the first thing wrong when several
    /// are: the YAML, then the root, the version, the list, then its findings in order (they are
    /// read while the file is parsed, their errors kept until the checks before them are done).
    func testBaselineErrorsArePlacedAndOrdered() {
        func error(_ text: String) -> String? {
            do {
                _ = try Baseline.parse(bytes: Array(text.utf8), file: "b.json", directory: "/tmp")
                return nil
            } catch {
                return error.rendered
            }
        }
        let good = "{\"file\": \"a.yaml\", \"rule\": \"r\", \"fingerprint\": \"f\"}"
        XCTAssertNil(error("{\"version\": 1, \"findings\": [\(good), \(good)]}"))
        XCTAssertEqual(error("{\"version\": 1, \"findings\": [\(good), 7]}"), "b.json:1:82: error: each finding must be an object")
        XCTAssertEqual(error("{\"version\": 1, \"findings\": [\n  {\"file\": \"a\", \"fingerprint\": \"f\"}]}"),
                       "b.json:2:3: error: finding has no 'rule'")
        XCTAssertEqual(error("[1]"), "b.json:1:1: error: a baseline is a JSON object with 'version' and 'findings'")
        XCTAssertEqual(error("{\"version\": 1, \"findings\": 3}"), "b.json:1:28: error: 'findings' must be a list")
        // Several things wrong: a wrong finding is reported after a wrong version, even written before it...
        XCTAssertEqual(error("{\"findings\": [7], \"version\": 2}"),
                       "b.json:1:30: error: unsupported baseline version (expected \"version\": 1)")
        // ...and after the YAML error that follows it, and only the first wrong finding.
        XCTAssertEqual(error("{\"version\": 1, \"findings\": [7, 8], \"x\": [}"), "b.json:1:42: error: did not find expected node content (while parsing a flow node at 1:42)")
        XCTAssertEqual(error("{\"version\": 1, \"findings\": [\(good), 7, {}]}"), "b.json:1:82: error: each finding must be an object")
        // A list written elsewhere and named by an alias is read from the tree.
        let aliased = try? Baseline.parse(bytes: Array("{\"x\": &l [\(good)], \"version\": 1, \"findings\": *l}".utf8), file: "b", directory: "/")
        XCTAssertEqual(aliased?.entries.map(\.file), ["a.yaml"])
    }

    /// `--baseline` reads the file straight into an index of keys: the same index as one made
    /// from the whole baseline, and the same errors.
    func testAnIndexReadFromTheFileEqualsOneFromTheBaseline() throws {
        let s = try ConfigScratch()
        let entries = (0..<500).map { i in
            Baseline.Entry(file: "team/p\(i % 5).yaml", rule: "r\(i % 4)", path: "terms[\(i % 30)].text",
                           fingerprint: String(format: "%016x", i % 10), match: i % 3 == 0 ? "Not OUR  fault" : "the lab\twas late \(i % 5)")
        }
        try Baseline(entries: entries, directory: s.root).rendered(toolVersion: "t").write(toFile: s.path("b.json"), atomically: true, encoding: .utf8)
        let index = try Baseline.Index.load(path: s.path("b.json"))
        let whole = Baseline.Index(try Baseline.load(path: s.path("b.json")))
        XCTAssertEqual(index.counts, whole.counts)
        XCTAssertEqual(index.directory, whole.directory)
        XCTAssertEqual(index.counts.values.reduce(0, +), 500)
        XCTAssertGreaterThan(index.counts.values.max() ?? 0, 1, "repeated entries counted")
        for bad in ["{\"version\": 2, \"findings\": []}", "{\"version\": 1, \"findings\": [{}]}", "[", "{\"version\": 1}"] {
            try bad.write(toFile: s.path("bad.json"), atomically: true, encoding: .utf8)
            var errors: [String] = []
            do { _ = try Baseline.Index.load(path: s.path("bad.json")) } catch { errors.append(error.rendered) }
            do { _ = try Baseline.load(path: s.path("bad.json")) } catch { errors.append(error.rendered) }
            XCTAssertEqual(errors.count, 2, bad)
            XCTAssertEqual(Set(errors).count, 1, bad)
        }
        XCTAssertThrowsError(try Baseline.Index.load(path: s.path("missing.json")))
    }

    func testABaselineOverTenMegabytesIsReadBack() throws {
        // A run's own baseline outgrows the 10 MB a policy file may be: 40,000 findings wrote
        // 14.6 MB, and reading it back failed with "baseline is over the 10 MB limit".
        let s = try ConfigScratch()
        let path = s.path("big.json")
        let long = String(repeating: "words of a long sentence ", count: 120) // 3,000 bytes
        let entries = (0..<4_000).map {
            Baseline.Entry(file: "p\($0 % 50).yaml", rule: "long-sentence", path: "terms[\($0)].text",
                           fingerprint: String(format: "%016x", $0), match: long)
        }
        let text = Baseline(entries: entries, directory: s.root).rendered(toolVersion: "test")
        XCTAssertGreaterThan(text.utf8.count, 11 * 1024 * 1024)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try Baseline.load(path: path)
        XCTAssertEqual(loaded.entries.count, entries.count)
        XCTAssertEqual(loaded.entries.last?.fingerprint, String(format: "%016x", 3_999))
        // Past `Baseline.maxBytes` it is still refused, without reading it all.
        FileManager.default.createFile(atPath: s.path("huge.json"), contents: nil)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: s.path("huge.json")))
        try handle.truncate(atOffset: UInt64(Baseline.maxBytes + 1))
        try handle.close()
        XCTAssertThrowsError(try Baseline.load(path: s.path("huge.json"))) { e in
            XCTAssertEqual((e as? InputError)?.message, "baseline is over the 100 MB limit")
        }
    }

    /// `normalize` against its definition (lower-case, split on white-space Characters, join
    /// with one space) on random text of ASCII, every kind of white space, combining marks after
    /// a space, CR LF, a prepended mark before a space, letters whose lower case is longer
    /// (İ), Greek capitals (Σ), curly quotes, emoji and ZWJ sequences.
    func testNormalizeMatchesItsDefinition() {
        func definition(_ s: String) -> String {
            s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        let pieces = ["a", "Z", "Policy", "REFUND", "7", ".", "'", "-", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}",
                      "\u{85}", "\u{A0}", "\u{2003}", "\u{3000}", "\u{1680}", "\u{301}", "\u{307}", " \u{301}", "\u{600}", "\u{600} ",
                      "İ", "Σ", "ΟΔΟΣ", "ß", "Ä", "é", "e\u{301}", "\u{2019}", "\u{201C}", "👍🏽", "👨\u{200D}👩\u{200D}👧", "\u{200D}", "日本"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let s = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            XCTAssertEqual(Baseline.normalize(s), definition(s), s.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        }
        // The ASCII path, with every ASCII byte.
        let ascii = String(decoding: (0..<128).map { UInt8($0) } + Array("  Hello\tWORLD \r\n x ".utf8), as: UTF8.self)
        XCTAssertEqual(Baseline.normalize(ascii), definition(ascii))
    }
}
