import PolicyLint

/// One finding in the HTML report: its card, the conflict's two sides, the source excerpt.
extension HTMLReport {
    /// `explainedAbove`: an earlier card in the group has the same why and fix, so this one refers to it.
    func finding(_ a: AuditFinding, explainedAbove: Bool = false) -> String {
        let f = a.finding
        let sev = f.severity.rawValue
        var h = "<article class=\"finding sev-\(sev)\">\n<h5><span class=\"pill sev-\(sev)\">\(AuditFormat.label(f.severity))</span> "
        h += "<span>\(e(a.ruleTitle))</span><code class=\"rule\">\(e(f.rule))</code></h5>\n"
        if f.message != a.ruleTitle { h += "<p class=\"message\">\(prose(f.message))</p>\n" }
        h += "<p class=\"where\">\(location(f.location))</p>\n"
        if a.isConflict {
            h += "<div class=\"conflict\">\n"
            for r in a.related { h += side("claim", r.location.message ?? "the claim", r.location, r.excerpt) }
            h += side("denial", "the denial", f.location, a.excerpt)
            h += "</div>\n"
        } else if let x = a.excerpt {
            h += source(x)
        } else if a.isAbsence {
            h += "<p class=\"absent\">Not stated anywhere in this policy.</p>\n"
        }
        if explainedAbove {
            return h + "<p class=\"see-above\">Why it matters and how to fix it: as for the first <em>\(e(a.ruleTitle))</em> finding above.</p>\n</article>\n"
        }
        h += "<dl class=\"advice\">"
        if let why = a.why { h += "<dt>Why it matters</dt><dd>\(prose(why))</dd>" }
        if let fix = a.fix { h += "<dt>How to fix it</dt><dd>\(prose(fix))</dd>" }
        h += "</dl>\n</article>\n"
        return h
    }

    /// One side of a conflict: its heading ("the claim"), location, the words and the source.
    func side(_ kind: String, _ heading: String, _ loc: Location, _ x: Excerpt?) -> String {
        var h = "<div class=\"side \(kind)\"><h6>\(e(heading.prefix(1).uppercased() + heading.dropFirst()))</h6>"
        h += "<p>\(location(loc))</p>"
        if let x, !x.highlightedText.isEmpty { h += "<blockquote>“\(e(x.highlightedText))”</blockquote>" }
        if let x { h += source(x) }
        return h + "</div>\n"
    }

    func location(_ l: Location) -> String {
        var s = "<code>\(e(l.file)):\(l.line):\(l.column)</code>"
        if !l.path.isEmpty { s += " · <code>\(e(l.path))</code>" }
        return s
    }

    func source(_ x: Excerpt) -> String {
        let x = x.dedented()
        var h = "<div class=\"src\">"
        for line in x.lines {
            h += "<div class=\"l\"><span class=\"n\">\(line.number)</span><span class=\"t\">"
            for piece in line.pieces {
                h += piece.highlighted ? "<mark>\(e(piece.text))</mark>" : e(piece.text)
            }
            h += "</span></div>"
        }
        if x.omittedLines > 0 { h += "<div class=\"more\">… \(x.omittedLines) more \(x.omittedLines == 1 ? "line" : "lines")</div>" }
        return h + "</div>\n"
    }
}
