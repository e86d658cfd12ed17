"""Signing on behalf (issue 13 must-have 4; Nghị định 30/2020/NĐ-CP Điều 13): the delegation
in force is printed in the signature and kept with the evidence; one outside its dates, or a
"KT./TL./TUQ." line without one, is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.utils import timezone

from tinhso.signatures import services, signing
from tinhso.signatures.models import Delegation, SignatureEvidence
from tinhso.signatures.tests.conftest import person_request


def _delegation(pki, **kw) -> Delegation:
    today = timezone.localdate()
    return Delegation.objects.create(
        authority=kw.pop("authority", "TUQ."),
        agency=pki.agency,
        to_user=kw.pop("to_user", pki.leader),
        principal_title="Chủ tịch",
        valid_from=kw.pop("valid_from", today - timedelta(days=1)),
        valid_to=kw.pop("valid_to", today + timedelta(days=1)),
        **kw,
    )


def test_signing_under_a_delegation_in_force(pki, demo_provider, issued_pdf):
    delegation = _delegation(pki)
    request = replace(person_request(pki, issued_pdf), delegation_id=delegation.pk)
    assert signing.with_delegation_line(request).appearance.delegation_line == "TUQ. CHỦ TỊCH"
    outcome = services.sign_now(request, "demo_key")
    assert outcome.status == "signed", outcome.message
    assert SignatureEvidence.objects.get(code=outcome.evidence_code).delegation == delegation


def test_a_delegation_outside_its_dates_is_refused(pki, demo_provider, issued_pdf):
    today = timezone.localdate()
    ended = _delegation(pki, valid_from=today - timedelta(days=30), valid_to=today - timedelta(1))
    outcome = services.sign_now(
        replace(person_request(pki, issued_pdf), delegation_id=ended.pk), "demo_key"
    )
    assert outcome.status == "refused"
    assert outcome.message == (
        f"Ủy quyền “TUQ. CHỦ TỊCH” đã hết hiệu lực sau ngày {ended.valid_to:%d/%m/%Y}: "
        "không thể ký thay."
    )
    future = _delegation(pki, valid_from=today + timedelta(days=2), valid_to=None)
    outcome = services.sign_now(
        replace(person_request(pki, issued_pdf), delegation_id=future.pk), "demo_key"
    )
    assert outcome.status == "refused" and "chưa thể ký thay" in outcome.message
    assert not SignatureEvidence.objects.exists()


def test_someone_elses_delegation_or_none_at_all_is_refused(pki, demo_provider, issued_pdf):
    theirs = _delegation(pki, to_user=pki.clerk)
    outcome = services.sign_now(
        replace(person_request(pki, issued_pdf), delegation_id=theirs.pk), "demo_key"
    )
    assert outcome.status == "refused" and "không giao cho người ký" in outcome.message
    request = person_request(pki, issued_pdf)
    request = replace(
        request, appearance=replace(request.appearance, delegation_line="KT. CHỦ TỊCH")
    )
    outcome = services.sign_now(request, "demo_key")
    assert outcome.status == "refused"
    assert outcome.message.startswith("Ký thay “KT. CHỦ TỊCH” cần một ủy quyền")
