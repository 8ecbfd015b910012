@testable import PolicyLint
import XCTest

/// The pieces of folder discovery that read names and file heads as bytes.
final class FileDiscoveryTests: XCTestCase {
    func testPathExtensionIsTheLowerCasedTextAfterTheLastDot() {
        let cases: [(String, String)] = [
            ("a.yaml", "yaml"), ("a.YAML", "yaml"), ("a.Yml", "yml"), ("b.yml", "yml"), ("c.tar.gz", "gz"),
            ("notes.MD", "md"), ("x.yamlx", "yamlx"), ("x.yam", "yam"), ("x.ymL", "yml"), ("é.YAML", "yaml"),
            ("ä.ÄÖ", "äö"), ("noext", ""), (".yaml", ""), ("a.", ""), ("", ""), ("..yaml", "yaml"),
            ("a.y\u{01}ml", "y\u{01}ml"), ("a.Y@ML", "y@ml"), ("a b.yml", "yml"),
        ]
        for (name, ext) in cases {
            XCTAssertEqual(FileDiscovery.pathExtension(name), ext, name)
            // What `URL.pathExtension` (lower-cased) says, the former way.
            XCTAssertEqual(FileDiscovery.pathExtension(name), Self.byCharacters(name), name)
        }
    }

    /// The former implementation: by `Character`, then lower-cased.
    private static func byCharacters(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    func testPolicyKeyAtALineStartInUTF8UTF16AndAfterAByteOrderMark() {
        let plain = Array("# a policy\npolicy:\n  name: x\n".utf8)
        XCTAssertTrue(FileDiscovery.hasPolicyKey(plain))
        XCTAssertTrue(FileDiscovery.hasPolicyKey(Array("\"policy\": {}\n".utf8)))
        XCTAssertTrue(FileDiscovery.hasPolicyKey(Array("---\r'policy':\r".utf8)))
        XCTAssertTrue(FileDiscovery.hasPolicyKey([0xEF, 0xBB, 0xBF] + plain))
        // UTF-16, little- and big-endian, with their byte-order marks.
        let text = "policy:\n  name: x\n"
        XCTAssertTrue(FileDiscovery.hasPolicyKey([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        XCTAssertTrue(FileDiscovery.hasPolicyKey([0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
        // Not at a line's start, another key, or nothing.
        XCTAssertFalse(FileDiscovery.hasPolicyKey(Array("  policy:\n".utf8)))
        XCTAssertFalse(FileDiscovery.hasPolicyKey(Array("policies:\nmy policy: x\n".utf8)))
        XCTAssertFalse(FileDiscovery.hasPolicyKey([]))
        XCTAssertFalse(FileDiscovery.hasPolicyKey([0xEF, 0xBB, 0xBF]))
    }
}
