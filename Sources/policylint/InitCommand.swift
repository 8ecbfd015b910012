import ArgumentParser
import Foundation
import PolicyLint

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter policy file that lints clean (never overwrites).",
        discussion: "Example:\n  policylint init policies/customer-promise.yaml"
    )

    @Argument(help: "Where to write the starter policy.")
    var file: String = "policy.yaml"

    func run() throws {
        if FileManager.default.fileExists(atPath: file) {
            Output.error("\(file):1:1: error: file exists; init never overwrites (choose another name)")
            throw ExitCode(2)
        }
        // O_EXCL: refuse even if the file appears between the check and the write.
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            Output.error("\(file):1:1: error: cannot create file: \(String(cString: strerror(errno)))")
            throw ExitCode(2)
        }
        let bytes = Array(StarterPolicy.yaml.utf8)
        let written = bytes.withUnsafeBufferPointer { Foundation.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else {
            unlink(file)
            Output.error("\(file):1:1: error: could not write the whole file")
            throw ExitCode(2)
        }
        Output.write("wrote \(file): edit it, then run `policylint lint \(file)`\n")
    }
}
