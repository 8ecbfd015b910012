import CLibYAML
import Foundation
@testable import PolicyYAML
import XCTest

/// libyaml reads a validated text in place (`LibYAMLDirectInput`) instead of decoding it again
/// through its reader. These tests hold that to the reader: the same events (every field and
/// mark) and the same errors on every case of the YAML test suite and on texts that end at
/// every awkward place; the same accepted characters; and the shortcut really taken.
final class LibYAMLDirectInputTests: XCTestCase {
    /// Every event libyaml gives for `source`, one line each with all its fields and marks, then
    /// the error if one stops the parse.
    static func events(_ source: SourceText, inPlace: Bool) -> [String] {
        source.bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) != 0 else { return ["no parser"] }
            defer { yaml_parser_delete(&parser) }
            let empty: [UInt8] = [0]
            return empty.withUnsafeBufferPointer { fallback in
                yaml_parser_set_input_string(&parser, buffer.count > 0 ? buffer.baseAddress! : fallback.baseAddress!, buffer.count)
                yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
                let saved = inPlace ? LibYAMLDirectInput.attach(&parser, to: buffer) : nil
                defer { if let saved { LibYAMLDirectInput.restore(&parser, saved) } }
                var lines: [String] = []
                var event = yaml_event_t()
                while true {
                    guard yaml_parser_parse(&parser, &event) != 0 else {
                        lines.append("error \(parser.error.rawValue) \(text(parser.problem)) at \(mark(parser.problem_mark)) "
                            + "offset \(parser.problem_offset) value \(parser.problem_value) context \(text(parser.context)) at \(mark(parser.context_mark))")
                        return lines
                    }
                    lines.append(describe(event))
                    let done = event.type == YAML_STREAM_END_EVENT
                    yaml_event_delete(&event)
                    if done { return lines }
                }
            }
        }
    }

    static func text(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "-" }
    static func bytes(_ p: UnsafeMutablePointer<yaml_char_t>?, _ n: Int) -> String {
        guard let p else { return "-" }
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self).debugDescription
    }
    static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String {
        p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? "-"
    }
    static func mark(_ m: yaml_mark_t) -> String { "\(m.line):\(m.column)@\(m.index)" }

    static func describe(_ e: yaml_event_t) -> String {
        var s = "\(e.type.rawValue) \(mark(e.start_mark))-\(mark(e.end_mark))"
        switch e.type {
        case YAML_STREAM_START_EVENT: s += " encoding \(e.data.stream_start.encoding.rawValue)"
        case YAML_DOCUMENT_START_EVENT:
            let d = e.data.document_start
            s += " implicit \(d.implicit) version \(d.version_directive.map { "\($0.pointee.major).\($0.pointee.minor)" } ?? "-")"
            var tag = d.tag_directives.start
            while let t = tag, t != d.tag_directives.end { s += " tag \(string(t.pointee.handle)) \(string(t.pointee.prefix))"; tag = t + 1 }
        case YAML_DOCUMENT_END_EVENT: s += " implicit \(e.data.document_end.implicit)"
        case YAML_ALIAS_EVENT: s += " *\(string(e.data.alias.anchor))"
        case YAML_SCALAR_EVENT:
            let c = e.data.scalar
            s += " &\(string(c.anchor)) !\(string(c.tag)) \(bytes(c.value, c.length)) plain \(c.plain_implicit) quoted \(c.quoted_implicit) style \(c.style.rawValue)"
        case YAML_SEQUENCE_START_EVENT:
            let c = e.data.sequence_start
            s += " &\(string(c.anchor)) !\(string(c.tag)) implicit \(c.implicit) style \(c.style.rawValue)"
        case YAML_MAPPING_START_EVENT:
            let c = e.data.mapping_start
            s += " &\(string(c.anchor)) !\(string(c.tag)) implicit \(c.implicit) style \(c.style.rawValue)"
        default: break
        }
        return s
    }

    static func source(_ text: [UInt8]) throws -> SourceText { try SourceText(decoding: text) }

    /// The events in place and through the reader, for a text that passes validation.
    func assertSameEvents(_ text: [UInt8], _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let source = try Self.source(text)
        XCTAssertTrue(YAMLParser.readsInPlace(source), "\(name): not read in place", file: file, line: line)
        let before = source.bytes
        let inPlace = Self.events(source, inPlace: true)
        XCTAssertEqual(inPlace, Self.events(source, inPlace: false), name, file: file, line: line)
        XCTAssertEqual(source.bytes, before, "\(name): the text changed", file: file, line: line)
    }

    func testEverySuiteCaseGivesTheSameEventsAndErrors() throws {
        let suite = YAMLTestSuiteTests.suiteURL
        guard FileManager.default.fileExists(atPath: suite.path) else { return } // YAMLTestSuiteTests says so
        var compared = 0, errors = 0
        for id in try YAMLTestSuiteTests.caseIDs(in: suite) {
            guard let data = FileManager.default.contents(atPath: suite.appendingPathComponent(id).appendingPathComponent("in.yaml").path) else { continue }
            guard let source = try? Self.source([UInt8](data)), !source.bytes.isEmpty else { continue }
            try assertSameEvents([UInt8](data), id)
            if Self.events(source, inPlace: true).last?.hasPrefix("error") == true { errors += 1 }
            compared += 1
            // The tree and the error through the whole parser, both ways.
            let direct = Result { try YAMLParser().parse(source: source) }
            let reader = Result { try YAMLParser.withLibYAMLReader { try YAMLParser().parse(source: source) } }
            switch (direct, reader) {
            case (.success(let a), .success(let b)):
                XCTAssertEqual(a.documents.map { PackedListTests.dump($0.root) }, b.documents.map { PackedListTests.dump($0.root) }, id)
            case (.failure(let a), .failure(let b)): XCTAssertEqual("\(a)", "\(b)", id)
            default: XCTFail("\(id): \(direct) against \(reader)")
            }
        }
        XCTAssertGreaterThan(compared, 300, "suite cases compared")
        XCTAssertGreaterThan(errors, 40, "suite cases that are errors")
    }

    /// libyaml looks ahead a few characters at a time; a text may end right inside what it
    /// looks for. Every prefix of these texts is compared, and each with a line break after it.
    func testTextsEndingAtEveryPlaceGiveTheSameEvents() throws {
        let texts = [
            "---\n- a\n...\n", "--- |\n  literal\n", "? >-\n  folded\n: \"dq \\u00e9\"\n", "%YAML 1.1\n%TAG !e! tag:e,1:\n--- !e!x &a [b, *a]\n",
            "k: 'it''s'\n# comment\n{a: b, c: [d, e]}: v\n", "- é\u{85}x\u{2028}y\u{2029}z\r\nw\rv\n", "a: \"\\\n  b\"\n",
            "&anchor !tag *alias\n", "- - -\n", ":\n", "? \n", "\t\n", "\u{FEFF}a: b\n", "😀: ✓\n",
        ]
        var cases = 0
        for text in texts {
            let bytes = Array(text.utf8)
            for end in 1...bytes.count {
                let prefix = Array(bytes[..<end])
                // Ends inside a character, or holds nothing but a BOM (an empty text goes through the reader).
                guard let source = try? Self.source(prefix), !source.bytes.isEmpty else { continue }
                try assertSameEvents(prefix, "prefix \(end) of \(text.debugDescription)")
                try assertSameEvents(prefix + [0x0A], "prefix \(end) of \(text.debugDescription) and a line break")
                cases += 1
            }
        }
        XCTAssertGreaterThan(cases, 200)
    }

    /// libyaml's reader accepts exactly what `SourceText.validate` accepts: checked against the
    /// reader itself at every edge of YAML's printable set and on broken UTF-8. (Anything the
    /// validator let through and the reader refused would now reach libyaml unchecked.)
    func testTheValidatorRefusesWhatTheReaderRefuses() throws {
        let edges: [UInt32] = [0x00, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x84, 0x85, 0x86,
                               0x9F, 0xA0, 0xFF, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x10FFFF]
        var samples: [[UInt8]] = edges.map { Array(String(Character(Unicode.Scalar($0)!)).utf8) }
        samples += [[0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xE0, 0x80, 0x80], [0xE0, 0xA0], [0xED, 0xA0, 0x80],
                    [0xED, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
                    [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xC3, 0x28], [0xE2, 0x82, 0x28]]
        for sample in samples {
            let text = Array("a: x".utf8) + sample + Array("y\n".utf8)
            let accepted = (try? SourceText.validate(text)) != nil
            let unchecked = SourceText(unchecked: text)
            XCTAssertFalse(YAMLParser.readsInPlace(unchecked))
            let readerAccepts = !(Self.events(unchecked, inPlace: false).last ?? "").hasPrefix("error \(YAML_READER_ERROR.rawValue)")
            XCTAssertEqual(accepted, readerAccepts, "\(sample.map { String($0, radix: 16) })")
        }
        // The whole printable set, against libyaml's own test of it (reader.c), one scalar at a time.
        func printable(_ v: UInt32) -> Bool {
            v == 0x09 || v == 0x0A || v == 0x0D || (0x20...0x7E).contains(v) || v == 0x85 || (0xA0...0xD7FF).contains(v)
                || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
        }
        var mismatches: [UInt32] = []
        for v in UInt32(0)...0x10FFFF where !(0xD800...0xDFFF).contains(v) {
            let text = Array(String(Character(Unicode.Scalar(v)!)).utf8)
            if ((try? SourceText.validate(text)) != nil) != printable(v) { mismatches.append(v) }
        }
        XCTAssertEqual(mismatches, [])
    }

    func testValidatedTextsAreReadInPlace() throws {
        XCTAssertTrue(LibYAMLDirectInput.isSupported, "libyaml 0.2")
        XCTAssertTrue(YAMLParser.readsInPlace(try Self.source(Array("a: b".utf8))))
        // An array with no spare capacity gets some.
        var exact = [UInt8](); exact.reserveCapacity(4); exact += Array("a: b".utf8)
        XCTAssertTrue(YAMLParser.readsInPlace(try Self.source(exact)))
        XCTAssertTrue(YAMLParser.readsInPlace(try Self.source([0xEF, 0xBB, 0xBF] + Array("a: b".utf8))), "after a BOM")
        XCTAssertTrue(YAMLParser.readsInPlace(try Self.source([0xFF, 0xFE, 0x61, 0x00])), "UTF-16, transcoded")
        XCTAssertFalse(YAMLParser.readsInPlace(try Self.source([])), "empty: the reader's path")
        YAMLParser.withLibYAMLReader { XCTAssertFalse(YAMLParser.readsInPlace(SourceText("a: b"))) }
    }

    /// A text that skipped validation (`SourceText(_:)` with a control character) still goes
    /// through libyaml's reader, which reports the character.
    func testAnUncheckedTextGoesThroughTheReader() {
        let source = SourceText("a: \u{1}")
        XCTAssertFalse(YAMLParser.readsInPlace(source))
        XCTAssertThrowsError(try YAMLParser().parse(source: source)) { error in
            XCTAssertEqual("\(error)", "1:4: control characters are not allowed")
        }
    }
}
