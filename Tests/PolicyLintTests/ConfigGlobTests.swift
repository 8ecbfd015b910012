@testable import PolicyLint
import XCTest

final class ConfigGlobTests: XCTestCase {
    func testGlobForms() {
        XCTAssertTrue(Glob("*.draft.yaml").matches("a/b/x.draft.yaml"))
        XCTAssertFalse(Glob("*.draft.yaml").matches("a/b/x.yaml"))
        XCTAssertTrue(Glob("drafts/").matches("drafts/x.yaml"))
        XCTAssertTrue(Glob("drafts").matches("policies/drafts/old/x.yaml"))
        XCTAssertFalse(Glob("/drafts").matches("policies/drafts/x.yaml"))
        XCTAssertTrue(Glob("legal/**").matches("legal/a/b.yaml"))
        XCTAssertFalse(Glob("legal/*.yaml").matches("legal/a/b.yaml"))
        XCTAssertTrue(Glob("legal/*.yaml").matches("legal/b.yaml"))
        XCTAssertTrue(Glob("**/terms/*.yml").matches("x/y/terms/t.yml"))
        XCTAssertTrue(Glob("**/terms/*.yml").matches("terms/t.yml"))
        XCTAssertTrue(Glob("policies/{shop,desk}.yaml").matches("policies/desk.yaml"))
        XCTAssertTrue(Glob("v[0-9].yaml").matches("v3.yaml"))
        XCTAssertFalse(Glob("v[!0-9].yaml").matches("v3.yaml"))
        XCTAssertTrue(Glob("./shop/?.yaml").matches("shop/a.yaml"))
    }

    func testIgnoreIsRelativeToTheConfigurationFolder() throws {
        let c = try configuration("ignore: [drafts/, '*.draft.yaml']\n", directory: "/project")
        XCTAssertTrue(c.isIgnored("/project/drafts/a.yaml"))
        XCTAssertTrue(c.isIgnored("/project/shop/a.draft.yaml"))
        XCTAssertFalse(c.isIgnored("/project/shop/a.yaml"))
        XCTAssertFalse(c.isIgnored("/elsewhere/a.yaml"))
    }

    func testStarsDoNotBacktrackWithoutEnd() {
        // Each (pattern, text) position is tried once: 14 stars took 19 s against a 30-letter
        // name, 20 would have taken hours.
        let start = Date()
        let pattern = String(repeating: "*a", count: 40) + "*b"
        XCTAssertFalse(Glob(pattern).matches("policies/" + String(repeating: "a", count: 60) + ".yaml"))
        XCTAssertTrue(Glob(pattern).matches(String(repeating: "a", count: 60) + "b"))
        XCTAssertFalse(Glob(String(repeating: "**/a", count: 20) + "/b").matches(String(repeating: "a/", count: 40) + "c"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testMatchingAgreesWithPlainBacktracking() {
        var rng = SplitMix(seed: 9) // TokenizerEquivalenceTests.swift
        func pick(_ xs: [String]) -> String { xs[Int(rng.next() % UInt64(xs.count))] }
        for _ in 0..<3_000 {
            let pattern = (0..<Int(rng.next() % 7)).map { _ in pick(["a", "b", "*", "**", "?", "/", "**/", "[ab]", "{a,b/}", "\\a", "\\*"]) }.joined()
            let path = (0..<Int(rng.next() % 9)).map { _ in pick(["a", "b", "/", "c"]) }.joined()
            XCTAssertEqual(Glob(pattern).matches(path), ReferenceGlob.matches(pattern, path), "'\(pattern)' against '\(path)'")
        }
    }

    func testBracesExpandUpToALimit() throws {
        XCTAssertEqual(Glob.expandBraces("p/{a,b}{c,{d,e}}.yaml", limit: 10),
                       ["p/ac.yaml", "p/ad.yaml", "p/ae.yaml", "p/bc.yaml", "p/bd.yaml", "p/be.yaml"])
        XCTAssertNil(Glob.expandBraces("{a,b}{c,d}{e,f}", limit: 7))
        XCTAssertEqual(Glob.expandBraces("{a,b}{c,d}{e,f}", limit: 8)?.count, 8)
        // Forty pairs of braces would be 2^40 patterns: refused, with the place.
        let bomb = String(repeating: "{a,b}", count: 40)
        assertConfigError(try configuration("ignore:\n  - '\(bomb)'\n"), line: 2, column: 5,
                          contains: "expands to more than 1024 patterns")
        assertConfigError(try configuration("overrides:\n  - paths: ['\(bomb)']\n    language: de\n"), line: 2, column: 13,
                          contains: "expands to more than 1024 patterns")
        XCTAssertEqual(try configuration("ignore: ['\(String(repeating: "{a,b}", count: 10))']\n").ignore.count, 1)
    }
}

/// Glob matching as it was before its failures were remembered (exponential in the stars), for comparison.
enum ReferenceGlob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var p = pattern
        if p.hasPrefix("./") { p.removeFirst(2) }
        let anchored = p.dropLast(p.hasSuffix("/") ? 1 : 0).contains("/")
        if p.hasPrefix("/") { p.removeFirst() }
        if p.hasSuffix("/") { p.removeLast() }
        if !anchored && !p.hasPrefix("**/") { p = "**/" + p }
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        let bytes = Array(path.utf8)
        for alt in Glob.expandBraces(p, limit: .max)!.map({ Array($0.utf8) }) {
            if match(alt, 0, bytes, 0) { return true }
            for (i, b) in bytes.enumerated() where b == UInt8(ascii: "/") {
                if match(alt, 0, Array(bytes[..<i]), 0) { return true }
            }
        }
        return false
    }

    static func match(_ p: [UInt8], _ pi: Int, _ s: [UInt8], _ si: Int) -> Bool {
        let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        var pi = pi, si = si
        while pi < p.count {
            let c = p[pi]
            if c == star {
                if pi + 1 < p.count && p[pi + 1] == star {
                    var next = pi + 2
                    if next < p.count && p[next] == slash { next += 1 } else if next == p.count { return true }
                    if match(p, next, s, si) { return true }
                    var k = si
                    while k < s.count {
                        if s[k] == slash, match(p, next, s, k + 1) { return true }
                        k += 1
                    }
                    return false
                }
                var k = si
                while true {
                    if match(p, pi + 1, s, k) { return true }
                    if k >= s.count || s[k] == slash { return false }
                    k += 1
                }
            }
            guard si < s.count else { return false }
            if c == question {
                if s[si] == slash { return false }
            } else if c == UInt8(ascii: "["), let (ok, end) = Glob.matchClass(p, pi, s[si]) {
                if !ok || s[si] == slash { return false }
                pi = end
                si += 1
                continue
            } else if c == UInt8(ascii: "\\"), pi + 1 < p.count {
                if p[pi + 1] != s[si] { return false }
                pi += 2; si += 1
                continue
            } else if c != s[si] {
                return false
            }
            pi += 1; si += 1
        }
        return si == s.count
    }
}
