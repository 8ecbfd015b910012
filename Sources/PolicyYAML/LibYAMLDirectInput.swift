import CLibYAML

/// Hands libyaml a validated text as its already-decoded buffer, so that its reader does not
/// decode and check every character a second time.
///
/// libyaml's reader (`yaml_parser_update_buffer`) turns raw input into UTF-8 a character at a
/// time, checking well-formedness and YAML's printable set: 15% of all the instructions of a
/// lint run (323 M of 2,188 M on the 10 MB benchmark corpus). `SourceText.validate` has already made exactly those checks (the same forbidden
/// set, tested on every case of the YAML test suite), and for UTF-8 input the reader's output
/// is its input, byte for byte. So the parser's working buffer is pointed at the text itself,
/// followed by the NUL the reader would append at the end, with the end-of-input flag set: the
/// reader's first test (`eof` and no raw bytes left) then returns at once, every time.
///
/// This sets members of `yaml_parser_t` that libyaml documents as internal. Their layout is
/// part of the library's ABI (callers allocate the struct), and the reader has not changed
/// since 0.2.1; the shortcut is only taken on libyaml 0.2, and the tests compare every event
/// and error against the ordinary path on the whole YAML test suite.
enum LibYAMLDirectInput {
    /// libyaml 0.2.x, whose reader behaves as described above.
    static let isSupported: Bool = {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        yaml_get_version(&major, &minor, &patch)
        return major == 0 && minor == 2
    }()

    /// False: every text goes through libyaml's own reader (`YAMLParser.withLibYAMLReader`).
    @TaskLocal static var isEnabled = true

    /// Points `parser`'s buffer at `text`, which must be followed in memory by zero bytes
    /// (`SourceText.hasZeroPadding`); returns the buffer it replaced, which must be put back
    /// (`restore`) before `yaml_parser_delete` frees it.
    static func attach(_ parser: inout yaml_parser_t, to text: UnsafeBufferPointer<UInt8>) -> Saved {
        let saved = Saved(buffer: parser.buffer, unread: parser.unread, eof: parser.eof)
        let start = UnsafeMutablePointer(mutating: text.baseAddress!)
        parser.buffer.start = start
        parser.buffer.pointer = start
        // One past the NUL, as the reader leaves it at the end of input.
        parser.buffer.last = start + text.count + 1
        parser.buffer.end = start + text.count + 1
        // A bound on the characters left (the reader counts them exactly; with `eof` set it is
        // only compared against to skip calling the reader, which would return at once).
        parser.unread = text.count + 1
        parser.eof = 1
        return saved
    }

    static func restore(_ parser: inout yaml_parser_t, _ saved: Saved) {
        parser.buffer = saved.buffer
        parser.unread = saved.unread
        parser.eof = saved.eof
    }

    struct Saved {
        var buffer: yaml_parser_s.__Unnamed_struct_buffer
        var unread: Int
        var eof: Int32
    }
}
