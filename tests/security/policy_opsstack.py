"""Who may use the operations routes (issue 17, h-ops-stack): /healthz and /readyz are open
(they say nothing but what is up or down); /metrics answers its bearer token only, and with
no METRICS_TOKEN configured (as here) is "not found" for everyone; the "Tình trạng hệ thống"
page is the IT administrators' (tinhso.operations.access).

Part of tests/security/policy.py's POLICY (merged at its end)."""

from .policy import POLICIES, Policy, Rule

POLICIES["it_admin"] = Policy(frozenset({"system_admin"}), {"*": "forbidden"})

OPSSTACK_POLICY: dict[str, Rule] = {
    "operations:healthz": Rule("public"),
    "operations:readyz": Rule("public"),
    "operations:metrics": Rule("public", ok=frozenset({"hidden"})),
    "operations:status": Rule("it_admin"),
}
