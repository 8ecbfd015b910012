import Foundation

// Usage: EmbedRules OUTPUT.swift PACK.yaml...
// Writes `BuiltinPacks.sources`: (file name, YAML text) pairs, as raw string literals.
let args = CommandLine.arguments.dropFirst()
guard let output = args.first else {
    FileHandle.standardError.write(Data("usage: EmbedRules OUTPUT PACK...\n".utf8))
    exit(2)
}
var swift = "// Generated at build time from rules/*.yaml by the EmbedRulePacks plugin. Do not edit.\n"
swift += "extension BuiltinPacks {\n    public static let sources: [(name: String, text: String)] = [\n"
for path in args.dropFirst().sorted() {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    // A raw string delimiter longer than any run of '#' in the text keeps it verbatim.
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    let name = URL(fileURLWithPath: path).lastPathComponent
    swift += "        (name: \"rules/\(name)\", text: \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
swift += "    ]\n}\n"
try swift.write(toFile: output, atomically: true, encoding: .utf8)
