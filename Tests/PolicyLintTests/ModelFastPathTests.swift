@testable import PolicyLint
import PolicyYAML
import XCTest

/// The schema walk renders paths only when needed, and durations in printable ASCII are parsed
/// on bytes. Both must give exactly what the general code gives.
final class ModelFastPathTests: XCTestCase {
    /// Inputs for both parsers: every mix of number, blanks, unit words and case, plus the
    /// texts the fast path must hand back (ISO forms, number words, non-ASCII, control bytes).
    static var durationTexts: [String] {
        let numbers = ["", "0", "7", "24", "1.5", ".5", "5.", "1.2.3", ".", "007", "123456789012"]
        let gaps = ["", " ", "  ", "\t", " \t "]
        let units = ["", "h", "H", "hours", "Hours", "HOURS", "hour", "d", "days", "day", "business days", "business  days",
                     "Business Days", "working day", "bd", "w", "weeks", "month", "years", "y", "min", "mins", "m",
                     "calendar days", "fortnights", "days!", "days ", "dáys", "hours\u{00A0}", "日"]
        var texts: [String] = []
        for n in numbers {
            for g in gaps {
                for u in units {
                    texts.append(n + g + u)
                    texts.append(" " + n + g + u + "\t")
                }
            }
        }
        texts += ["P7D", "p7d", "PT4H", "P1DT12H", " P2W ", "P", "a week", "A Week", "one day", "two  weeks", "ten days",
                  "soon", "", " ", "\t", "\u{00A0}7 days", "7 days\u{00A0}", "\u{2003}7\u{2003}days", "７ days", "٣ days",
                  "7\r\ndays", "7\ndays", "7 days\n", "\u{7F}7 days", "7 dayș", "7 DAYS", "7\u{0301} days", "½ day"]
        return texts
    }

    func testASCIIDurationsAgreeWithTheGeneralParser() {
        var fastHits = 0
        for text in Self.durationTexts {
            XCTAssertEqual(Duration.parse(text), Duration.parseGeneral(text), text.debugDescription)
            if let fast = Duration.parseASCII(text) {
                fastHits += 1
                XCTAssertEqual(fast, Duration.parseGeneral(text), text.debugDescription)
            }
        }
        // The fast path answers most of these (else this test would not test it).
        XCTAssertGreaterThan(fastHits, Self.durationTexts.count / 2)
    }

    /// The paths the walk used to build with `+`.
    func testRenderedPathsMatchConcatenation() {
        let parents = ["", "policy", "promises[3]", "terms[12].text", "réfunds", "日本", "a b", String(repeating: "x", count: 40)]
        let keys = ["", "id", "if_missed", "é", "日本語のキー", "k.k", "[0]", String(repeating: "k", count: 30)]
        for parent in parents {
            for key in keys {
                let expected = parent.isEmpty ? key : parent + "." + key
                XCTAssertEqual(NodePath(parent: parent, key: key).rendered, expected)
            }
            for index in [0, 1, 9, 10, 99, 12_345] {
                XCTAssertEqual(NodePath(parent: parent, key: nil, index: index).rendered, parent + "[" + String(index) + "]")
            }
        }
    }

    /// A key under a list item (`NodePath(under:)`) renders as the item's rendered path, a dot
    /// and the key, without the item's path being rendered first; any other place renders as
    /// its own path, a dot and the key.
    func testKeysUnderListItemsRenderAsTheItemPathAndKey() {
        let parents = ["", "promises", "terms", "promises[0].if_missed", "réfunds", "日本"]
        let keys = ["id", "text", "é", "k.k", String(repeating: "k", count: 30)]
        for parent in parents {
            for index in [0, 7, 10, 123_456] {
                let item = NodePath(parent: parent, key: nil, index: index)
                for key in keys {
                    let child = NodePath(under: item, key: key)
                    XCTAssertEqual(child.rendered, item.rendered + "." + key)
                    // A place under that key: rendered through it.
                    XCTAssertEqual(NodePath(under: child, key: "x").rendered, item.rendered + "." + key + ".x")
                    XCTAssertEqual(NodePath(parent: child.rendered, key: nil, index: 2).rendered, item.rendered + "." + key + "[2]")
                }
            }
            for key in keys {
                let place = NodePath(parent: parent, key: key)
                XCTAssertEqual(NodePath(under: place, key: "leaf").rendered, place.rendered + ".leaf")
            }
        }
        // The root: key "" renders as nothing, so its keys are bare.
        XCTAssertEqual(NodePath(under: NodePath(parent: "", key: ""), key: "policy").rendered, "policy")
    }

