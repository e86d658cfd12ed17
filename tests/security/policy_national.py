"""Who may use the payment simulators' routes (issue 16, h-national): the national payment
platform (/mo-phong/ntt/) and PayGov behind the LGSP (/mo-phong/paygov/). Like every
simulator they stand in for outside systems (development and demo only, off in production)
and answer anyone, never with a 5xx; their API endpoints trust only the partner's checksum
or bearer token, which their own tests exercise.

Part of tests/security/policy.py's POLICY (merged at its end).
"""

from .policy import ANY_ANSWER, Rule

SIMULATOR = ANY_ANSWER | {"unauth"}
# a reference no simulator has: the pages answer 404 (the round-trip tests use real ones)
NO_SUCH_REFERENCE = {"reference": "procedure_version"}

NATIONAL_POLICY: dict[str, Rule] = {
    "simulators:payplatform:index": Rule("public", ok=SIMULATOR),
    "simulators:payplatform:init": Rule("public", ok=SIMULATOR),
    "simulators:payplatform:query": Rule("public", ok=SIMULATOR),
    "simulators:payplatform:pay": Rule("public", NO_SUCH_REFERENCE, ok=SIMULATOR),
    "simulators:payplatform:notify": Rule("public", NO_SUCH_REFERENCE, ok=SIMULATOR),
    "simulators:paygov:index": Rule("public", ok=SIMULATOR),
    "simulators:paygov:login": Rule("public", ok=SIMULATOR),
    "simulators:paygov:paygate": Rule("public", ok=SIMULATOR),
    "simulators:paygov:check_return": Rule("public", ok=SIMULATOR),
    "simulators:paygov:status": Rule("public", ok=SIMULATOR),
    "simulators:paygov:pay": Rule("public", NO_SUCH_REFERENCE, ok=SIMULATOR),
    "simulators:paygov:notify": Rule("public", NO_SUCH_REFERENCE, ok=SIMULATOR),
}
