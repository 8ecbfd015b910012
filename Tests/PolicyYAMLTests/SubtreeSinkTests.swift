import Foundation
@testable import PolicyYAML
import XCTest

/// A parse that hands a root key's list to a `YAMLSubtreeSink` must agree with the plain parse:
/// the same errors, the same trees elsewhere, the value's marks on its placeholder, and events
/// that rebuild exactly the value the tree holds. Checked on every case of the YAML test suite,
/// each put under a `terms:` key.
final class SubtreeSinkTests: XCTestCase {
    /// Rebuilds the value from the events it is given (accepting every shape).
    final class RecordingSink: YAMLSubtreeSink {
        var documents: [Int: YAMLNode] = [:]
        private var document = 0
        /// Open collections: whether a mapping, and the children so far.
        private var open: [(mapping: Bool, children: [YAMLNode])] = []

        func begin(document: Int) {
            self.document = document
            open = [(false, [])]
        }

        func open(mapping: Bool) -> Bool {
            open.append((mapping, []))
            return true
        }

        func close() -> Bool {
            let (mapping, children) = open.removeLast()
            open[open.count - 1].children.append(Self.node(mapping, children))
            return true
        }

        func scalar(_ value: UnsafeBufferPointer<UInt8>, style: ScalarStyle, marks: () -> (start: Mark, end: Mark)) -> Bool {
            let (start, end) = marks()
            open[open.count - 1].children.append(YAMLNode(.scalar(String(decoding: value, as: UTF8.self), style), start: start, end: end))
            return true
        }

        func end() -> Bool {
            documents[document] = Self.node(false, open.removeLast().children)
            return true
        }

        /// Collections get no marks from events: both sides are compared without them.
        static func node(_ mapping: Bool, _ children: [YAMLNode]) -> YAMLNode {
            if mapping {
                let pairs = stride(from: 0, to: children.count - 1, by: 2).map { YAMLPair(key: children[$0], value: children[$0 + 1]) }
                return YAMLNode(.mapping(pairs), start: .start, end: .start)
            }
            return YAMLNode(.sequence(YAMLNodeList(children)), start: .start, end: .start)
        }
    }

    /// `node` with every collection's marks set to the start of the file (as the recorder has them).
    static func withoutCollectionMarks(_ node: YAMLNode) -> YAMLNode {
        switch node.content {
        case .scalar: return node
        case .sequence(let items): return YAMLNode(.sequence(YAMLNodeList(items.map(withoutCollectionMarks))), tag: node.tag, start: .start, end: .start)
        case .mapping(let pairs):
            return YAMLNode(.mapping(pairs.map { YAMLPair(key: withoutCollectionMarks($0.key), value: withoutCollectionMarks($0.value)) }),
                            tag: node.tag, start: .start, end: .start)
        }
    }

    static func text(_ node: YAMLNode) -> String { node.json(marks: true).serialized(indent: nil) }

    enum Verdict { case intercepted, gaveUp, untouched }

    /// Parses `bytes` both ways and compares; returns what the sink parse did.
    func compare(_ bytes: [UInt8], _ label: String) -> Verdict {
        let plain = Result { () throws(YAMLError) in try YAMLParser().parse(bytes: bytes) }
        let sink = RecordingSink()
        let intercepted: InterceptedParse
        do {
            intercepted = try YAMLParser().parse(bytes: bytes, intercepting: "terms", sink: sink)
        } catch {
            // An error with a sink is the plain parse's error.
            if case .failure(let expected) = plain { XCTAssertEqual(error, expected, label) } else { XCTFail("\(label): \(error)") }
            return .untouched
        }
        guard case .parsed(let stream) = intercepted else { return .gaveUp }
        guard case .success(let whole) = plain else {
            XCTFail("\(label): parsed with a sink, rejected without")
            return .untouched
        }
        XCTAssertEqual(stream.documents.count, whole.documents.count, label)
        var any = false
        for (d, (doc, plainDoc)) in zip(stream.documents, whole.documents).enumerated() {
            var expectedRoot = plainDoc.root
            if doc.interceptedValue {
                any = true
                guard case .mapping(var pairs) = plainDoc.root.content,
                      let k = pairs.firstIndex(where: { $0.key.scalar == "terms" }) else {
                    XCTFail("\(label): intercepted, but no terms key")
                    continue
                }
                let value = pairs[k].value
                XCTAssertEqual(sink.documents[d].map { Self.text($0) }, Self.text(Self.withoutCollectionMarks(value)), label)
                pairs[k].value = YAMLNode(.sequence([]), start: value.start, end: value.end)
                expectedRoot = YAMLNode(.mapping(pairs), tag: plainDoc.root.tag, start: plainDoc.root.start, end: plainDoc.root.end)
            }
            XCTAssertEqual(Self.text(doc.root), Self.text(expectedRoot), label)
            XCTAssertEqual(doc.start, plainDoc.start, label)
            XCTAssertEqual(doc.end, plainDoc.end, label)
            // Merge keys inside the value are the sink's to see (`TermsCollector` gives up at them).
            if !doc.interceptedValue { XCTAssertEqual(doc.hasMergeKeys, plainDoc.hasMergeKeys, label) }
        }
        return any ? .intercepted : .untouched
    }

