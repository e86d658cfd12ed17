"""Who may pay a dossier's fee or record it at the counter (issue 16 item 3, h-paydossier).

- The citizen's pages (/ho-so-cua-toi/<code>/thanh-toan/…): the dossier's applicant only;
  another citizen "not found", staff 403 (like the submission pages). POST as the applicant
  starts a payment (a redirect to the provider) or, with nothing owed, a refusal (409).
- The counter (/can-bo/ho-so/<code>/thu-phi/): POST only; the one-stop officer of the
  receiving agency. The body (1 đồng, no reason) is refused with a message and a redirect:
  nothing changes.

Part of tests/security/policy.py's POLICY (merged at its end).
"""

from .policy import DOSSIER, METHOD, OK_OR_REDIRECT, Rule

PAYDOSSIER_POLICY: dict[str, Rule] = {
    "payments:pay": Rule(
        "own_object",
        DOSSIER,
        post={"provider": "vnpay"},
        post_ok={"citizen_a": frozenset({"redirect", "bad"})},
    ),
    "payments:returned": Rule("own_object", DOSSIER, ok=OK_OR_REDIRECT),
    "payments:counter": Rule(
        "counter_rating",
        DOSSIER,
        ok=METHOD,
        post={"method": "cash", "amount": "1"},
        post_ok={"reception_a": frozenset({"redirect"})},
    ),
}
