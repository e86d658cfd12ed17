"""Who may read the payments' daily reconciliation report (issue 16, h-receipts): agency
leaders (their agency), province leaders and system administrators (tinhso.payments.access).

Part of tests/security/policy.py's POLICY (merged at its end)."""

from .policy import Rule

RECEIPTS_POLICY: dict[str, Rule] = {
    "payments:reconciliation": Rule("leaders"),
}