    func testEverySuiteCaseUnderATermsKey() throws {
        let suite = YAMLTestSuiteTests.suiteURL
        guard FileManager.default.fileExists(atPath: suite.path) else {
            return XCTFail("YAML test suite not found at \(suite.path) (see YAMLTestSuiteTests)")
        }
        var counts: [String: Int] = [:]
        for id in try YAMLTestSuiteTests.caseIDs(in: suite) {
            guard let data = FileManager.default.contents(atPath: suite.appendingPathComponent(id).appendingPathComponent("in.yaml").path)
            else { continue }
            let text = String(decoding: data, as: UTF8.self)
            let indented = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
            let inputs = [
                Array(data),
                Array(("terms:\n" + indented.joined(separator: "\n")).utf8),
                Array(("terms:\n- " + text.replacingOccurrences(of: "\n", with: "\n  ")).utf8),
                Array(("policy: x\nterms: " + text).utf8),
            ]
            for (k, input) in inputs.enumerated() {
                switch compare(input, "\(id) #\(k)") {
                case .intercepted: counts["intercepted", default: 0] += 1
                case .gaveUp: counts["gave up", default: 0] += 1
                case .untouched: counts["untouched", default: 0] += 1
                }
            }
        }
        // Both paths are exercised by many cases (else the comparison would test little).
        XCTAssertGreaterThan(counts["intercepted", default: 0], 200, "\(counts)")
        XCTAssertGreaterThan(counts["gave up", default: 0], 20, "\(counts)")
    }

    /// Anchors inside the value and aliases to them, inside it or after it: the value goes to the
    /// sink as the tree holds it (an alias as its anchor's nodes, with their marks), and the
    /// tree after it resolves the aliases (`compare` checks both). Tags, and what the tree would
    /// report (an unknown alias, an alias bomb, a duplicate key in an anchored mapping, nesting
    /// past the limit through an alias), make the parse give up, so the tree handles them as
    /// always.
    func testAnchorsAndAliasesGoToTheSinkAndTagsGiveUp() {
        for text in ["terms:\n  - &a x\nother: *a\n", "terms:\n  - &m {k: v}\nother: *m\n", "terms: [&s [a], *s]\n",
                     "a: &x y\nterms: [*x]\n", "terms:\n  - &t {text: a, title: [b, &i {c: d}]}\n  - *t\n  - *i\n  - [*t, *i]\nafter: *t\n",
                     "terms:\n  - &a x\n  - &a y\n  - *a\nafter: *a\n", "terms: [&k a, {*k : v}]\n",
                     "terms:\n  - &outer [&inner [x], *inner]\n  - *outer\n"] {
            XCTAssertEqual(compare(Array(text.utf8), text), .intercepted, text)
        }
        var bomb = "terms:\n  - &l0 [a, a, a, a, a, a, a, a, a, a]\n"
        for k in 1...6 { bomb += "  - &l\(k) [" + Array(repeating: "*l\(k - 1)", count: 10).joined(separator: ", ") + "]\n" }
        for text in ["terms:\n  - !!str x\n", "terms:\n  - !t {k: v}\n", "terms:\n  - !!seq [a]\n", "terms:\n  - &m !!str x\n",
                     "terms:\n  - *nowhere\n", "terms:\n  - &m {k: a, k: b}\n", "terms:\n  - &r [*r]\n", bomb] {
            XCTAssertEqual(compare(Array(text.utf8), text), .gaveUp, text)
        }
        // Through an alias past the depth limit: the tree's error, after the sink gave up.
        var limits = YAMLLimits()
        limits.maxDepth = 4
        let deep = Array("terms:\n  - &d [[x]]\n  - [*d]\n".utf8)
        XCTAssertThrowsError(try YAMLParser(limits: limits).parse(bytes: deep))
        XCTAssertEqual(try? YAMLParser(limits: limits).parse(bytes: deep, intercepting: "terms", sink: RecordingSink()).gaveUpForTest, true)
        // An anchor or tag on the list itself: the value is not intercepted at all.
        for text in ["terms: &l [a]\nother: *l\n", "terms: !!seq [a]\n"] {
            XCTAssertEqual(compare(Array(text.utf8), text), .untouched, text)
        }
    }

    /// The byte-level null test a sink uses agrees with `YAMLNode.isNull` on plain scalars.
    func testNullSpellingsAreIsNulls() {
        for text in ["", "~", "null", "Null", "NULL", "nULL", "nul", "nulls", "~~", " ", "0", "none", "Nil", "NUll", "null "] {
            let node = YAMLNode(.scalar(text, .plain), start: .start, end: .start)
            let bytes = Array(text.utf8)
            XCTAssertEqual(bytes.withUnsafeBufferPointer { YAMLNode.isNullSpelling($0) }, node.isNull, text.debugDescription)
        }
    }

    /// The depth limit counts the value's collections as the tree would.
    func testDepthLimit() {
        for depth in 1...6 {
            var limits = YAMLLimits()
            limits.maxDepth = depth
            let text = Array("terms:\n  - a: [b, {c: d}]\n".utf8)
            let plain = Result { () throws(YAMLError) in try YAMLParser(limits: limits).parse(bytes: text) }
            let result = Result { () throws(YAMLError) in
                try YAMLParser(limits: limits).parse(bytes: text, intercepting: "terms", sink: RecordingSink())
            }
            switch (plain, result) {
            case (.success, .success(.parsed)): XCTAssertGreaterThanOrEqual(depth, 5)
            case (.failure, .success(.gaveUp)): XCTAssertGreaterThan(depth, 1)
            case (.failure(let a), .failure(let b)): XCTAssertEqual(a, b); XCTAssertEqual(depth, 1)
            default: XCTFail("depth \(depth): \(plain) / \(result)")
            }
        }
    }
}

private extension InterceptedParse {
    var gaveUpForTest: Bool {
        if case .gaveUp = self { return true }
        return false
    }
}
