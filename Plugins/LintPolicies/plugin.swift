import Foundation
import PackagePlugin

/// `swift package lint-policies [policylint lint options] [paths]`: lints the package's customer
/// policies with policylint. With no paths, every policy file in the package folder is linted
/// (YAML files with a top-level `policy:` key; hidden folders such as .build are skipped). The
/// package's `.policylint.yml` applies, as when `policylint lint` runs in the package folder.
@main
struct LintPolicies: CommandPlugin {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "policylint")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["lint"] + arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0:
            return
        case 1:
            throw Failure(description: "policylint found problems in the package's policies (see above)")
        default:
            throw Failure(description: "policylint could not lint the package's policies (exit code \(process.terminationStatus))")
        }
    }
}
