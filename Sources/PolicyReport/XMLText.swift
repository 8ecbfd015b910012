/// XML 1.0 escaping for attribute values and text (JUnit, Checkstyle): markup characters become
/// references, line breaks in attributes stay line breaks (`&#10;`), and characters XML forbids
/// become U+FFFD, so any policy text gives well-formed XML.
enum XMLText {
    static func escape(_ s: String, attribute: Bool = true) -> String {
        Escape.rewrite(s) { change($0, $1, attribute: attribute) }
    }

    /// What escaping changes at `b[i]` (see `Escape.rewrite`).
    @inline(__always)
    static func change(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, attribute: Bool) -> (Int, StaticString)? {
        switch b[i] {
        case 0x26: return (1, "&amp;")
        case 0x3C: return (1, "&lt;")
        case 0x3E: return (1, "&gt;")
        case 0x22: return attribute ? (1, "&quot;") : nil
        case 0x27: return attribute ? (1, "&apos;") : nil
        case 0x0A: return attribute ? (1, "&#10;") : nil
        case 0x0D: return (1, "&#13;")
        case 0x09: return attribute ? (1, "&#9;") : nil
        case ..<0x20: return (1, Escape.replacementCharacter)
        case 0xEF where i + 2 < b.count && b[i + 1] == 0xBF && (b[i + 2] == 0xBE || b[i + 2] == 0xBF):
            return (3, Escape.replacementCharacter) // U+FFFE, U+FFFF
        default: return nil
        }
    }

    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
}

extension ReportBytes {
    /// `XMLText.escape(s, attribute:)`'s text, written here.
    mutating func xml(_ b: UnsafeBufferPointer<UInt8>, attribute: Bool = true) {
        escaped(b) { XMLText.change($0, $1, attribute: attribute) }
    }

    mutating func xml(_ s: String, attribute: Bool = true) {
        escaped(s) { XMLText.change($0, $1, attribute: attribute) }
    }
}
