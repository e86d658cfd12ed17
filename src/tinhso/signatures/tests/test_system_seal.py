"""The agency's automatic seal (system_seal.seal_by_system): no personal signer, the agency and the
reason on the evidence, audited — and the only way to sign without a signer."""

from __future__ import annotations

import pytest

from tinhso.audit.models import AuditEvent
from tinhso.signatures import services, validation
from tinhso.signatures.models import SignatureEvidence
from tinhso.signatures.providers.base import SignRequest
from tinhso.signatures.system_seal import SystemSealRequest, seal_by_system
from tinhso.signatures.tests.conftest import demo_provider, pki  # noqa: F401

pytestmark = pytest.mark.django_db


def _request(pki, pdf: bytes, **kw) -> SystemSealRequest:  # noqa: F811
    return SystemSealRequest(
        pdf=pdf,
        agency_id=kw.pop("agency_id", pki.agency.pk),
        reason=kw.pop("reason", "Biên lai tự động"),
        **kw,
    )


def test_the_system_seals_for_the_agency_with_no_signer(pki, demo_provider, issued_pdf):  # noqa: F811
    outcome = seal_by_system(_request(pki, issued_pdf), "demo_key")

    assert outcome.status == "signed", outcome.message
    report = validation.validate_pdf(outcome.pdf)
    assert [(s.field, s.verdict) for s in report.signatures] == [("ChuKyVanThu", validation.VALID)]
    assert report.signatures[0].certificate_sha256 == pki.seal_cert.sha256
    evidence = SignatureEvidence.objects.get(code=outcome.evidence_code)
    assert (evidence.signer_id, evidence.agency_id) == (None, pki.agency.pk)
    assert evidence.system_reason == "Biên lai tự động" and evidence.by_system
    audit = AuditEvent.objects.get(action="signatures.system_seal")
    assert audit.actor is None and "Biên lai tự động" in audit.summary
    again = seal_by_system(_request(pki, issued_pdf), "demo_key")  # one seal per version
    assert again.status == "refused" and "đã được ký" in again.message


@pytest.mark.parametrize(
    ("change", "provider", "message"),
    [
        ({"reason": "  "}, "demo_key", "phải ghi lý do"),
        ({}, "local_app", "cần người ký"),
        ({}, "remote", "cần người ký"),
        ({"agency_id": None}, "demo_key", "chưa có con dấu số"),  # another agency: x2
    ],
)
def test_refusals(pki, demo_provider, issued_pdf, province, change, provider, message):  # noqa: F811
    if change.get("agency_id", 0) is None:
        change = {"agency_id": province["x2"].pk}
    outcome = seal_by_system(_request(pki, issued_pdf, **change), provider)
    assert outcome.status == "refused" and message in outcome.message
    assert not SignatureEvidence.objects.exists()


def test_a_signing_with_no_signer_is_refused_everywhere_else(pki, demo_provider, issued_pdf):  # noqa: F811
    request = SignRequest(
        pdf=issued_pdf,
        field_name="ChuKyVanThu",
        signer_id=None,
        certificate_id=pki.seal_cert.pk,
        reason="Không có ai ký",
    )
    outcome = services.sign_now(request, "demo_key")
    assert outcome.status == "refused" and "không có người ký" in outcome.message.lower()
    with pytest.raises(services.SigningRefused):
        services.start_session(request, "local_app")
    assert not SignatureEvidence.objects.exists()
