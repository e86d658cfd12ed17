"""Signing through the one checking path (services.sign_now / signing_finished), issue 13."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from tinhso.signatures import services, signing, validation
from tinhso.signatures.models import SessionStatus, SignatureEvidence, SigningSession
from tinhso.signatures.tests.conftest import person_request, seal_request


def _sign_both(pki, demo_provider, pdf):
    first = services.sign_now(person_request(pki, pdf), "demo_key")
    assert first.status == "signed", first.message
    second = services.sign_now(seal_request(pki, first.pdf), "demo_key")
    assert second.status == "signed", second.message
    return first, second


def test_two_signatures_in_order_each_valid_after_the_other(pki, demo_provider, issued_pdf):
    first, second = _sign_both(pki, demo_provider, issued_pdf)

    after_first = validation.validate_pdf(first.pdf)
    assert [(s.field, s.verdict) for s in after_first.signatures] == [("ChuKyLanhDao", "hợp lệ")]
    after_second = validation.validate_pdf(second.pdf)
    assert [(s.field, s.verdict) for s in after_second.signatures] == [
        ("ChuKyLanhDao", "hợp lệ"),
        ("ChuKyCoQuan", "hợp lệ"),
    ]
    assert after_second.signatures[0].signer == "Lý Văn Chủ"
    assert after_second.signatures[1].signer == "UBND phường Tân Ninh"
    assert after_second.signatures[1].timestamp  # RFC 3161 token from the demo TSA
    # the issued bytes are a prefix: incremental updates only
    assert first.pdf.startswith(issued_pdf) and second.pdf.startswith(first.pdf)
    evidence = list(SignatureEvidence.objects.order_by("signed_at"))
    assert [e.field_name for e in evidence] == ["ChuKyLanhDao", "ChuKyCoQuan"]
    assert evidence[0].code == first.evidence_code == signing.verify_code_for(issued_pdf)
    assert evidence[0].timestamp_token and evidence[0].revocation_data["crls"]
    assert evidence[1].signer == pki.clerk


def test_seal_before_the_persons_signature_is_refused(pki, demo_provider, issued_pdf):
    outcome = services.sign_now(seal_request(pki, issued_pdf), "demo_key")
    assert outcome.status == "refused"
    assert "Chưa có chữ ký của người có thẩm quyền" in outcome.message
    assert not SignatureEvidence.objects.exists()


def test_certificate_not_bound_to_the_signer_is_refused(pki, demo_provider, issued_pdf):
    outcome = services.sign_now(person_request(pki, issued_pdf, signer_id=pki.clerk.pk), "demo_key")
    assert outcome.status == "refused"
    assert "không được đăng ký cho người ký" in outcome.message


def test_seal_applied_by_someone_outside_the_agency_is_refused(pki, demo_provider, issued_pdf):
    first = services.sign_now(person_request(pki, issued_pdf), "demo_key")
    outcome = services.sign_now(seal_request(pki, first.pdf, signer_id=pki.outsider.pk), "demo_key")
    assert outcome.status == "refused"
    assert "không thuộc cơ quan" in outcome.message


def test_provider_signing_with_another_key_is_refused(pki, demo_provider, issued_pdf):
    pki.ca.issue("t-other", "Lý Văn Chủ")  # same name, another key: not the registered one
    demo_provider.key_name = "t-other"
    outcome = services.sign_now(person_request(pki, issued_pdf), "demo_key")
    assert outcome.status == "refused"
    assert "chứng thư số khác" in outcome.message
    assert not SignatureEvidence.objects.exists()


def test_expired_certificate_cannot_sign_and_does_not_validate(pki, demo_provider, issued_pdf):
    from tinhso.signatures.certificates import register_certificate

    now = datetime.now(UTC)
    old = pki.ca.issue(
        "t-expired",
        "Lý Văn Chủ",
        not_before=now - timedelta(days=400),
        not_after=now - timedelta(days=30),
    )
    cert = register_certificate(old.der, kind="person", user=pki.leader, key_reference="t-expired")
    outcome = services.sign_now(person_request(pki, issued_pdf, certificate_id=cert.pk), "demo_key")
    assert outcome.status == "refused" and "hết hạn" in outcome.message

    signed, _ = signing.sign_with(
        person_request(pki, issued_pdf), pki.ca.simple_signer("t-expired")
    )
    report = validation.validate_pdf(signed)
    assert report.signatures[0].verdict == "không hợp lệ"
    assert "hết hạn" in report.signatures[0].reason


def test_revoked_certificate_does_not_validate(pki, demo_provider, issued_pdf):
    pki.ca.issue("t-revoked", "Lý Văn Chủ")
    signed, _ = signing.sign_with(
        person_request(pki, issued_pdf), pki.ca.simple_signer("t-revoked")
    )
    assert validation.validate_pdf(signed).signatures[0].verdict == "hợp lệ"
    pki.ca.revoke("t-revoked", datetime.now(UTC) - timedelta(minutes=1))
    try:
        sig = validation.validate_pdf(signed).signatures[0]
    finally:
        (pki.ca.dir / "revoked.json").unlink()
        pki.ca.write_crl()
    assert sig.verdict == "không hợp lệ"
    assert "thu hồi" in sig.reason


def test_second_signing_of_the_same_version_is_refused(pki, demo_provider, issued_pdf):
    request = person_request(pki, issued_pdf)
    assert services.sign_now(request, "demo_key").status == "signed"
    again = services.sign_now(request, "demo_key")
    assert again.status == "refused"
    assert "đã được ký" in again.message
    assert SignatureEvidence.objects.count() == 1


def test_concurrent_signing_loses_cleanly_on_the_unique_version(pki, demo_provider, issued_pdf):
    """Two requests pass the early check at the same time; the second insert is refused."""
    request = person_request(pki, issued_pdf)
    first = services.sign_now(request, "demo_key")
    with (
        mock.patch.object(services, "check_may_sign", return_value=pki.person_cert),
        mock.patch.object(services, "check_order"),
    ):
        late = services.sign_now(request, "demo_key")
    assert first.status == "signed"
    assert late.status == "refused"
    assert "thao tác khác" in late.message


def test_a_pending_session_blocks_another_signing(pki, demo_provider, issued_pdf):
    services.start_session(person_request(pki, issued_pdf), "local_app")
    outcome = services.sign_now(person_request(pki, issued_pdf), "demo_key")
    assert outcome.status == "refused" and "đang được ký" in outcome.message
    with pytest.raises(services.SigningRefused):
        services.start_session(person_request(pki, issued_pdf), "local_app")


def test_session_finished_with_the_signed_document(pki, issued_pdf):
    request = person_request(pki, issued_pdf)
    prepared, code = signing.prepared_bytes(request)
    session = services.start_session(request, "local_app", prepared=prepared)
    assert session.verify_code == code
    # what the officer's signing app does: sign the prepared file in the prepared field
    signed, _ = signing.sign_with(
        person_request(pki, prepared, certificate_id=pki.person_cert.pk),
        pki.ca.simple_signer("t-leader"),
    )
    evidence = services.signing_finished(session, signed, transaction_id="app-1")
    session.refresh_from_db()
    assert session.status == SessionStatus.SIGNED and bytes(session.result_pdf) == signed
    assert evidence.code == code and evidence.provider == "local_app"
    assert evidence.provider_transaction_id == "app-1"
    with pytest.raises(services.SigningRefused, match="Phiên ký đã kết thúc"):
        services.signing_finished(session, signed)


def test_session_refuses_another_file(pki, issued_pdf):
    from tinhso.signatures.tests.conftest import make_pdf

    request = person_request(pki, issued_pdf)
    prepared, _ = signing.prepared_bytes(request)
    session = services.start_session(request, "local_app", prepared=prepared)
    other, _ = signing.sign_with(
        person_request(pki, make_pdf("CÔNG VĂN KHÁC")), pki.ca.simple_signer("t-leader")
    )
    with pytest.raises(services.SigningRefused, match="không phải là văn bản đã phát hành"):
        services.signing_finished(session, other)
    session.refresh_from_db()
    assert session.status == SessionStatus.FAILED
    assert "không phải là văn bản đã phát hành" in session.message


def test_session_refuses_two_new_signatures(pki, issued_pdf):
    request = person_request(pki, issued_pdf)
    prepared, _ = signing.prepared_bytes(request)
    session = services.start_session(request, "local_app", prepared=prepared)
    once, _ = signing.sign_with(person_request(pki, prepared), pki.ca.simple_signer("t-leader"))
    pki.ca.issue("t-other", "Ai đó")
    twice, _ = signing.sign_with(
        person_request(
            pki,
            once,
        ).__class__(pdf=once, field_name="ChuKyVanThu", signer_id=1, certificate_id=1),
        pki.ca.simple_signer("t-other"),
    )
    with pytest.raises(services.SigningRefused, match="đúng một chữ ký mới"):
        services.signing_finished(session, twice)


def test_expired_session_is_refused(pki, issued_pdf):
    request = person_request(pki, issued_pdf)
    prepared, _ = signing.prepared_bytes(request)
    session = services.start_session(request, "remote", prepared=prepared)
    SigningSession.objects.filter(pk=session.pk).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    signed, _ = signing.sign_with(person_request(pki, prepared), pki.ca.simple_signer("t-leader"))
    with pytest.raises(services.SigningRefused, match="hết hạn"):
        services.signing_finished(session, signed)
    session.refresh_from_db()
    assert session.status == SessionStatus.EXPIRED
