/// Bar charts as inline SVG: every bar carries its label and its number as text, so the chart
/// reads without colour (and in black-and-white print).
enum SVGChart {
    struct Bar {
        var label: String
        var value: Int
        /// CSS class of the bar (colour), e.g. `sev-error`.
        var style: String
        /// Full text for the tooltip when the label is shortened.
        var detail: String? = nil
    }

    static let font = 13.0
    /// An average glyph width of the sans-serif stack at 13px, for sizing the label column.
    static let glyph = 7.0

    /// Horizontal bars, one row each: label, bar, value.
    static func horizontal(_ bars: [Bar], title: String, width: Int = 520, row: Int = 30, barHeight: Int = 18) -> String {
        let top = 4
        let maxLabel = 26
        let labels = bars.map { $0.label.count > maxLabel ? String($0.label.prefix(maxLabel - 1)) + "…" : $0.label }
        let labelWidth = min(Int(Double(labels.map(\.count).max() ?? 4) * glyph) + 16, 200)
        let maxValue = max(bars.map(\.value).max() ?? 0, 1)
        let valueRoom = 44
        let span = Double(width - labelWidth - valueRoom)
        let height = top * 2 + max(bars.count, 1) * row
        var s = svgOpen(width: width, height: height, title: title,
                        description: bars.map { "\($0.detail ?? $0.label): \($0.value)" }.joined(separator: ", "))
        s += "<line class=\"axis\" x1=\"\(labelWidth)\" y1=\"\(top)\" x2=\"\(labelWidth)\" y2=\"\(height - top)\"/>"
        for (i, bar) in bars.enumerated() {
            let y = top + i * row
            let length = bar.value == 0 ? 0 : max(3, Int((Double(bar.value) / Double(maxValue) * span).rounded()))
            let mid = y + row / 2
            s += "<g>"
            if let detail = bar.detail, detail != labels[i] { s += "<title>\(Escape.html(detail)): \(bar.value)</title>" }
            s += "<text class=\"label\" x=\"\(labelWidth - 10)\" y=\"\(mid)\" dy=\"0.35em\" text-anchor=\"end\">\(Escape.html(labels[i]))</text>"
            if length > 0 {
                s += "<rect class=\"bar \(bar.style)\" x=\"\(labelWidth)\" y=\"\(mid - barHeight / 2)\" width=\"\(length)\" height=\"\(barHeight)\" rx=\"3\"/>"
            }
            s += "<text class=\"value\" x=\"\(labelWidth + length + 7)\" y=\"\(mid)\" dy=\"0.35em\">\(bar.value)</text>"
            s += "</g>"
        }
        return s + "</svg>"
    }

    /// Vertical columns with the label under each and the value on top.
    static func columns(_ bars: [Bar], title: String, width: Int = 320, height: Int = 190) -> String {
        let bottom = 34, top = 24
        let plot = Double(height - bottom - top)
        let maxValue = max(bars.map(\.value).max() ?? 0, 1)
        let slot = Double(width) / Double(max(bars.count, 1))
        let barWidth = min(44.0, slot * 0.6)
        var s = svgOpen(width: width, height: height, title: title,
                        description: bars.map { "\($0.detail ?? $0.label): \($0.value)" }.joined(separator: ", "))
        let base = height - bottom
        s += "<line class=\"axis\" x1=\"0\" y1=\"\(base)\" x2=\"\(width)\" y2=\"\(base)\"/>"
        for (i, bar) in bars.enumerated() {
            let cx = slot * (Double(i) + 0.5)
            let h = bar.value == 0 ? 0 : max(3, Int((Double(bar.value) / Double(maxValue) * plot).rounded()))
            s += "<g>"
            if h > 0 {
                s += "<rect class=\"bar \(bar.style)\" x=\"\(fmt(cx - barWidth / 2))\" y=\"\(base - h)\" width=\"\(fmt(barWidth))\" height=\"\(h)\" rx=\"3\"/>"
            }
            s += "<text class=\"value\" x=\"\(fmt(cx))\" y=\"\(base - h - 7)\" text-anchor=\"middle\">\(bar.value)</text>"
            s += "<text class=\"label strong\" x=\"\(fmt(cx))\" y=\"\(base + 21)\" text-anchor=\"middle\">\(Escape.html(bar.label))</text>"
            s += "</g>"
        }
        return s + "</svg>"
    }

    static func svgOpen(width: Int, height: Int, title: String, description: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(Escape.html(title + ": " + description))\">"
            + "<title>\(Escape.html(title))</title>"
    }

    static func fmt(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
