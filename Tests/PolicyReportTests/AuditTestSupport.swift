import Foundation
import PolicyLint
@testable import PolicyReport
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Shared helpers for the audit report tests.
enum AuditFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fixed date: 1 March 2026, 09:30 UTC.
    static let date = Date(timeIntervalSince1970: 1_772_357_400)

    static func rules() throws -> [Rule] { try RulePackLoader.builtin().flatMap(\.rules) }

    /// Lints the bundled examples in a fixed order.
    static func examplesRun() throws -> LintRun {
        let files = ["model-policy", "online-shop", "optician", "restaurant", "support-desk"]
            .map { root.appendingPathComponent("examples/\($0).yaml").path }
        let rules = try rules()
        let linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
        return LintRun(results: linter.lint(files: files, jobs: 1), rules: rules, toolVersion: "9.9.9")
    }

    /// Lints one policy given as text.
    static func run(_ yaml: String, file: String) throws -> LintRun {
        let rules = try rules()
        let linter = Linter(engine: Engine(ruleSet: RuleSet(rules: rules)))
        return LintRun(results: [linter.lint(bytes: Array(yaml.utf8), file: file)], rules: rules, toolVersion: "9.9.9")
    }
}

/// Parses markup as XML and records elements, classes and text, so tests can check structure.
final class XMLOutline: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
    }

    var elements: [Element] = []
    var text = ""
    var error: Error?
    private var stack: [String] = []
    private var inStyle = 0

    /// Nil (with the parser's error) when the markup is not well-formed XML.
    static func parse(_ markup: String) -> XMLOutline? {
        let outline = XMLOutline()
        let parser = XMLParser(data: Data(markup.utf8))
        parser.delegate = outline
        guard parser.parse() else {
            outline.error = parser.parserError
            XCTFail("not well-formed: \(String(describing: parser.parserError)) at line \(parser.lineNumber), column \(parser.columnNumber)")
            return nil
        }
        return outline
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes))
        stack.append(name)
        if name == "style" { inStyle += 1 }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        if name == "style" { inStyle -= 1 }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inStyle == 0 { text += string }
    }

    func all(_ name: String, class cls: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (cls == nil || $0.classes.contains(cls!)) }
    }
}
