import Foundation
import PackagePlugin

/// Embeds the built-in rule packs (`rules/*.yaml` at the package root) into the PolicyLint
/// module at build time, so an installed binary never looks for the source tree.
@main
struct EmbedRulePacks: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rulesDir = context.package.directoryURL.appending(path: "rules")
        let packs = (try? FileManager.default.contentsOfDirectory(at: rulesDir, includingPropertiesForKeys: nil)) ?? []
        let inputs = packs.filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinPacks.generated.swift")
        return [.buildCommand(
            displayName: "Embedding \(inputs.count) rule packs from rules/",
            executable: try context.tool(named: "EmbedRules").url,
            arguments: [output.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output]
        )]
    }
}
