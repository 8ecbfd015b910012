// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "policylint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "policylint", targets: ["policylint"]),
        .library(name: "PolicyLint", targets: ["PolicyLint"]),
        .plugin(name: "LintPolicies", targets: ["LintPolicies"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libyaml from the system (Debian: libyaml-dev), never a vendored copy.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // bytes -> libyaml events -> node tree with exact marks.
        .target(name: "PolicyYAML", dependencies: ["CLibYAML"]),
        // policy model, text, rule packs, engine, findings.
        .target(
            name: "PolicyLint",
            dependencies: ["PolicyYAML"],
            plugins: [.plugin(name: "EmbedRulePacks")]
        ),
        // every output format.
        .target(name: "PolicyReport", dependencies: ["PolicyLint"]),
        // the command line: argument handling only.
        .executableTarget(
            name: "policylint",
            dependencies: [
                "PolicyLint", "PolicyReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Build-time tool + plugin: rules/*.yaml -> a Swift source embedded in PolicyLint.
        .executableTarget(name: "EmbedRules", path: "Sources/EmbedRules"),
        // Fuzz entry points (scripts/fuzz.sh builds them with libFuzzer; a normal build replays files).
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzPolicy", dependencies: ["FuzzDriver", "PolicyLint", "PolicyReport", "PolicyYAML"]),
        .executableTarget(name: "FuzzRulePack", dependencies: ["FuzzDriver", "PolicyLint", "PolicyYAML"]),
        .plugin(name: "EmbedRulePacks", capability: .buildTool(), dependencies: ["EmbedRules"]),
        // `swift package lint-policies`: runs policylint on the package's policy files.
        .plugin(
            name: "LintPolicies",
            capability: .command(intent: .custom(verb: "lint-policies", description: "Lint the package's customer policies with policylint")),
            dependencies: ["policylint"]
        ),
        .testTarget(name: "PolicyYAMLTests", dependencies: ["PolicyYAML", "CLibYAML"]),
        .testTarget(name: "PolicyLintTests", dependencies: ["PolicyLint"]),
        // Golden/: expected reports, read by path (regenerate: POLICYLINT_UPDATE_GOLDEN=1 swift test).
        .testTarget(name: "PolicyReportTests", dependencies: ["PolicyReport", "PolicyLint"], exclude: ["Golden"]),
    ]
)
