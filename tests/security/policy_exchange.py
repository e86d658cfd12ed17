"""Who may use each route of the exchange's operator pages (issue 15): the list of messages, a
message, "Gửi lại" and the answer to a recall.

Part of tests/security/policy.py's POLICY (merged at its end)."""

from .policy import METHOD, OK, Rule

MESSAGE = {"pk": "exchange_msg"}
REDIRECT = frozenset({"redirect"})

EXCHANGE_POLICY: dict[str, Rule] = {
    # agency A's clerk sees agency A's messages; the system administrator every message
    "exchange:messages": Rule("exchange_operator", ok=OK),
    "exchange:message": Rule("exchange_operator", MESSAGE),
    "exchange:resend": Rule(
        "exchange_operator",
        MESSAGE,
        ok=METHOD,
        post={},
        post_ok={"clerk_a": REDIRECT, "system_admin": REDIRECT},
    ),
    # no answer chosen and no reason: refused with a message, nothing answered
    "exchange:recall_answer": Rule(
        "exchange_operator",
        MESSAGE,
        ok=METHOD,
        post={},
        post_ok={"clerk_a": REDIRECT, "system_admin": REDIRECT},
    ),
}