    /// The old `ProseFormat(path:)`: split the path, lower-case the extension.
    static func formatByStrings(_ path: String) -> ProseFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return ProseFormat.extensions[name[name.index(after: dot)...].lowercased()]
    }

    func testProseFormatFromPathAgreesWithStringSplitting() {
        let dirs = ["", "/", "a/", "./", "../x/", "docs.md/", "a.b/c/", "//", "é/"]
        let names = ["terms", "terms.md", "terms.MD", "t.Markdown", "x.txt", "x.TEXT", "index.html", "index.HtM", ".md", "..md",
                     "a.", "a..md", "a.md.yaml", "a.yaml.md", "a.mdx", "a.htmlx", "mar\u{212A}down.x", "a.mar\u{212A}down",
                     "a.m\u{0301}d", "a.ＭＤ", "a.md/", "a.md//", "", ".", "a. md", "a.md ", "a.verylongextension", "a.TXT"]
        for d in dirs {
            for n in names {
                let path = d + n
                XCTAssertEqual(ProseFormat(path: path), Self.formatByStrings(path), path.debugDescription)
            }
        }
        XCTAssertEqual(ProseFormat(path: "policies/terms.md"), .markdown)
        XCTAssertEqual(ProseFormat(path: "a.mar\u{212A}down"), .markdown) // Kelvin sign lower-cases to k
        XCTAssertNil(ProseFormat(path: "policies/terms.yaml"))
    }

    /// `IDTable.insertFirst` keeps the first item however often an id repeats.
    func testRepeatedIDsAllNameTheFirst() throws {
        let yaml = "policy: {name: x}\npartners:\n  - id: lab\n  - id: lab\n  - id: other\n  - id: lab\n"
        let messages = try lintText(yaml, rules: []).filter { $0.rule == "schema" }.map { "\($0.line):\($0.column): \($0.message)" }
        XCTAssertEqual(messages, ["4:9: duplicate id 'lab' in 'partners' (first at 3:9)",
                                  "6:9: duplicate id 'lab' in 'partners' (first at 3:9)"])
        let items = ["x", "x", "x", "y"]
        var ids = IDTable()
        let results = items.indices.map { i in ids.insertFirst(items[i], item: i, idAt: { items[$0] }) }
        XCTAssertEqual(results, [nil, 0, 0, nil])
        XCTAssertEqual(ids.count, 2)
    }

    /// `IDTable` against a `Set` on 20,000 ids with every tenth repeated, grown from empty and
    /// reserved up front; ids equal as Swift strings (canonically equivalent) are one id.
    func testIDTableFindsWhatASetFinds() {
        var items = (0..<20_000).map { i in i % 10 == 9 ? "id\(i / 3)" : "id\(i)" }
        items += ["caf\u{E9}", "cafe\u{301}"] // é precomposed, then decomposed: equal strings
        var firstIndex: [String: Int] = [:]
        let expected = items.indices.map { i -> Int? in
            if let first = firstIndex[items[i]] { return first }
            firstIndex[items[i]] = i
            return nil
        }
        XCTAssertEqual(expected.last!, 20_000) // the two spellings of café are one id
        for reserved in [0, items.count] {
            var ids = IDTable()
            if reserved > 0 { ids.reserve(reserved) }
            let firsts = items.indices.map { i in ids.insertFirst(items[i], item: i, idAt: { items[$0] }) }
            XCTAssertEqual(firsts, expected, "reserved \(reserved)")
            XCTAssertEqual(ids.count, firstIndex.count)
        }
    }

    /// `SchemaWalker.index(of:in:)` finds the pair `YAMLNode.pair(_:)` finds, whatever the
    /// key's style, and none where it finds none.
    func testPairIndexAgreesWithPairLookup() throws {
        let yaml = """
        - {id: a, text: t}
        - {"id": b, 'text': u}
        - {text: v, ~: null-key, [id]: list-key, ID: upper}
        - {? id : w, x: [id]}
        - {}
        - plain
        - [id, text]
        """
        let items = try XCTUnwrap(YAMLParser().parse(string: yaml).documents.first?.root.items)
        var found = 0
        for item in items {
            for key in ["id", "text", "ID", "x", "~", "", "missing"] {
                let expected = item.pair(key)
                let pairs = item.pairs ?? []
                let index = SchemaWalker.index(of: key, in: pairs)
                XCTAssertEqual(index.map { pairs[$0].key.start }, expected?.key.start, "\(key) in \(item.json().serialized(indent: nil))")
                if index != nil { found += 1 }
            }
        }
        XCTAssertEqual(found, 9)
    }

    /// Prose paths and schema issue paths of a document that reaches every field kind.
    func testProseAndIssuePaths() throws {
        let yaml = """
        policy: {name: x, summary: s}
        promises:
          - id: a
            text: t
            if_missed: [m1, m2]
          - id: b
            text: u
            if_missed: one
            deadline: never
        refunds: {exceptions: [e1], conditions: c, bogus: 1}
        terms:
          - {text: tt, title: ti}
          - title: [x]
        """
        let stream = try YAMLParser().parse(string: yaml)
        let doc = PolicyDocument(root: stream.documents[0].root, source: stream.source)
        XCTAssertEqual(doc.prose.map(\.path), ["policy.summary", "promises[0].text", "promises[0].if_missed[0]",
                                               "promises[0].if_missed[1]", "promises[1].text", "promises[1].if_missed",
                                               "refunds.exceptions[0]", "refunds.conditions", "terms[0].text", "terms[0].title"])
        XCTAssertEqual(doc.schemaIssues.map(\.path), ["promises[1].deadline", "refunds.bogus", "terms[1].title", "terms[1].text"])
    }

    func testReferenceSuggestionsStopAtTheirBudget() throws {
        // Three wrong references one letter from a partner id; a budget of six comparisons
        // (two references over three partners) leaves the third with the list instead.
        let yaml = "partners: [{id: lab}, {id: courier}, {id: printer}]\npromises:\n"
            + "  - {id: a, fulfilled_by: labb}\n  - {id: b, fulfilled_by: courir}\n  - {id: c, fulfilled_by: printr}\n"
        let root = try XCTUnwrap(YAMLParser().parse(string: yaml).documents.first?.root)
        var walker = SchemaWalker()
        walker.suggestionBudget = 6
        walker.checkReferences(root)
        XCTAssertEqual(walker.issues.map(\.message), [
            "'promises[0].fulfilled_by' names 'labb', but no partner has that id; did you mean 'lab'?",
            "'promises[1].fulfilled_by' names 'courir', but no partner has that id; did you mean 'courier'?",
            "'promises[2].fulfilled_by' names 'printr', but no partner has that id (partners: lab, courier, printer)",
        ])
        XCTAssertEqual(walker.suggestionBudget, 0)
    }
}
