import ArgumentParser
import PolicyLint

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the policy/v1 format (for editor completion and validation).",
        discussion: "Example:\n  policylint schema > policy-v1.schema.json"
    )

    func run() throws {
        Output.write(PolicyJSONSchema.document().serialized(indent: 2) + "\n")
    }
}
