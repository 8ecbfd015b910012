/// Character references in HTML (and in Markdown, which allows them): `&amp;`, `&#8217;`, `&#x2019;`.
enum HTMLEntity {
    /// The common named references; an unknown name is left as written.
    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}",
        "sbquo": "\u{201A}", "bdquo": "\u{201E}", "laquo": "\u{AB}", "raquo": "\u{BB}",
        "lsaquo": "\u{2039}", "rsaquo": "\u{203A}", "prime": "\u{2032}", "Prime": "\u{2033}",
        "ndash": "\u{2013}", "mdash": "\u{2014}", "hellip": "\u{2026}", "bull": "\u{2022}",
        "middot": "\u{B7}", "shy": "\u{AD}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}",
        "zwnj": "\u{200C}", "zwj": "\u{200D}", "lrm": "\u{200E}", "rlm": "\u{200F}",
        "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "sect": "\u{A7}", "para": "\u{B6}",
        "dagger": "\u{2020}", "Dagger": "\u{2021}", "deg": "\u{B0}", "plusmn": "\u{B1}",
        "times": "\u{D7}", "divide": "\u{F7}", "minus": "\u{2212}", "frac12": "\u{BD}", "frac14": "\u{BC}",
        "frac34": "\u{BE}", "sup1": "\u{B9}", "sup2": "\u{B2}", "sup3": "\u{B3}", "micro": "\u{B5}",
        "percnt": "%", "num": "#", "dollar": "$", "euro": "\u{20AC}", "pound": "\u{A3}", "yen": "\u{A5}",
        "cent": "\u{A2}", "curren": "\u{A4}", "iexcl": "\u{A1}", "iquest": "\u{BF}", "ordf": "\u{AA}",
        "ordm": "\u{BA}", "not": "\u{AC}", "macr": "\u{AF}", "acute": "\u{B4}", "cedil": "\u{B8}",
        "uml": "\u{A8}", "colon": ":", "comma": ",", "period": ".", "excl": "!", "quest": "?",
        "lpar": "(", "rpar": ")", "lsqb": "[", "rsqb": "]", "sol": "/", "bsol": "\\", "ast": "*",
        "Agrave": "\u{C0}", "Aacute": "\u{C1}", "Acirc": "\u{C2}", "Atilde": "\u{C3}", "Auml": "\u{C4}",
        "Aring": "\u{C5}", "AElig": "\u{C6}", "Ccedil": "\u{C7}", "Egrave": "\u{C8}", "Eacute": "\u{C9}",
        "Ecirc": "\u{CA}", "Euml": "\u{CB}", "Igrave": "\u{CC}", "Iacute": "\u{CD}", "Icirc": "\u{CE}",
        "Iuml": "\u{CF}", "Ntilde": "\u{D1}", "Ograve": "\u{D2}", "Oacute": "\u{D3}", "Ocirc": "\u{D4}",
        "Otilde": "\u{D5}", "Ouml": "\u{D6}", "Oslash": "\u{D8}", "Ugrave": "\u{D9}", "Uacute": "\u{DA}",
        "Ucirc": "\u{DB}", "Uuml": "\u{DC}", "Yacute": "\u{DD}", "szlig": "\u{DF}",
        "agrave": "\u{E0}", "aacute": "\u{E1}", "acirc": "\u{E2}", "atilde": "\u{E3}", "auml": "\u{E4}",
        "aring": "\u{E5}", "aelig": "\u{E6}", "ccedil": "\u{E7}", "egrave": "\u{E8}", "eacute": "\u{E9}",
        "ecirc": "\u{EA}", "euml": "\u{EB}", "igrave": "\u{EC}", "iacute": "\u{ED}", "icirc": "\u{EE}",
        "iuml": "\u{EF}", "ntilde": "\u{F1}", "ograve": "\u{F2}", "oacute": "\u{F3}", "ocirc": "\u{F4}",
        "otilde": "\u{F5}", "ouml": "\u{F6}", "oslash": "\u{F8}", "ugrave": "\u{F9}", "uacute": "\u{FA}",
        "ucirc": "\u{FB}", "uuml": "\u{FC}", "yacute": "\u{FD}", "yuml": "\u{FF}", "OElig": "\u{152}",
        "oelig": "\u{153}", "Scaron": "\u{160}", "scaron": "\u{161}",
    ]

    /// The character spelled at `i` (which holds `&`) and the spelling's length, or nil.
    static func decode(_ b: [UInt8], _ i: Int, _ end: Int) -> (Unicode.Scalar, Int)? {
        guard i + 2 < end, b[i] == 0x26 else { return nil }
        var j = i + 1
        if b[j] == 0x23 { // &#...;
            j += 1
            var hexadecimal = false
            if j < end, b[j] == 0x78 || b[j] == 0x58 { hexadecimal = true; j += 1 }
            let digitsStart = j
            var value: UInt32 = 0
            while j < end, j - digitsStart < 8 {
                let c = b[j]
                let d: UInt32
                if Bytes.isDigit(c) { d = UInt32(c - 0x30) }
                else if hexadecimal, c >= 0x61, c <= 0x66 { d = UInt32(c - 0x61 + 10) }
                else if hexadecimal, c >= 0x41, c <= 0x46 { d = UInt32(c - 0x41 + 10) }
                else { break }
                value = value * (hexadecimal ? 16 : 10) + d
                j += 1
            }
            guard j > digitsStart, j < end, b[j] == 0x3B else { return nil }
            // NUL, surrogates, controls and out-of-range values become U+FFFD, as browsers do.
            var scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            if value == 0 || (value < 0x20 && value != 0x09 && value != 0x0A) || (value >= 0x7F && value < 0xA0) || value == 0xFFFE || value == 0xFFFF {
                scalar = "\u{FFFD}"
            }
            if value == 0x09 || value == 0x0A { scalar = " " }
            return (scalar, j + 1 - i)
        }
        while j < end, j - i <= 10, Bytes.isAlnum(b[j]) { j += 1 }
        guard j > i + 1, j < end, b[j] == 0x3B else { return nil }
        let name = String(decoding: b[(i + 1)..<j], as: UTF8.self)
        guard let scalar = named[name] else { return nil }
        return (scalar, j + 1 - i)
    }
}
