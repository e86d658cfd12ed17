"""Who may use the payment callbacks (issue 16): the provider's server calls the IPN, so it is
public; trust comes only from the checksum the adapter verifies. The route is walked with the
world's "token" value ("khong-hop-le", no such provider): 404 for everyone; the VNPay path
itself is tested in tinhso.payments.tests.test_vnpay_ipn (97 for anything unsigned). The
simulator's routes (/mo-phong/vnpay/) fall under policy.py's "simulators" namespace.

Part of tests/security/policy.py's POLICY (merged at its end)."""

from .policy import Rule

VNPAY_POLICY: dict[str, Rule] = {
    # the provider's server calls it, with no session: anyone reaches it, and a callback that
    # does not verify is answered in VNPay's protocol (RspCode 97), never a page
    "payments:ipn": Rule("public", {"provider": "payment_provider"}),
}
