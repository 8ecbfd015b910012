import ArgumentParser
import Foundation
import PolicyLint
import PolicyYAML

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show how policylint reads a YAML file: the tree as JSON, one JSON text per document.",
        discussion: """
        Plain scalars are typed by YAML 1.2's core schema (null, booleans, numbers) as in the YAML
        test suite's in.json; --marks shows every node's kind, style and start/end positions.

        Examples:
          policylint parse policy.yaml
          policylint parse --marks policy.yaml
        """
    )

    @Argument(help: ArgumentHelp("YAML files ('-' for standard input).", valueName: "file"))
    var files: [String]

    @Flag(help: "Show every node's kind, scalar style and start/end line, column and byte offset.")
    var marks = false

    @Flag(name: .customLong("merge"), help: "Apply merge keys (<<) as the linter does.")
    var merge = false

    func run() throws {
        var failed = false
        for file in files {
            let bytes: [UInt8]
            do { bytes = try file == "-" ? BoundedRead.standardInput() : BoundedRead.regularFile(file, noun: "file") } catch {
                Output.error(error.rendered)
                failed = true
                continue
            }
            do {
                let stream = try YAMLParser().parse(bytes: bytes)
                for doc in stream.documents {
                    let root = merge ? doc.root.resolvingMergeKeys() : doc.root
                    // Straight to bytes: the text as a String, then with its line break, then as
                    // bytes again were three more copies (an 8 MB file's 186 MB of marks peaked at 872 MB).
                    var out: [UInt8] = []
                    root.json(marks: marks).write(to: &out, indent: 2, level: 0)
                    out.append(0x0A)
                    Output.write(bytes: out)
                }
            } catch {
                Output.error(InputError(file: file == "-" ? "<stdin>" : file, error).rendered)
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}
