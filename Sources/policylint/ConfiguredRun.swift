import ArgumentParser
import Foundation
import PolicyLint

/// What `lint` and `report` share, so both see the same files, rules, suppressions and baseline.
enum ConfiguredRun {
    /// The files to lint: discovered, less `ignore:` and (with `policiesOnly`) non-policies.
    static func selectFiles(_ paths: [String], settings: LintSettings, importProse: Bool = false,
                            policiesOnly: Bool = false, verbose: Bool = false) -> (files: [String], errors: [InputError]) {
        let discovery = FileDiscovery.discover(paths.isEmpty ? ["."] : paths,
                                               extraExtensions: importProse ? Set(ProseFormat.extensions.keys) : [])
        if verbose {
            for s in discovery.skipped { Output.error("\(s): skipped: no 'policy' key at the top level") }
        }
        var files: [String] = []
        for f in discovery.files {
            if settings.isIgnored(f) {
                if verbose { Output.error("\(f): ignored by the configuration's 'ignore'") }
                continue
            }
            if policiesOnly, f != "-", !FileDiscovery.looksLikePolicy(f) {
                if verbose { Output.error("\(f): skipped: no 'policy' key at the top level (--policies-only)") }
                continue
            }
            files.append(f)
        }
        return (files, discovery.errors)
    }

    /// The configured baseline, or nil; a baseline about to be written for the first time may not exist yet.
    static func baselineOrExit(_ settings: LintSettings, writing: String? = nil) throws -> Baseline.Index? {
        guard let path = settings.baseline else { return nil }
        let missingButWritten = writing.map { Paths.absolute($0) == Paths.absolute(path) } == true
            && !FileManager.default.fileExists(atPath: path)
        if missingButWritten { return nil }
        do { return try Baseline.Index.load(path: path) } catch {
            Output.error(error.rendered)
            throw ExitCode(2)
        }
    }
}
