"""The outgoing pages: thin views, access through documents.access, refusals as messages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tinhso.documents import outgoing
from tinhso.documents.models import Document, DocumentState
from tinhso.documents.tests.conftest import PASSWORD
from tinhso.documents.tests.outgoing_support import (  # noqa: F401  (fixtures)
    _media,
    approved_draft,
    demo_provider,
    new_draft,
    pdf_upload,
    pki,
    signing,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_a_specialist_creates_a_draft_and_sees_it_in_my_drafts(office):
    c = _client(office.specialist)
    r = c.post(
        reverse("documents:outgoing_new"),
        {
            "doc_type": "CV",
            "subject": "V/v xin ý kiến",
            "urgency": "normal",
            "confidentiality": "normal",
            "file": pdf_upload(),
            "note": "",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    d = Document.objects.get()
    assert d.state == DocumentState.DRAFT and d.created_by == office.specialist
    page = c.get(reverse("documents:outgoing_drafts")).content.decode()
    assert "V/v xin ý kiến" in page
    detail = c.get(reverse("documents:outgoing_detail", args=[d.pk])).content.decode()
    assert "Dự thảo lần đầu" in detail and "Trình duyệt" in detail


def test_a_fake_pdf_is_refused_with_a_message(office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = _client(office.specialist)
    r = c.post(
        reverse("documents:outgoing_new"),
        {
            "doc_type": "CV",
            "subject": "Thử",
            "urgency": "normal",
            "confidentiality": "normal",
            "file": SimpleUploadedFile("a.pdf", b"GIF89a not a pdf"),
        },
    )
    assert r.status_code == 400 and "không phải là tệp PDF hợp lệ" in r.content.decode()
    assert not Document.objects.exists()


def test_a_stale_save_from_the_page_is_refused_and_the_input_kept(office):
    d = new_draft(office)
    seen = d.version
    outgoing.draft_update(
        office.head, d, outgoing.DraftData("CV", "Bản của trưởng phòng"), expected_version=seen
    )
    c = _client(office.specialist)
    r = c.post(
        reverse("documents:outgoing_edit", args=[d.pk]),
        {
            "doc_type": "CV",
            "subject": "Bản của chuyên viên",
            "urgency": "normal",
            "confidentiality": "normal",
            "version": seen,
        },
    )
    assert r.status_code == 409
    body = r.content.decode()
    assert "CHƯA được lưu" in body and "Bản của chuyên viên" in body
    d.refresh_from_db()
    assert d.subject == "Bản của trưởng phòng"


@pytest.mark.usefixtures("signing")
def test_other_agency_gets_404_and_only_the_leader_signs(office):
    d = approved_draft(office)
    assert (
        _client(office.other_clerk)
        .get(reverse("documents:outgoing_detail", args=[d.pk]))
        .status_code
        == 404
    )
    assert (
        _client(office.other_leader)
        .post(reverse("documents:outgoing_action", args=[d.pk, "sign"]))
        .status_code
        == 404
    )
    assert (
        _client(office.clerk)
        .post(reverse("documents:outgoing_action", args=[d.pk, "sign"]))
        .status_code
        == 403
    )
    assert (
        "Chờ ký"
        in _client(office.leader).get(reverse("documents:outgoing_to_sign")).content.decode()
    )
    r = _client(office.leader).post(reverse("documents:outgoing_action", args=[d.pk, "sign"]))
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.state == DocumentState.SIGNED
    assert (
        _client(office.leader)
        .post(reverse("documents:outgoing_action", args=[d.pk, "issue"]))
        .status_code
        == 403
    )
    page = _client(office.clerk).get(reverse("documents:outgoing_to_issue")).content.decode()
    assert d.subject in page
    r = _client(office.clerk).post(reverse("documents:outgoing_action", args=[d.pk, "issue"]))
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.number_and_symbol == "01/STP-XDKTVB"
    book = _client(office.clerk).get(reverse("documents:outgoing_book")).content.decode()
    assert "01/STP-XDKTVB" in book
    r = _client(office.clerk).get(reverse("documents:outgoing_register") + "?format=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    assert _client(office.specialist).get(reverse("documents:outgoing_book")).status_code == 403


def test_a_refused_step_is_a_message_not_a_500(office):
    d = new_draft(office)
    r = _client(office.specialist).post(reverse("documents:outgoing_action", args=[d.pk, "send"]))
    assert r.status_code in (400, 403)
    r = _client(office.specialist).post(reverse("documents:outgoing_action", args=[d.pk, "xyz"]))
    assert r.status_code == 400


@pytest.mark.usefixtures("signing")
def test_signing_with_the_local_app_goes_to_its_page_and_waits(office, settings):
    from tinhso.signatures.providers.local_app import page_path

    settings.OUTGOING_SIGNING_PROVIDER = "local_app"
    d = approved_draft(office)
    r = _client(office.leader).post(reverse("documents:outgoing_action", args=[d.pk, "sign"]))
    assert r.status_code == 302
    d.refresh_from_db()
    session = d.outgoing.signing_session
    assert session and r["Location"].startswith(page_path(session))
    assert d.state == DocumentState.APPROVED  # signed only when the app returns the file
    page = _client(office.leader).get(reverse("documents:outgoing_detail", args=[d.pk]))
    assert page.status_code == 200


@pytest.mark.usefixtures("signing")
def test_a_signature_finished_in_the_app_is_adopted_on_the_next_page_load(office, settings):
    from tinhso.signatures import services as sig_services
    from tinhso.signatures.models import SessionStatus, SigningSession
    from tinhso.signatures.providers.base import FIELD_PERSON, SignRequest

    settings.OUTGOING_SIGNING_PROVIDER = "local_app"
    d = approved_draft(office)
    _client(office.leader).post(reverse("documents:outgoing_action", args=[d.pk, "sign"]))
    d.refresh_from_db()
    session = SigningSession.objects.get(pk=d.outgoing.signing_session)
    # stand-in for the app: the same bytes signed by the leader's key, recorded as evidence
    SigningSession.objects.filter(pk=session.pk).update(status=SessionStatus.FAILED)
    cert = session.certificate
    outcome = sig_services.sign_now(
        SignRequest(bytes(session.document), FIELD_PERSON, office.leader.pk, cert.pk), "demo_key"
    )
    assert outcome.status == "signed", outcome.message
    page = _client(office.clerk).get(reverse("documents:outgoing_detail", args=[d.pk]))
    assert page.status_code == 200
    d.refresh_from_db()
    assert d.state == DocumentState.SIGNED and d.outgoing.signed_by == office.leader
