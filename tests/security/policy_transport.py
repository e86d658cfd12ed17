"""Who may use each route of the exchange's directory (issue 15): the addressee search.

Part of tests/security/policy.py's POLICY (merged at its end)."""

from .policy import Rule

TRANSPORT_POLICY: dict[str, Rule] = {
    # officers address documents; the directory of bodies is not a public page
    "exchange_directory:organisation_search": Rule("staff", query={"q": "tu phap"}),
}
