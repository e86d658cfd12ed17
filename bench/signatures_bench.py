#!/usr/bin/env python3
"""Digital-signature benchmark (issue 13): agency seals per second and validations per second.

Runs in a throw-away test database and a tmp demo PKI, never touching the working data:

    .venv/bin/python bench/signatures_bench.py [N]

- "seal (in-memory key)": pyHanko PAdES B-LT signature (CRL and chain into the DSS) with the
  demo TSA, no checks; "seal, B-T (no DSS)" the same without the revocation data;
- "seal (PKCS#11, SoftHSM2)": the same through the HSM provider (skipped without SoftHSM2);
- "sign_now (checks + evidence)": the full path — who may sign, order rule, the signed file
  checked (validation of old and new signatures) and the evidence row;
- "validate": validation.validate_pdf of a document with two signatures (per document).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
TMP = Path(tempfile.mkdtemp(prefix="tinhso-sigbench-"))
os.environ["SOFTHSM2_CONF"] = str(TMP / "softhsm" / "softhsm2.conf")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def rate(label: str, n: int, fn) -> float:  # type: ignore[no-untyped-def]
    fn(0)  # warm-up
    start = time.perf_counter()
    for i in range(n):
        fn(i + 1)
    elapsed = time.perf_counter() - start
    print(f"{label:<34} {n / elapsed:8.1f}/s   ({elapsed / n * 1000:7.1f} ms each, n={n})")
    return n / elapsed


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.SIGNATURES_DEMO_DIR = TMP
    settings.SIGNATURE_TSA_URL = ""
    try:
        run(n)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(n: int) -> None:
    import weasyprint

    from tinhso.accounts import services as accounts
    from tinhso.organisation import services as org
    from tinhso.signatures import services, signing, validation
    from tinhso.signatures.appearance import Appearance
    from tinhso.signatures.certificates import add_trust_anchor, register_certificate
    from tinhso.signatures.demo import init_softhsm
    from tinhso.signatures.democa import DemoCA
    from tinhso.signatures.providers.base import SignRequest
    from tinhso.signatures.providers.pkcs11 import Pkcs11Provider, install_key

    ca = DemoCA(TMP).ensure()
    add_trust_anchor(ca.root().der, is_demo=True)
    unit, _ = org.unit_upsert(code="80", name="Tỉnh Tây Ninh", level="province")
    agency, _ = org.agency_upsert(
        code="000.00.00.H53", name="UBND tỉnh Tây Ninh", kind="ubnd_tinh", unit=unit
    )
    clerk = accounts.staff_create(
        username="vanthu",
        full_name="Văn Thư",
        password="Mật-khẩu-Mạnh-2026",  # noqa: S106
    )
    accounts.role_grant(user=clerk, agency=agency, role="clerk")
    leader = accounts.staff_create(
        username="lanhdao",
        full_name="Lãnh Đạo",
        password="Mật-khẩu-Mạnh-2026",  # noqa: S106
    )
    issued_seal, issued_person = (
        ca.issue("seal", "UBND tỉnh Tây Ninh"),
        ca.issue("person", "Lãnh Đạo"),
    )
    seal = register_certificate(issued_seal.der, kind="seal", agency=agency, key_reference="seal")
    person = register_certificate(
        issued_person.der, kind="person", user=leader, key_reference="person"
    )
    seal_png = ca.seal_png("seal", agency.name)
    docs = [
        bytes(weasyprint.HTML(string=f"<h1>Quyết định số {i}</h1><p>Thử.</p>").write_pdf())
        for i in range(n + 1)
    ]

    def person_signed(i: int) -> bytes:
        req = SignRequest(
            pdf=docs[i], field_name="ChuKyLanhDao", signer_id=leader.pk, certificate_id=person.pk
        )
        return signing.sign_with(req, ca.simple_signer("person"))[0]

    leader_signed = [person_signed(i) for i in range(n + 1)]

    def seal_request(i: int) -> SignRequest:
        return SignRequest(
            pdf=leader_signed[i],
            field_name="ChuKyCoQuan",
            signer_id=clerk.pk,
            certificate_id=seal.pk,
            appearance=Appearance(image=seal_png),
        )

    print(f"Tỉnh Số signatures bench — {n} documents, RSA 2048, SHA-256, demo TSA in process")
    rate(
        "seal (in-memory key)",
        n,
        lambda i: signing.sign_with(seal_request(i), ca.simple_signer("seal")),
    )
    rate(
        "seal, B-T (no DSS)",
        n,
        lambda i: signing.sign_with(seal_request(i), ca.simple_signer("seal"), ltv=False),
    )
    if init_softhsm(TMP, "bench", "246810"):
        settings.PKCS11_TOKEN_LABEL, settings.PKCS11_USER_PIN = "bench", "246810"
        install_key(
            lib=settings.PKCS11_LIB,
            token_label="bench",  # noqa: S106 – a label, not a secret
            pin="246810",
            label="seal",
            key_pkcs8_der=issued_seal.key_pkcs8_der,
            cert_der=issued_seal.der,
            chain_der=ca.chain_der(),
        )
        provider = Pkcs11Provider()
        rate("seal (PKCS#11, SoftHSM2)", n, lambda i: provider.start(seal_request(i)))
    else:
        print("seal (PKCS#11, SoftHSM2)           skipped: SoftHSM2 not installed")
    settings.SIGNING_PROVIDERS = ["pkcs11"]
    outcomes = []

    def full(i: int) -> None:
        outcome = services.sign_now(seal_request(i), "pkcs11")
        assert outcome.status == "signed", outcome.message
        outcomes.append(outcome.pdf)

    if settings.PKCS11_TOKEN_LABEL == "bench":  # noqa: S105 – a label
        rate("sign_now via PKCS#11 (checks+evidence)", n, full)
    sealed = outcomes or [
        signing.sign_with(seal_request(i), ca.simple_signer("seal"))[0] for i in range(n + 1)
    ]

    def check(i: int) -> None:
        report = validation.validate_pdf(sealed[i % len(sealed)])
        assert [s.verdict for s in report.signatures] == ["hợp lệ", "hợp lệ"]
        assert all(s.ltv for s in report.signatures)

    rate("validate (2 signatures/document)", n, check)


if __name__ == "__main__":
    main()
