import ArgumentParser
import Foundation
import PolicyLint
import PolicyReport
import PolicyYAML

enum ImportFormat: String, ExpressibleByArgument, CaseIterable {
    case txt, md, html
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn terms in plain text, Markdown or HTML into a policy/v1 file, one term per sentence.",
        discussion: """
        Each sentence becomes one entry of 'terms' with its words exactly as written (markup left out,
        a line break inside a sentence read as a space), a stable id (section title slug and sentence
        number, e.g. 'refunds-3') and the section title on the first sentence of each section.
        `policylint lint` also reads .txt, .md and .html files directly, with findings at their lines
        and columns. See docs/import.md.

        Examples:
          policylint import terms.md                      print the policy
          policylint import terms.html -o terms.yaml      write it (never overwrites without --force)
          curl -s https://shop.example/terms | policylint import - --from html
        """
    )

    @Argument(help: ArgumentHelp("The terms to import ('-' reads standard input, with --from).", valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the policy to this file (default: standard output).", valueName: "file"))
    var output: String?

    @Flag(help: "Replace --output if it exists.")
    var force = false

    @Option(help: "The input's format (default: from the extension: .txt .text .md .markdown .html .htm).")
    var from: ImportFormat?

    @Option(help: "The policy's name (default: the document's title or first heading, else the file name).")
    var name: String?

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("Largest file to read, in MB.", valueName: "MB"))
    var maxFileSize: Int = 10

    mutating func validate() throws {
        if maxFileSize < 1 { throw ValidationError("--max-file-size must be at least 1 (MB)") }
        if file == "-", from == nil { throw ValidationError("reading standard input needs --from txt|md|html") }
        if force, output == nil { throw ValidationError("--force only applies with --output") }
    }

    func run() throws {
        let shown = file == "-" ? "<stdin>" : file
        func fail(_ message: String, line: Int = 1, column: Int = 1, in path: String? = nil) -> ExitCode {
            Output.error(InputError(file: path ?? shown, line: line, column: column, message: message).rendered)
            return ExitCode(2)
        }
        guard let format = from.flatMap({ ProseFormat(name: $0.rawValue) }) ?? ProseFormat(path: file) else {
            throw fail("cannot tell the format from the file name; use --from txt|md|html")
        }
        var limits = YAMLLimits()
        limits.maxFileBytes = maxFileSize * 1024 * 1024
        let bytes: [UInt8]
        // Files and standard input alike are read only up to the limit.
        do { bytes = try Linter(engine: Engine(ruleSet: RuleSet(rules: [])), limits: limits).readInput(file) } catch {
            throw fail(error.message, line: error.line, column: error.column)
        }
        var policy: ImportedPolicy
        do { policy = try TermsImporter.importFile(bytes: bytes, format: format, file: shown) } catch {
            throw fail(error.message, line: error.mark.line, column: error.mark.column)
        }
        if policy.terms.isEmpty { throw fail("no sentences to import in this \(format.displayName) file") }
        if let name { policy.name = name }
        let yaml = policy.yaml(from: shown)

        guard let output else { Output.write(yaml); return }
        if file != "-", sameFile(file, output) {
            throw fail("is the input file; import never modifies its input (choose another --output)", in: output)
        }
        if !force, FileManager.default.fileExists(atPath: output) {
            throw fail("file exists; import does not overwrite it without --force", in: output)
        }
        let staged = StagedFiles()
        do {
            try staged.stage(yaml, for: output)
            if force {
                try staged.commit()
            } else if let temp = staged.temporaryFiles.first {
                // link() fails if the target appeared meanwhile: never replace a file without --force.
                let linked = link(temp, output) == 0
                let code = errno
                staged.discard()
                if !linked {
                    let reason = String(cString: strerror(code))
                    throw code == EEXIST ? fail("file exists; import does not overwrite it without --force", in: output)
                                          : fail("cannot write: \(reason)", in: output)
                }
            }
        } catch let failure as StagedFiles.Failure {
            staged.discard()
            throw fail("cannot write: \(failure.reason)", in: output)
        }
        Output.write("wrote \(output): \(policy.terms.count) terms from \(shown); check it with `policylint lint \(output)`\n")
    }

    /// Whether two paths name the same existing file.
    func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
