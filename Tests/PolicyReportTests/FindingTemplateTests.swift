@testable import PolicyLint
import PolicyYAML
@testable import PolicyReport
import XCTest

/// Findings render their message from the rule's template when asked (`Finding.message`), and
/// the JSON report writes it from the template cut once per rule (`FindingRule.segments`): both
/// must give the text of the plain string renderer below, for every template shape.
final class FindingTemplateTests: XCTestCase {
    /// The reference: `{name}` becomes its value (path, then match, then the last extra of that
    /// name); a name without a value stays as written and the scan goes on after its `{`.
    func reference(_ template: String, path: String, match: String?, extra: [(String, String)]) -> String {
        let t = Array(template.utf8)
        var out: [UInt8] = []
        var i = 0
        func value(_ name: String) -> String? {
            if name == "path" { return path }
            if name == "match", let match { return match }
            return extra.last { $0.0 == name }?.1
        }
        while i < t.count {
            if t[i] == 0x7B, let close = t[(i + 1)...].firstIndex(of: 0x7D),
               let v = value(String(decoding: t[(i + 1)..<close], as: UTF8.self)) {
                out += Array(v.utf8)
                i = close + 1
                continue
            }
            out.append(t[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    func testMessagesAndJSONMatchTheReference() {
        let templates = ["", "No placeholder at all.", "'{match}': the business excludes it.", "{path} {match}{match}",
                         "This sentence has {value} words; keep sentences under {limit}.", "{id} and {field} and {claim}",
                         "{a{match}}", "{unclosed {match", "{}", "{{value}}", "quote \" tab \t {match} nel \u{85} é {path}",
                         "{value}{missing}{limit}"]
        let mark = Mark(line: 2, column: 3, offset: 0)
        let location = Location(file: "dir/a \"b\".yaml", start: mark, end: Mark(line: 2, column: 9, offset: 6),
                                path: "promises[0].text")
        let prose = "We may \"change\" terms\tat will — grün {match} {value}"
        let extras: [(TemplateExtra, [(String, String)])] = [
            (.none, []), (.counts(value: 42, limit: 35), [("value", "42"), ("limit", "35")]),
            (.pairs([("claim", "All sales {final}"), ("id", "p-1"), ("claim", "later wins"), ("", "empty")]),
             [("claim", "All sales {final}"), ("id", "p-1"), ("claim", "later wins"), ("", "empty")]),
        ]
        var checked = 0
        for template in templates {
            let rule = FindingRule(id: "r", title: "T", category: "c", severity: .warning, fix: nil, template: template)
            for (extra, pairs) in extras {
                for matchIsValue in [true, false] {
                    let range = 3..<22 // "\"change\" terms\tat " on scalar boundaries
                    var f = Finding(rule: rule, location: location, extra: extra, matchIsValue: matchIsValue,
                                    matchSource: prose, matchRange: range, fingerprint: 0x0123_4567_89ab_cdef)
                    let matched = String(decoding: Array(prose.utf8)[range], as: UTF8.self)
                    XCTAssertEqual(f.matchedText, matched)
                    XCTAssertEqual(f.fingerprint, "0123456789abcdef")
                    let expected = reference(template, path: location.path, match: matchIsValue ? matched : nil, extra: pairs)
                    XCTAssertEqual(f.message, expected, "template \(template)")
                    // Template pieces, when the writer can use them, spell the same text.
                    var pieces: [UInt8] = []
                    if f.forEachTemplatePiece(literal: { pieces += rule.segments[$0].literal }, value: { pieces += Array($0) }) {
                        XCTAssertEqual(String(decoding: pieces, as: UTF8.self), expected, "template \(template)")
                    }
                    // The JSON writer against the JSONValue form.
                    for _ in 0..<2 {
                        var json: [UInt8] = []
                        JSONReporter.finding(f).write(to: &json, indent: 2, level: 2)
                        var writer = FindingJSON()
                        writer.write(f)
                        XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), String(decoding: json, as: UTF8.self))
                        // Changing what the template reads keeps the message as it was.
                        f.location.path = "other"
                        f.matchedText = "x"
                        XCTAssertEqual(f.message, expected)
                    }
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, templates.count * 6)
    }

    func testSetFieldsReadBack() {
        let rule = FindingRule(id: "r", title: "T", category: "c", severity: .warning, fix: "F", template: "{match}!")
        let mark = Mark(line: 1, column: 1, offset: 0)
        var f = Finding(rule: rule, location: Location(file: "f", start: mark, end: mark, path: "p"), extra: .none,
                        matchIsValue: true, matchSource: "abc", matchRange: 0..<3, fingerprint: 1)
        XCTAssertEqual(f.message, "abc!")
        f.title = "T2"; f.severity = .error; f.fix = nil; f.category = "d"; f.rule = "s"
        XCTAssertEqual([f.title, f.category, f.rule, f.message], ["T2", "d", "s", "abc!"])
        XCTAssertEqual(f.severity, .error)
        XCTAssertNil(f.fix)
        f.fingerprint = "custom"
        XCTAssertNil(f.fingerprintHashValue)
        XCTAssertEqual(f.fingerprint, "custom")
        var g = f
        g.message = "other"
        XCTAssertNotEqual(f, g)
    }
}
