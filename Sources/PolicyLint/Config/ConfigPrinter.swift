/// Renders the effective configuration for a path as YAML in the form of `.policylint.yml`.
public struct ConfigPrinter {
    public let settings: LintSettings

    public init(settings: LintSettings) {
        self.settings = settings
    }

    static func quote(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || "-_./ ".unicodeScalars.contains($0) }
            && !s.hasPrefix(" ") && !s.hasSuffix(" ") && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(s.lowercased())
        if plain { return s }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    public func render(for path: String?) -> String {
        let c = settings.configuration
        let profile = settings.profile(for: path ?? "-")
        var out = "# policylint effective configuration"
        out += path.map { " for \($0)\n" } ?? "\n"
        out += "# configuration file: \(c.file ?? "none (defaults)")\n"
        if let path, settings.isIgnored(path) { out += "# \(path) is ignored (see 'ignore'): it is not linted\n" }
        let matching = path.map { p in c.overrides.filter { $0.matches(c.relativePath(p)) } } ?? []
        for o in matching { out += "# override at \(o.at) applies: paths \(o.paths.map(\.description).joined(separator: ", "))\n" }
        out += "version: 1\n"
        out += "packs:\n"
        if settings.commandLine.noBuiltin {
            out += "  builtin: false\n"
        } else {
            switch c.builtin {
            case .all: out += "  builtin: true\n"
            case .none: out += "  builtin: false\n"
            case .only(let ids): out += "  builtin: [\(ids.map(ConfigPrinter.quote).joined(separator: ", "))]\n"
            }
        }
        let packPaths = c.packPaths.map(\.path) + settings.commandLine.rulePaths.map { Paths.absolute($0) }
        out += "  paths: [\(packPaths.map(ConfigPrinter.quote).joined(separator: ", "))]\n"
        out += "language: \(ConfigPrinter.quote(profile.language))\n"
        out += "fail-on: \(settings.failOn.rawValue)\n"
        out += "require-suppression-reason: \(settings.requireSuppressionReason)\n"
        out += "baseline: \(settings.baseline.map { ConfigPrinter.quote(Paths.absolute($0)) } ?? "null")\n"
        out += "limits: \(settings.limits.rendered)\n"
        out += "ignore: [\(c.ignore.map { ConfigPrinter.quote($0.description) }.joined(separator: ", "))]\n"
        out += "rules:\n"
        for rule in settings.allRules {
            if !profile.isEnabled(rule) {
                out += "  \(rule.id): off\n"
                continue
            }
            let r = profile.configured(rule)
            var fields = ["severity: \(r.severity.rawValue)"]
            for (parameter, value) in r.parameters { fields.append("\(parameter.rawValue): \(ConfigPrinter.quote(value))") }
            let changed = profile.settings[rule.id].map { !$0.isEmpty } ?? false
            out += "  \(rule.id): {\(fields.joined(separator: ", "))}" + (changed ? "   # configured" : "") + "\n"
        }
        return out
    }
}
