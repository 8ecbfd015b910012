/// The clean policy that `test-rules` puts each rule example into.
///
/// Every section is filled in the way the lessons ask, so that document-level checks
/// (`absent`, `require`) stay quiet and a finding can only come from the example itself.
/// A string example becomes `terms[0].text`; a mapping example replaces whole sections.
public enum ExampleBasePolicy {
    public static let yaml = """
    policy:
      name: Example customer promise
      owner: cx@example.com
      version: "1"
      language: en
    promises:
      - id: delivery
        text: Your order arrives within 3 days.
        deadline: 3 days
        fulfilled_by: courier
        if_missed:
          - We tell you the same day and refund the delivery charge.
          - You may cancel for a full refund.
    partners:
      - id: courier
        name: Example Courier
        provides: delivery
        accountability: We stay responsible to you for the courier's work.
    refunds:
      guarantee: Full refund within 30 days if you are not satisfied.
      window: 30 days
      processing: 5 days
    support:
      channels: [email, phone]
      first_response: 24 hours
    complaints:
      channels: [email, phone]
      acknowledge_within: 1 day
      resolve_within: 5 days
      escalation: You may ask for a manager at any time.
      remedies: [apology, refund, replacement, your choice of remedy]
      staff_authority: Any employee may refund up to $100 on the spot.
      root_cause: We record the cause of every complaint and how we will prevent it.
    delays:
      notify_within: 1 day
    terms:
      - id: example
        text: We keep your order details private.

    """
}
