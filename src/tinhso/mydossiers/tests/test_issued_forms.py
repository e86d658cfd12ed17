"""Issue 12 item 15: the forms and notices issued to the applicant (Mẫu 01–05, Thông tư
03/2025/TT-VPCP Phụ lục I) are downloadable from Hồ sơ của tôi, by the applicant only, with
their personal data; the internal control sheet (Mẫu 06) is not theirs to download."""

import re
import unicodedata
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tinhso.dossiers.constants import Action

from .conftest import act, signed_in

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    text = " ".join((p.extract_text() or "") for p in PdfReader(BytesIO(data)).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def test_the_applicant_downloads_the_receipt_and_the_supplement_request(awaiting, cast):
    client = signed_in(cast.citizen)
    detail = client.get(reverse("mydossiers:detail", args=[awaiting.code])).content.decode()
    receipt_url = reverse("mydossiers:form", args=[awaiting.code, "01"])
    request_url = reverse("mydossiers:form", args=[awaiting.code, "02"])
    assert receipt_url in detail and request_url in detail
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in detail
    assert reverse("mydossiers:form", args=[awaiting.code, "06"]) not in detail

    receipt = client.get(receipt_url)
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    assert "attachment" in receipt["Content-Disposition"]
    text = pdf_text(receipt.content)
    assert awaiting.code in text
    assert "072190001234" in text  # personal=True: the applicant's own CCCD is on it
    assert "CCCD rõ nét" in pdf_text(client.get(request_url).content)
    # the control sheet travels between offices; not issued to the applicant
    assert client.get(reverse("mydossiers:form", args=[awaiting.code, "06"])).status_code == 404
    # a form not issued (no refusal, no stop) is not there
    assert client.get(reverse("mydossiers:form", args=[awaiting.code, "03"])).status_code == 404


def test_only_the_applicant_downloads_them(received, cast):
    url = reverse("mydossiers:form", args=[received.code, "01"])
    assert signed_in(cast.stranger).get(url).status_code == 404
    assert signed_in(cast.reception).get(url).status_code == 404  # officers print from /can-bo/
    assert signed_in(cast.citizen).get(url).status_code == 200


def test_the_stop_notice_reaches_the_applicant(received, cast):
    stopped = act(received, Action.STOP, cast.leader, "Người nộp đề nghị dừng giải quyết")
    client = signed_in(cast.citizen)
    detail = client.get(reverse("mydossiers:detail", args=[stopped.code])).content.decode()
    url = reverse("mydossiers:form", args=[stopped.code, "05"])
    assert url in detail and "Thông báo dừng giải quyết hồ sơ" in detail
    assert "Người nộp đề nghị dừng" in pdf_text(client.get(url).content)
    # a stopped dossier is rated as well (item 14)
    assert reverse("mydossiers:rate", args=[stopped.code]) in detail


def test_the_api_lists_the_issued_forms(awaiting, cast):
    from tinhso.accounts.tokens import token_issue

    token = token_issue(user=cast.citizen, name="ứng dụng di động")
    body = (
        Client()
        .get(f"/api/v1/me/dossiers/{awaiting.code}", HTTP_AUTHORIZATION=f"Bearer {token}")
        .json()
    )
    assert [(f["number"], f["title"]) for f in body["forms"]] == [
        ("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    ]
    assert body["forms"][0]["url"].endswith(reverse("mydossiers:form", args=[awaiting.code, "01"]))
