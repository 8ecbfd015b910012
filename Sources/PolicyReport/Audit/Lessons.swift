/// The customer-service lessons the built-in rules encode (docs/lessons.md), for headings.
public enum Lessons {
    public static let titles: [String: String] = [
        "L1": "A promise is only as good as what happens when it breaks",
        "L2": "Outsourcing does not outsource responsibility",
        "L3": "Say what you do, do what you say",
        "L4": "Offer the money back",
        "L5": "Answer fast",
        "L6": "Resolve complaints promptly, and keep the customer informed",
        "L7": "Solve it to the customer's satisfaction, not yours",
        "L8": "Let front-line staff decide in the customer's favour",
        "L9": "Welcome complaints; never make the customer the problem",
        "L10": "Learn from each failure",
        "L11": "Write for the novice",
        "L12": "Policies serve the customer, not the business's convenience",
    ]

    /// The number of `L7` (for ordering); lessons that are not `L<n>` sort after them.
    public static func order(_ lesson: String?) -> Int {
        guard let lesson, lesson.first == "L", let n = Int(lesson.dropFirst()) else { return Int.max }
        return n
    }

    /// `blame-shifting` → `Blame shifting`.
    public static func humanize(_ id: String) -> String {
        let words = id.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        guard let first = words.first else { return id }
        return first.uppercased() + words.dropFirst()
    }
}
