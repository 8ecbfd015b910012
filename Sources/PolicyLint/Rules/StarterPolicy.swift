/// What `policylint init` writes: a complete policy that lints clean, with comments that teach
/// the format. A test keeps it clean as rules change.
public enum StarterPolicy {
    public static let yaml = """
    # A customer policy in policylint's policy/v1 format. Run `policylint lint` on it after editing.
    # Every section below is something customers rely on; docs/policy-format.md explains each key.
    policy:
      name: Our customer promise
      owner: support@example.com
      version: "1"
      language: en

    # Each promise says what happens when it is missed (if_missed).
    promises:
      - id: delivery
        text: Your order arrives within 3 days.
        deadline: 3 days
        fulfilled_by: courier
        if_missed:
          - We tell you the same day and refund the delivery charge.
          - You may cancel for a full refund.

    # Work done by others stays our responsibility.
    partners:
      - id: courier
        name: Our delivery partner
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
      - id: privacy
        text: We keep your order details private.

    """
}
