/// The clean policy that `test-rules` puts each rule example into: the starter policy that
/// `policylint init` writes, so the two can never drift apart.
///
/// Every section is filled in the way the lessons ask, so that document-level checks
/// (`absent`, `require`) stay quiet and a finding can only come from the example itself.
/// A string example becomes `terms[0].text`; a mapping example replaces whole sections.
public enum ExampleBasePolicy {
    public static var yaml: String { StarterPolicy.yaml }
}
