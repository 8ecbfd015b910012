import ArgumentParser
import Foundation
import PolicyLint
import PolicyReport

extension FailOn: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

/// Options that choose and override the configuration (lint and config share them).
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("Configuration file (default: .policylint.yml found from the working folder upwards).", valueName: "file"))
    var configFile: String?

    @Flag(name: .customLong("no-config"), help: "Use no configuration file.")
    var noConfig = false

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup var limitOptions: LimitOptions

    @Option(name: .customLong("enable"), help: ArgumentHelp("Enable a rule (repeatable).", valueName: "rule"))
    var enable: [String] = []

    @Option(name: .customLong("disable"), help: ArgumentHelp("Disable a rule (repeatable).", valueName: "rule"))
    var disable: [String] = []

    @Option(name: .customLong("severity"), help: ArgumentHelp("Change a rule's severity, e.g. legalese=warning (repeatable).", valueName: "rule=level"))
    var severity: [String] = []

    @Option(name: .customLong("language"), help: ArgumentHelp("Language of policies that do not set policy.language.", valueName: "code"))
    var language: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1 (default: error).")
    var failOn: FailOn?

    @Flag(name: .customLong("require-suppression-reason"), inversion: .prefixedNo,
          help: "Require ' -- reason' on every suppression comment.")
    var requireSuppressionReason: Bool?

    @Option(name: .customLong("baseline"), help: ArgumentHelp("Report only findings not in this baseline file.", valueName: "file"))
    var baseline: String?

    func validate() throws {
        for s in severity {
            let parts = s.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, Severity(rawValue: String(parts[1])) != nil else {
                throw ValidationError("--severity takes RULE=LEVEL with LEVEL error, warning or info, not '\(s)'")
            }
        }
        if configFile != nil && noConfig { throw ValidationError("--config and --no-config exclude each other") }
    }

    var commandLine: CommandLineSettings {
        var c = CommandLineSettings()
        c.noBuiltin = ruleOptions.noBuiltin
        c.rulePaths = ruleOptions.rulePaths
        c.enable = enable
        c.disable = disable
        for s in severity {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, let level = Severity(rawValue: parts[1]) { c.severities[parts[0]] = level }
        }
        c.language = language?.lowercased()
        c.failOn = failOn
        c.requireSuppressionReason = requireSuppressionReason
        c.baseline = baseline
        c.limits = limitOptions.settings
        return c
    }

    /// The configuration file, resolved against the rules, or exit 2 with `file:line:col: error:`.
    func settingsOrExit() throws -> LintSettings {
        do {
            let configuration = noConfig ? Configuration.defaults() : try ConfigLoader.resolve(explicit: configFile)
            return try LintSettings.load(configuration: configuration, commandLine: commandLine)
        } catch {
            Output.error(error.rendered)
            throw ExitCode(2)
        }
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the effective configuration for a path (file, overrides and flags applied).",
        discussion: """
        The output is YAML in the form of .policylint.yml (docs/configuration.md): the file found from the working folder upwards (or --config), the overrides that match PATH, and the flags given.

        Examples:
          policylint config --print
          policylint config --print policies/legal/terms.yaml
          policylint config --print --config ci/policylint.yml --disable legalese
        """
    )

    @Flag(name: .customLong("print"), help: "Print the effective configuration (the default action).")
    var print = false

    @Argument(help: ArgumentHelp("The policy file the configuration is shown for (overrides depend on the path).", valueName: "path"))
    var path: String?

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let settings = try options.settingsOrExit()
        Output.write(ConfigPrinter(settings: settings).render(for: path))
    }
}
