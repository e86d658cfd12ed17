"""Hardening of the e-office (issue 14): confidential documents stay out of every list of
those not named on them; files of a rolled-back registration or draft leave the disk; detail
pages and downloads are logged; the search index follows QuerySet.update()."""

from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from tinhso.documents import incoming, outgoing, outgoing_registers, search
from tinhso.documents.incoming_selectors import inbox
from tinhso.documents.kinds import AssignmentRole, Confidentiality, Direction
from tinhso.documents.models import AccessAction, Assignment, Document, DocumentState
from tinhso.documents.numbering import book_for
from tinhso.documents.tests.conftest import PASSWORD
from tinhso.documents.tests.incoming_helpers import register_scan
from tinhso.documents.tests.outgoing_support import new_draft, pdf_upload
from tinhso.documents.tests.search_factories import attach, blank_pdf, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _stored(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _department_line(office, document: Document) -> Assignment:
    return Assignment.objects.create(
        document=document,
        role=AssignmentRole.LEAD,
        department=office.legal_dept,
        deadline=timezone.localdate() + timedelta(days=10),
        assigned_by=office.leader,
        assigned_at=timezone.now(),
    )


# --- 1. confidential documents ----------------------------------------------------------------


def test_a_confidential_document_given_to_a_unit_reaches_only_its_named_members(office):
    secret = make_document(
        office.stp,
        subject="Kế hoạch bảo vệ bí mật",
        state=DocumentState.ASSIGNED,
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    secret.named_readers.add(office.head)
    normal = make_document(office.stp, subject="Công văn thường", state=DocumentState.ASSIGNED)
    _department_line(office, secret)
    _department_line(office, normal)

    assert [a.document_id for a in inbox(office.specialist)] == [normal.pk]
    assert {a.document_id for a in inbox(office.head)} == {secret.pk, normal.pk}


def test_the_inbox_page_and_api_do_not_show_the_confidential_document(client, office):
    secret = make_document(
        office.stp,
        subject="Kế hoạch bảo vệ bí mật",
        state=DocumentState.ASSIGNED,
        confidentiality=Confidentiality.SECRET,
    )
    _department_line(office, secret)
    assert client.login(username=office.specialist.username, password=PASSWORD)
    page = client.get(reverse("documents:incoming_inbox"))
    assert page.status_code == 200 and "Kế hoạch bảo vệ bí mật" not in page.content.decode()
    api = client.get("/api/v1/documents/incoming/inbox")
    assert api.status_code == 200 and api.json() == []


def test_the_outgoing_register_lists_a_confidential_document_only_to_its_readers(office):
    book = book_for(office.stp, Direction.OUTGOING, year=2026)
    common = {
        "direction": Direction.OUTGOING,
        "state": DocumentState.ISSUED,
        "book": book,
        "issued_date": date(2026, 12, 1),
        "doc_type": "CV",
    }
    make_document(office.stp, subject="Công văn công khai", book_number=1, **common)
    secret = make_document(
        office.stp,
        subject="Công văn mật về nhân sự",
        book_number=2,
        confidentiality=Confidentiality.CONFIDENTIAL,
        **common,
    )

    def subjects(user) -> str:
        return " ".join(
            " ".join(row) for row in outgoing_registers.outgoing_register(book, user).rows
        )

    assert "Công văn công khai" in subjects(office.clerk)
    assert "Công văn mật về nhân sự" not in subjects(office.clerk)
    secret.named_readers.add(office.clerk)
    assert "Công văn mật về nhân sự" in subjects(office.clerk)
    assert "Công văn mật về nhân sự" in subjects(office.province_leader)


# --- 2. no file left behind by a rollback -----------------------------------------------------


def test_a_registration_that_rolls_back_leaves_no_scan_on_disk(office, settings):
    with (
        mock.patch.object(incoming, "audit_record", side_effect=RuntimeError("hỏng")),
        pytest.raises(RuntimeError),
    ):
        register_scan(office)
    assert not Document.objects.filter(direction=Direction.INCOMING).exists()
    assert _stored(settings) == []
    register_scan(office)  # the same registration that commits keeps its scan
    assert len(_stored(settings)) == 1


def test_a_draft_that_rolls_back_leaves_no_file_on_disk(office, settings):
    with (
        mock.patch.object(outgoing, "audit_record", side_effect=RuntimeError("hỏng")),
        pytest.raises(RuntimeError),
    ):
        new_draft(office)
    assert not Document.objects.exists()
    assert _stored(settings) == []
    draft = new_draft(office)
    with (
        mock.patch.object(outgoing, "audit_record", side_effect=RuntimeError("hỏng")),
        pytest.raises(RuntimeError),
    ):
        outgoing.draft_add_version(
            office.specialist,
            draft,
            pdf_upload(name="ban-2.pdf"),
            "2",
            expected_version=draft.version,
        )
    assert len(_stored(settings)) == 1  # only the first version's file


# --- 3. the access log ------------------------------------------------------------------------


def _actions(document: Document) -> list[str]:
    return list(document.accesses.order_by("pk").values_list("action", flat=True))


def test_incoming_detail_and_file_download_are_logged(client, office):
    document = register_scan(office)
    stored = document.files.get()
    assert client.login(username=office.clerk.username, password=PASSWORD)
    assert client.get(reverse("documents:incoming_detail", args=[document.pk])).status_code == 200
    url = reverse("documents:incoming_file", args=[document.pk, stored.pk])
    assert client.get(url).status_code == 200
    assert _actions(document) == [AccessAction.VIEW, AccessAction.DOWNLOAD]
    line = document.accesses.order_by("pk").last()
    assert line.user == office.clerk and line.file == stored


def test_outgoing_detail_and_downloads_are_logged(client, office):
    draft = new_draft(office)
    stored = attach(draft, blank_pdf())
    assert client.login(username=office.specialist.username, password=PASSWORD)
    assert client.get(reverse("documents:outgoing_detail", args=[draft.pk])).status_code == 200
    version = draft.drafts.get()
    assert (
        client.get(reverse("documents:outgoing_version_file", args=[draft.pk, version.pk]))
    ).status_code == 200
    assert (
        client.get(reverse("documents:outgoing_file", args=[draft.pk, stored.pk]))
    ).status_code == 200
    assert _actions(draft) == [AccessAction.VIEW, AccessAction.DOWNLOAD, AccessAction.DOWNLOAD]
    assert draft.accesses.order_by("pk").last().file == stored


def test_a_refused_view_is_not_logged(client, office):
    document = register_scan(office)
    assert client.login(username=office.other_clerk.username, password=PASSWORD)
    assert client.get(reverse("documents:incoming_detail", args=[document.pk])).status_code == 404
    assert _actions(document) == []


# --- 4. the search index and QuerySet.update() ------------------------------------------------


def test_a_document_changed_by_update_is_found_by_its_new_subject(office):
    document = make_document(office.stp, subject="Về việc kiểm tra văn bản")
    changed = search.update_documents(
        Document.objects.filter(pk=document.pk), subject="Về việc tổng kết công tác pháp chế"
    )
    assert changed == 1
    found = search.search(office.clerk, search.Criteria(q="tong ket phap che"))
    assert list(found.values_list("pk", flat=True)) == [document.pk]
    assert not search.search(office.clerk, search.Criteria(q="kiem tra")).exists()


def test_the_api_detail_of_a_document_is_logged_as_api(client, office):
    from tinhso.accounts.tokens import token_issue

    incoming_doc = register_scan(office)
    draft = new_draft(office)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=office.leader, name='test')}"}
    for url, document in (
        (f"/api/v1/documents/incoming/{incoming_doc.pk}", incoming_doc),
        (f"/api/v1/documents/outgoing/{draft.pk}", draft),
    ):
        assert client.get(url, **headers).status_code == 200
        line = document.accesses.get()
        assert (line.user, line.action, line.channel) == (office.leader, AccessAction.VIEW, "api")
