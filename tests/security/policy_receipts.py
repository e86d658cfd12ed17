"""Who may read the payments' daily reconciliation report (issue 16, h-receipts): agency
leaders (their agency), province leaders and system administrators (tinhso.payments.access).

Part of tests/security/policy.py's POLICY (merged at its end)."""

from .policy import Rule

RECEIPTS_POLICY: dict[str, Rule] = {
    "payments:reconciliation": Rule("leaders"),
    # the receipt's access rule is tested with real receipts in payments/tests/test_receipts.py;
    # here: no receipt of that number, the same "not found" for everyone signed in
    "payments:receipt": Rule("signed_in", {"pk": "no_such_receipt"}, ok=frozenset({"hidden"})),
}
