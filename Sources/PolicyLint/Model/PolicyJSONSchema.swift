import PolicyYAML

/// A JSON Schema (draft 2020-12) of policy/v1, generated from `PolicySchema` so that editors
/// can complete and validate policy files with the same rules the linter applies.
public enum PolicyJSONSchema {
    public static func document() -> JSONValue {
        var root = schema(PolicySchema.root)
        guard case .object(var fields) = root else { return root }
        fields.insert(("$schema", .string("https://json-schema.org/draft/2020-12/schema")), at: 0)
        fields.insert(("$id", .string("https://policylint.dev/schema/policy-v1.json")), at: 1)
        fields.insert(("title", .string("policylint policy/v1")), at: 2)
        root = .object(fields)
        return root
    }

    static let durationPattern = "^\\s*([0-9]+(\\.[0-9]+)?\\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|calendar days?|business days?|working days?|bd|w|wk|wks|weeks?|months?|y|years?)|(a|an|one|two|three|four|five|six|seven|ten|fourteen|thirty) (minutes?|hours?|days?|business days?|working days?|weeks?|months?|years?)|[Pp]([0-9.]+[YMWDymwd])*([Tt]([0-9.]+[HMShms])+)?)\\s*$"

    static func schema(_ type: FieldType) -> JSONValue {
        switch type {
        case .prose: return .object([("type", .string("string")), ("description", .string("Text a customer reads; checked by the rules."))])
        case .text: return .object([("type", .string("string"))])
        case .id: return .object([("type", .string("string")), ("description", .string("Unique within its list."))])
        case .reference(let list): return .object([("type", .string("string")), ("description", .string("The id of an item of '\(list)'."))])
        case .duration:
            return .object([("type", .string("string")), ("pattern", .string(durationPattern)),
                            ("examples", .array(["24 hours", "5 business days", "48h", "P7D"].map { .string($0) }))])
        case .list(let element):
            return .object([("type", .string("array")), ("items", schema(element))])
        case .proseOrList:
            return .object([("oneOf", .array([schema(.prose), schema(.list(.prose))]))])
        case .mapping(let fields):
            var out: [(String, JSONValue)] = [("type", .string("object"))]
            out.append(("properties", .object(fields.map { ($0.name, schema($0.type)) })))
            let required = fields.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { out.append(("required", .array(required))) }
            out.append(("additionalProperties", .bool(false)))
            return .object(out)
        }
    }
}
