/// A length of time as a policy states it. Business days stay distinct from calendar days:
/// "1 business day" can mean 72 hours over a weekend, so bounds compare worst and best cases.
public struct Duration: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        case minutes, hours, days, businessDays = "business days", weeks, months, years
    }

    public var amount: Double
    public var unit: Unit

    public init(_ amount: Double, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    public var description: String {
        // Whole amounts print without ".0"; one past Int's range (or infinite: 400 digits) cannot go through Int.
        let n = amount == amount.rounded() && amount.magnitude < 1e15 ? String(Int(amount)) : String(amount)
        var u = unit.rawValue
        if amount == 1 { u.removeLast() }
        return "\(n) \(u)"
    }

    /// The longest this can take, in hours (a business day may span a weekend: n business
    /// days take at most n + 2 * ceil(n / 5) calendar days; a month at most 31 days).
    public var upperBoundHours: Double {
        switch unit {
        case .minutes: return amount / 60
        case .hours: return amount
        case .days: return amount * 24
        case .businessDays: return (amount + 2 * (amount / 5).rounded(.up)) * 24
        case .weeks: return amount * 168
        case .months: return amount * 31 * 24
        case .years: return amount * 366 * 24
        }
    }

    /// The shortest this can take, in hours.
    public var lowerBoundHours: Double {
        switch unit {
        case .businessDays: return amount * 24
        case .months: return amount * 28 * 24
        case .years: return amount * 365 * 24
        default: return upperBoundHours
        }
    }

    /// Parses "7 days", "24 hours", "2 business days", "48h", "1 week", "P7D", "PT4H".
    public static func parse(_ text: String) -> Duration? {
        if let result = parseASCII(text) { return result }
        return parseGeneral(text)
    }

    /// `parse` on the bytes of printable ASCII text starting with a digit (nearly every value):
    /// no Unicode trimming or lowercasing.
    /// Returns nil, not `.some(nil)`, for any other text: `parseGeneral` answers that.
    static func parseASCII(_ text: String) -> Duration?? {
        var text = text
        return text.withUTF8 { b -> Duration?? in
            // Tabs, and space to tilde: one byte is one character here.
            for c in b where c != 0x09 && (c < 0x20 || c > 0x7E) { return nil }
            func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 } // what `.whitespaces` holds in ASCII
            func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
            var lo = 0, hi = b.count
            while lo < hi, isBlank(b[lo]) { lo += 1 }
            while hi > lo, isBlank(b[hi - 1]) { hi -= 1 }
            guard lo < hi, isDigit(b[lo]) || b[lo] == 0x2E else { return nil } // empty, ISO, number words
            var k = lo
            while k < hi, isDigit(b[k]) || b[k] == 0x2E { k += 1 }
            guard let amount = Double(String(decoding: UnsafeBufferPointer(rebasing: b[lo..<k]), as: UTF8.self)),
                  amount >= 0 else { return .some(nil) }
            while k < hi, isBlank(b[k]) { k += 1 }
            let unitText = String(decoding: UnsafeBufferPointer(rebasing: b[k..<hi]), as: UTF8.self)
            guard let unit = unitFor(unitText.lowercased()) else { return .some(nil) }
            return .some(Duration(amount, unit))
        }
    }

    /// `parse` for any text.
    static func parseGeneral(_ text: String) -> Duration? {
        let s = Trimming.spaces(text).lowercased()
        if s.isEmpty { return nil }
        if s.hasPrefix("p") { return parseISO(s) }
        // Number, then unit words.
        var number = ""
        var rest = Substring(s)
        while let c = rest.first, c.isNumber || c == "." { number.append(c); rest.removeFirst() }
        if number.isEmpty {
            // Words for small numbers: "one day", "a week".
            let words = ["a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                         "ten": 10, "fourteen": 14, "thirty": 30]
            let parts = s.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let n = words[String(parts[0])] else { return nil }
            number = String(n)
            rest = parts[1]
        }
        guard let amount = Double(number), amount >= 0 else { return nil }
        let unitText = Trimming.spaces(rest)
        guard let unit = unitFor(unitText) else { return nil }
        return Duration(amount, unit)
    }

    static func unitFor(_ u: String) -> Unit? {
        switch u {
        case "m", "min", "mins", "minute", "minutes": return .minutes
        case "h", "hr", "hrs", "hour", "hours": return .hours
        case "d", "day", "days", "calendar day", "calendar days": return .days
        case "business day", "business days", "working day", "working days", "bd": return .businessDays
        case "w", "wk", "wks", "week", "weeks": return .weeks
        case "month", "months": return .months
        case "y", "year", "years": return .years
        default: return nil
        }
    }

    static func parseISO(_ s: String) -> Duration? {
        // P[nY][nM][nW][nD][T[nH][nM]]: take a single component (the common case) or sum to hours.
        var hours = 0.0
        var single: Duration?
        var components = 0
        var inTime = false
        var number = ""
        for c in s.dropFirst() {
            if c == "t" { inTime = true; continue }
            if c.isNumber || c == "." { number.append(c); continue }
            guard let n = Double(number) else { return nil }
            number = ""
            let unit: Unit
            switch (c, inTime) {
            case ("y", false): unit = .years
            case ("m", false): unit = .months
            case ("w", false): unit = .weeks
            case ("d", false): unit = .days
            case ("h", true): unit = .hours
            case ("m", true): unit = .minutes
            case ("s", true): hours += n / 3600; components += 1; continue
            default: return nil
            }
            let d = Duration(n, unit)
            single = d
            hours += d.upperBoundHours
            components += 1
        }
        guard number.isEmpty, components > 0 else { return nil }
        if components == 1, let single { return single }
        return Duration(hours, .hours)
    }
}
