"""The print copy carries the viewer's name and the time on every page (Phụ lục VI §III)."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from tinhso.core.text import fold
from tinhso.documents.models import AccessAction, DocumentAccess
from tinhso.documents.tests.conftest import PASSWORD
from tinhso.documents.tests.search_factories import attach, blank_pdf, make_document
from tinhso.documents.watermark import watermark_pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _texts(data: bytes) -> list[str]:
    return [fold(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def test_every_page_carries_the_name_and_time_whatever_its_size():
    writer = PdfWriter(clone_from=io.BytesIO(blank_pdf(2)))
    writer.add_blank_page(width=842, height=595)  # an A4 landscape page
    out = io.BytesIO()
    writer.write(out)
    stamped = watermark_pdf(out.getvalue(), "Đặng Thị Thư", datetime(2026, 3, 2, 9, 5, tzinfo=VN))
    texts = _texts(stamped)
    assert len(texts) == 3
    for text in texts:
        assert "dang thi thu" in text
        assert "09 05 02 03 2026" in text  # 09:05 02/03/2026, folded


@pytest.fixture
def pdf_document(office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = make_document(office.stp, subject="Quyết định về kiểm tra")
    return document, attach(document, blank_pdf(3))


def test_the_print_copy_is_stamped_and_logged(client, office, pdf_document):
    document, stored = pdf_document
    assert client.login(username=office.clerk.username, password=PASSWORD)
    url = reverse("documents:file_download", args=[document.pk, stored.pk])
    response = client.get(url, {"in": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    texts = _texts(response.content)
    assert len(texts) == 3 and all("dang thi thu" in t for t in texts)
    plain = client.get(url)
    assert b"".join(plain.streaming_content).startswith(b"%PDF-")
    actions = list(
        DocumentAccess.objects.filter(document=document).values_list("action", flat=True)
    )
    assert sorted(actions) == [AccessAction.DOWNLOAD, AccessAction.PRINT]


def test_a_file_that_is_not_a_pdf_gets_a_message_not_a_stamp(client, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = make_document(office.stp)
    stored = attach(document, b"\x89PNG\r\n\x1a\n" + b"0" * 20, name="anh.png")
    assert client.login(username=office.clerk.username, password=PASSWORD)
    url = reverse("documents:file_download", args=[document.pk, stored.pk])
    response = client.get(url, {"in": "1"})
    assert response.status_code == 400
    assert "không phải PDF" in response.content.decode()
    assert not DocumentAccess.objects.filter(action=AccessAction.PRINT).exists()


def test_someone_who_may_not_read_the_document_gets_404_and_no_log(client, office, pdf_document):
    document, stored = pdf_document
    assert client.login(username=office.other_clerk.username, password=PASSWORD)
    url = reverse("documents:file_download", args=[document.pk, stored.pk])
    assert client.get(url, {"in": "1"}).status_code == 404
    assert client.get(url).status_code == 404
    assert not DocumentAccess.objects.exists()
