"""Long-term validation (PAdES B-LT, issue 13 must-have 3): revocation data in the document,
timestamps that keep a signature valid after a later revocation, revocation before signing."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from tinhso.signatures import ltv, services, signing, validation
from tinhso.signatures.models import SignatureEvidence
from tinhso.signatures.tests.conftest import person_request


@pytest.fixture
def clean_crl(pki):
    """Revocations made in a test do not leak into the next (the demo CA is per session)."""
    yield pki.ca
    path = pki.ca.dir / "revoked.json"
    if path.exists():
        path.unlink()
    pki.ca.write_crl()


def _sign(pki, pdf: bytes) -> tuple[bytes, SignatureEvidence]:
    outcome = services.sign_now(person_request(pki, pdf), "demo_key")
    assert outcome.status == "signed", outcome.message
    return bytes(outcome.pdf or b""), SignatureEvidence.objects.get(code=outcome.evidence_code)


def test_signing_embeds_the_crl_and_the_evidence_says_so(pki, demo_provider, issued_pdf):
    signed, evidence = _sign(pki, issued_pdf)
    [sig] = validation.validate_pdf(signed).signatures
    assert sig.verdict == "hợp lệ"
    assert sig.ltv and sig.ltv_text == "có dữ liệu kiểm tra thu hồi dài hạn"
    assert sig.timestamp and sig.checked_at == sig.timestamp  # checked at the RFC 3161 time
    assert evidence.revocation_data["embedded"] is True
    assert evidence.revocation_data["crls"]  # the CRL that was embedded, kept as evidence
    assert evidence.validation["signatures"][0]["ltv"] is True
    assert bytes(evidence.signed_pdf) == signed


def test_without_dss_the_report_says_no_long_term_data(pki, issued_pdf):
    signed, _ = signing.sign_with(
        person_request(pki, issued_pdf), pki.ca.simple_signer("t-leader"), ltv=False
    )
    [sig] = validation.validate_pdf(signed).signatures
    assert sig.verdict == "hợp lệ" and not sig.ltv
    assert sig.ltv_text == "không có dữ liệu kiểm tra thu hồi dài hạn"


def test_validation_uses_the_embedded_crl(settings, pki, issued_pdf, monkeypatch):
    """Revocation checking required, and we hold no CRL any more (the CA's server is gone):
    the document carrying its CRL still validates, the one without does not."""
    with_dss, _ = signing.sign_with(
        person_request(pki, issued_pdf), pki.ca.simple_signer("t-leader")
    )
    without, _ = signing.sign_with(
        person_request(pki, issued_pdf), pki.ca.simple_signer("t-leader"), ltv=False
    )
    settings.SIGNATURE_REVOCATION_MODE = "hard-fail"
    monkeypatch.setattr(validation, "known_crls", list)
    assert validation.validate_pdf(with_dss).signatures[0].verdict == "hợp lệ"
    [bare] = validation.validate_pdf(without).signatures
    assert bare.verdict == "không hợp lệ"
    assert "thu hồi" in bare.reason


def test_revoked_after_a_timestamped_signature_stays_valid(
    pki, demo_provider, issued_pdf, clean_crl, monkeypatch
):
    signed, evidence = _sign(pki, issued_pdf)
    # the same certificate signs another document without a timestamp
    monkeypatch.setattr(signing, "timestamper", lambda: None)
    untimed, _ = signing.sign_with(
        person_request(pki, issued_pdf), pki.ca.simple_signer("t-leader")
    )
    revoked_at = evidence.signed_at + timedelta(seconds=1)
    while datetime.now(UTC) <= revoked_at + timedelta(seconds=1):
        time.sleep(0.2)
    clean_crl.revoke("t-leader", revoked_at)  # later than the timestamp

    [sig] = validation.validate_pdf(signed).signatures
    assert sig.verdict == "hợp lệ", sig.reason
    assert sig.ltv
    [late] = validation.validate_pdf(untimed).signatures  # no proof it existed before
    assert late.verdict == "không hợp lệ"
    assert "thu hồi" in late.reason
    # and the certificate can no longer sign
    refused = services.sign_now(person_request(pki, signed), "demo_key")
    assert refused.status == "refused" and "đã bị thu hồi" in refused.message


def test_certificate_revoked_before_signing_is_invalid(pki, demo_provider, issued_pdf, clean_crl):
    clean_crl.issue("t-revoked-early", "Lý Văn Chủ")
    clean_crl.revoke("t-revoked-early", datetime.now(UTC) - timedelta(hours=1))
    # signed outside our services (which refuse it), timestamped after the revocation
    signed, _ = signing.sign_with(
        person_request(pki, issued_pdf), clean_crl.simple_signer("t-revoked-early")
    )
    [sig] = validation.validate_pdf(signed).signatures
    assert sig.verdict == "không hợp lệ"
    assert sig.reason.startswith("Chứng thư số của người ký đã bị thu hồi")
    assert sig.revoked


def test_revoked_since_reads_the_crls_we_hold(pki, clean_crl):
    issued = clean_crl.issue("t-revoked-check", "Người Thử")
    assert ltv.revoked_since(issued.der, validation.known_crls()) is None
    when = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    clean_crl.revoke("t-revoked-check", when)
    assert ltv.revoked_since(issued.der, validation.known_crls()) == when
    assert ltv.revoked_since(issued.der, [b"not a crl"]) is None
