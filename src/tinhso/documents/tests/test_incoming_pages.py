"""The incoming pages: the clerk registers, the leader assigns, the specialist reads and
reports, the registers download; others get 403/404 (issue 14 items 2, 7, 8)."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tinhso.documents.models import Assignment, Document, DocumentState

from .incoming_helpers import pending, register_scan, scan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def _form(**extra):
    values = {
        "channel": "paper",
        "doc_type": "CV",
        "code_number": "55",
        "code_notation": "SXD-QLN",
        "issued_date": "2026-12-01",
        "organ_name": "Sở Xây dựng",
        "subject": "Về việc cấp phép xây dựng",
        "page_amount": "2",
        "urgency": "normal",
        "confidentiality": "normal",
        "attachments": scan(),
    }
    values.update(extra)
    return values


def test_the_clerk_registers_a_scan_and_sees_the_stamp(office):
    clerk = _as(office.clerk)
    assert clerk.get(reverse("documents:incoming_new")).status_code == 200
    response = clerk.post(reverse("documents:incoming_new"), _form())
    doc = Document.objects.get()
    assert response.status_code == 302 and doc.state == DocumentState.REGISTERED
    page = clerk.get(reverse("documents:incoming_detail", args=[doc.pk])).content.decode()
    assert "Dấu “ĐẾN”" in page and "55/SXD-QLN" in page
    assert "Vào sổ văn bản đến số 1" in page  # the history, from the audit record
    # the same letter again: a warning, nothing saved, then registered once confirmed
    again = clerk.post(reverse("documents:incoming_new"), _form(attachments=scan()))
    assert again.status_code == 400 and "xác nhận" in again.content.decode()
    assert Document.objects.count() == 1
    ok = clerk.post(
        reverse("documents:incoming_new"), _form(attachments=scan(), confirm_duplicate="on")
    )
    assert ok.status_code == 302 and Document.objects.count() == 2


def test_a_file_that_is_not_a_document_is_refused_on_the_page(office):
    bad = scan(body=b"<html><body>not a pdf</body></html>")
    response = _as(office.clerk).post(reverse("documents:incoming_new"), _form(attachments=bad))
    assert response.status_code == 400 and "không phải" in response.content.decode()
    assert not Document.objects.exists()


def test_only_clerks_register_and_another_agencys_clerk_finds_nothing(office):
    assert _as(office.specialist).get(reverse("documents:incoming_new")).status_code == 403
    waiting = pending(office)
    url = reverse("documents:incoming_register_pending", args=[waiting.pk])
    assert _as(office.other_clerk).get(url).status_code == 404
    assert (
        _as(office.clerk).post(url, {"urgency": "normal", "confidentiality": "normal"}).status_code
        == 302
    )
    waiting.refresh_from_db()
    assert waiting.state == DocumentState.REGISTERED
    detail = reverse("documents:incoming_detail", args=[waiting.pk])
    assert _as(office.other_clerk).get(detail).status_code == 404
    assert _as(office.specialist).get(detail).status_code == 404


def test_refusing_a_pending_document_needs_a_reason(office):
    waiting = pending(office)
    url = reverse("documents:incoming_refuse", args=[waiting.pk])
    assert _as(office.clerk).post(url, {"reason": ""}).status_code == 400
    assert _as(office.clerk).post(url, {"reason": "Gửi nhầm"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == DocumentState.REFUSED


def test_the_leader_assigns_and_the_specialist_reads_and_reports(office):
    doc = register_scan(office)
    url = reverse("documents:incoming_assign", args=[doc.pk])
    assert _as(office.clerk).get(url).status_code == 403
    leader = _as(office.leader)
    assert leader.get(url).status_code == 200
    response = leader.post(
        url,
        {
            "version": str(doc.version),
            "role_1": "lead",
            "who_1": f"u:{office.specialist.pk}",
            "days_1": "3",
            "role_2": "coordinate",
            "who_2": f"d:{office.office_dept.pk}",
            "days_2": "2",
        },
    )
    assert response.status_code == 302
    specialist = _as(office.specialist)
    inbox = specialist.get(reverse("documents:incoming_inbox")).content.decode()
    assert "Chưa đọc" in inbox and doc.subject in inbox
    assert specialist.get(reverse("documents:incoming_detail", args=[doc.pk])).status_code == 200
    assert Assignment.objects.get(assignee=office.specialist).read_at is not None
    assert "Chưa đọc" not in specialist.get(reverse("documents:incoming_inbox")).content.decode()
    bad = specialist.post(
        reverse("documents:incoming_progress", args=[doc.pk]), {"progress": "150"}
    )
    assert bad.status_code == 400
    ok = specialist.post(reverse("documents:incoming_progress", args=[doc.pk]), {"progress": "40"})
    assert ok.status_code == 302
    doc.refresh_from_db()
    assert doc.state == DocumentState.IN_PROGRESS
    # a co-ordinator of the office unit cannot close the document
    closing = _as(office.office_specialist).post(
        reverse("documents:incoming_complete", args=[doc.pk])
    )
    assert closing.status_code == 403
    assert specialist.post(reverse("documents:incoming_complete", args=[doc.pk])).status_code == 302
    doc.refresh_from_db()
    assert doc.state == DocumentState.DONE


def test_an_assignment_past_the_document_deadline_is_refused_on_the_page(office):
    doc = register_scan(office)
    response = _as(office.leader).post(
        reverse("documents:incoming_assign", args=[doc.pk]),
        {
            "due_date": "2027-01-04",
            "role_1": "lead",
            "who_1": f"u:{office.specialist.pk}",
            "deadline_1": "2027-01-05",
        },
    )
    assert response.status_code == 400 and "vượt quá" in response.content.decode()
    assert not Assignment.objects.exists()


def test_registers_download_for_the_clerk_only(office):
    doc = register_scan(office)
    url = reverse("documents:incoming_register_download", args=[doc.book_id, "so-dang-ky", "xlsx"])
    query = {"start": "2026-12-01", "end": "2026-12-31"}
    response = _as(office.clerk).get(url, query)
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["B6"].value == "1"
    pdf = _as(office.clerk).get(url.replace(".xlsx", ".pdf"), query)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert _as(office.other_clerk).get(url, query).status_code == 404
    assert (
        _as(office.clerk).get(url, {"start": "2026-12-31", "end": "2026-12-01"}).status_code == 400
    )
    assert _as(office.clerk).get(reverse("documents:incoming_books")).status_code == 200


def test_lists_show_what_each_reader_may_see(office):
    doc = register_scan(office)
    assert doc.subject in _as(office.clerk).get(reverse("documents:incoming_list")).content.decode()
    assert (
        doc.subject
        not in _as(office.other_clerk).get(reverse("documents:incoming_list")).content.decode()
    )
    assert (
        doc.subject
        not in _as(office.specialist).get(reverse("documents:incoming_list")).content.decode()
    )
    pending(office, subject="Văn bản đang chờ vào sổ")
    assert (
        "đang chờ vào sổ"
        in _as(office.clerk).get(reverse("documents:incoming_pending")).content.decode()
    )
    assert _as(office.specialist).get(reverse("documents:incoming_pending")).status_code == 403
