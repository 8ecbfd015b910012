/// The built-in rules about suppression comments themselves.
public enum SuppressionRules {
    public static let unusedID = "unused-suppression"
    public static let invalidID = "invalid-suppression"

    public static let unused = Rule(
        id: unusedID, pack: "builtin", title: "Suppression comment suppresses nothing", severity: .warning,
        category: "suppression", lesson: nil,
        why: "A suppression that no longer matches a finding hides nothing today but will silently hide the next real problem on that line; stale suppressions also mislead readers about what was reviewed.",
        fix: "Delete the comment, or correct the rule id it names.",
        message: nil, check: .absent(fields: [], phrases: nil), badExamples: [], goodExamples: [], origin: "built-in")

    public static let invalid = Rule(
        id: invalidID, pack: "builtin", title: "Suppression comment is not valid", severity: .warning,
        category: "suppression", lesson: nil,
        why: "A malformed suppression comment does not suppress anything, so the finding it was meant for is still reported; a required reason records why a finding was accepted.",
        fix: "Write `# policylint-disable-next-line RULE -- reason` (or -disable, -enable, -disable-file) with the rule ids and, where required, a reason after ` -- `.",
        message: nil, check: .absent(fields: [], phrases: nil), badExamples: [], goodExamples: [], origin: "built-in")

    public static let all = [unused, invalid]
}
