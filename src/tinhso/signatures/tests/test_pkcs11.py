"""The agency seal through PKCS#11, against SoftHSM2 (issue 13 must-have 2)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tinhso.signatures import services, validation
from tinhso.signatures.models import SignatureEvidence
from tinhso.signatures.tests.conftest import person_request, seal_request

SOFTHSM_LIB = "/usr/lib/softhsm/libsofthsm2.so"

pytestmark = pytest.mark.skipif(
    shutil.which("softhsm2-util") is None or not Path(SOFTHSM_LIB).exists(),
    reason="SoftHSM2 không được cài (apt-get install softhsm2)",
)


@pytest.fixture
def hsm(settings, pki):
    """The session's demo token (the one the demo loader would make: same dir, label and PIN,
    since the PKCS#11 library reads SOFTHSM2_CONF once per process), with the test seal key."""
    from tinhso.signatures.demo import init_softhsm, softhsm_conf
    from tinhso.signatures.providers.pkcs11 import install_key

    settings.PKCS11_LIB = SOFTHSM_LIB
    settings.PKCS11_TOKEN_LABEL = "tinhso-seal"
    settings.PKCS11_USER_PIN = "246810"
    directory = Path(settings.SIGNATURES_DEMO_DIR)
    os.environ.setdefault("SOFTHSM2_CONF", str(softhsm_conf(directory)))
    assert init_softhsm(directory, settings.PKCS11_TOKEN_LABEL, settings.PKCS11_USER_PIN)
    seal = pki.ca.get("t-seal")
    install_key(
        lib=SOFTHSM_LIB,
        token_label=settings.PKCS11_TOKEN_LABEL,
        pin=settings.PKCS11_USER_PIN,
        label="t-seal",
        key_pkcs8_der=seal.key_pkcs8_der,
        cert_der=seal.der,
        chain_der=pki.ca.chain_der(),
    )
    return pki


def test_seal_signed_in_the_hsm_after_the_leader(hsm, demo_provider, issued_pdf):
    first = services.sign_now(person_request(hsm, issued_pdf), "demo_key")
    sealed = services.sign_now(seal_request(hsm, first.pdf), "pkcs11")

    assert sealed.status == "signed", sealed.message
    report = validation.validate_pdf(sealed.pdf)
    assert [(s.field, s.verdict) for s in report.signatures] == [
        ("ChuKyLanhDao", "hợp lệ"),
        ("ChuKyCoQuan", "hợp lệ"),
    ]
    assert report.signatures[1].signer == "UBND phường Tân Ninh"
    # PAdES B-LT: pyHanko put the CRL into the DSS while signing in the HSM (nothing to add)
    from tinhso.signatures import ltv

    assert [s.ltv for s in report.signatures] == [True, True]
    assert ltv.ensure(sealed.pdf, "ChuKyCoQuan") is sealed.pdf
    assert SignatureEvidence.objects.get(field_name="ChuKyCoQuan").provider == "pkcs11"


def test_wrong_pin_is_a_clean_failure(hsm, demo_provider, issued_pdf, settings):
    first = services.sign_now(person_request(hsm, issued_pdf), "demo_key")
    settings.PKCS11_USER_PIN = "000000"
    outcome = services.sign_now(seal_request(hsm, first.pdf), "pkcs11")
    assert outcome.status == "failed"
    assert "HSM" in outcome.message
    assert SignatureEvidence.objects.filter(field_name="ChuKyCoQuan").count() == 0
