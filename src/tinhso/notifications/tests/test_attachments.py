"""Issue 12 item 15: the form issued to the applicant travels with the e-mail that announces
it (PDF attachment); the SMS stays short, with the link whole."""

import re
import unicodedata
from io import BytesIO

import pytest
from django.core import mail
from pypdf import PdfReader

from tinhso.dossiers import services as dossier_services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.tests import conftest as dossier_fixtures
from tinhso.notifications import services
from tinhso.notifications.constants import Channel, Status
from tinhso.notifications.models import Attachment, Notification
from tinhso.notifications.sms import sms_text

cast = dossier_fixtures.cast
procedures = dossier_fixtures.procedures
new_dossier = dossier_fixtures.new_dossier

CALLS: list[dict] = []


def build_file(**args) -> bytes:
    """A stand-in builder (what tinhso.dossiers.paperwork.issued_form_pdf is in real use)."""
    CALLS.append(args)
    return b"%PDF-1.7 " + args["text"].encode()


def broken_builder(**args) -> bytes:
    raise RuntimeError("không dựng được biểu mẫu")


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "local"
    settings.SMS_OUTBOX = tmp_path / "sms.jsonl"
    CALLS.clear()


def pdf_text(data: bytes) -> str:
    text = " ".join((p.extract_text() or "") for p in PdfReader(BytesIO(data)).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


@pytest.mark.django_db
def test_the_attachment_goes_with_the_email_only_and_is_built_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        email, sms = services.notify(
            reference="X-1",
            subject="Hồ sơ X-1",
            body="Hồ sơ X-1 đã được tiếp nhận. " + "Nội dung dài. " * 20,
            sms_body="Hồ sơ X-1 đã được tiếp nhận. Tra cứu: https://tinhso.example/tra-cuu/",
            email="a@example.vn",
            phone="0912345678",
            attachments=[
                services.AttachmentFile(
                    "X-1-mau-01.pdf", f"{__name__}.build_file", {"text": "Mẫu 01"}
                )
            ],
        )
    (message,) = mail.outbox
    assert message.attachments == [
        ("X-1-mau-01.pdf", "%PDF-1.7 Mẫu 01".encode(), "application/pdf")
    ]
    sms.refresh_from_db()
    assert sms.body == "Ho so X-1 da duoc tiep nhan. Tra cuu: https://tinhso.example/tra-cuu/"
    assert not Attachment.objects.filter(notification=sms).exists()
    # a resend sends the bytes first built, without building again
    Notification.objects.filter(pk=email.pk).update(status=Status.FAILED)
    assert services.resend(Notification.objects.filter(pk=email.pk)) == (1, 0)
    assert mail.outbox[1].attachments == message.attachments
    assert CALLS == [{"text": "Mẫu 01"}]


@pytest.mark.django_db
def test_a_file_that_cannot_be_built_does_not_stop_the_message(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        (email,) = services.notify(
            reference="X-2",
            subject="Hồ sơ X-2",
            body="Hồ sơ X-2 cần bổ sung.",
            email="a@example.vn",
            attachments=[services.AttachmentFile("x.pdf", f"{__name__}.broken_builder")],
        )
    (message,) = mail.outbox
    assert message.attachments == []
    email.refresh_from_db()
    assert email.status == Status.SENT


@pytest.mark.django_db
def test_the_receipt_and_the_supplement_request_are_attached(
    new_dossier, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_services.counter_receive(new_dossier(), actor=cast.reception)
    submitted, received = mail.outbox  # "đã được nộp", then "đã được tiếp nhận"
    assert submitted.attachments == []
    ((name, content, kind),) = received.attachments
    assert (name, kind) == (f"{dossier.code}-mau-01.pdf", "application/pdf")
    text = pdf_text(content)
    assert dossier.code in text and "072190001234" in text  # the applicant's own copy
    assert "Kèm theo: Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in received.body

    with django_capture_on_commit_callbacks(execute=True):
        dossier_services.dossier_act(
            dossier,
            Action.REQUEST_SUPPLEMENT,
            actor=cast.specialist,
            note="Bổ sung bản sao giấy khai sinh; " + "giấy tờ chứng minh nơi cư trú; " * 6,
        )
    request = mail.outbox[-1]
    assert [a[0] for a in request.attachments] == [f"{dossier.code}-mau-02.pdf"]
    assert "bản sao giấy khai sinh" in pdf_text(request.attachments[0][1])

    # the SMS: short, the tracking link whole, however long the request
    sms = Notification.objects.filter(channel=Channel.SMS).order_by("-id").first()
    assert len(sms.body) <= 160 and sms_text(sms.body) == sms.body
    assert re.search(r"tra-cuu/\?ma=" + re.escape(dossier.code) + r"&k=[A-Z2-7]{12}$", sms.body)
