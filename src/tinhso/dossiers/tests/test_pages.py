"""Back-office pages and public tracking, as officers and citizens use them."""

import io
import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tinhso.dossiers import services
from tinhso.dossiers.constants import Action, Status
from tinhso.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def officer(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reception_post(procedures, **overrides):
    version = procedures["lltp"]
    required = version.components.get(required=True)
    data = {
        "competent_agency": version.agencies.get().pk,
        "applicant_name": "Nguyễn Thị Ánh",
        "applicant_cccd": "072 190 001 234",
        "applicant_phone": "0912345678",
        "applicant_email": "anh@example.vn",
        "applicant_address": "12 Trần Hưng Đạo",
        "components": [str(required.pk)],
        "fees_paid": "200000",
        "delivery_mode": "counter",
        "decision": "receive",
        f"file_{required.pk}": SimpleUploadedFile(
            "to-khai.pdf", b"%PDF-1.4\n%scan\n", content_type="application/pdf"
        ),
    }
    data.update(overrides)
    return data


def test_counter_reception_creates_receives_and_notifies(
    procedures, cast, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SMS_OUTBOX = tmp_path / "sms.jsonl"
    client = officer(cast.reception)
    search = client.get(reverse("dossiers:reception_start"), {"q": "ly lich tu phap"})
    assert "Cấp Phiếu lý lịch tư pháp" in search.content.decode()
    url = reverse("dossiers:reception", args=["1.001232"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, reception_post(procedures))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:office_dossier", args=[dossier.code])
    assert dossier.status == Status.PROCESSING
    assert dossier.applicant_cccd == "072190001234"
    assert dossier.fees_paid == 200000
    assert dossier.files.get().original_name == "to-khai.pdf"
    assert any(dossier.code in m.body and "Hẹn trả" in m.body for m in mail.outbox)
    sms = [json.loads(line) for line in settings.SMS_OUTBOX.read_text().splitlines()]
    assert any("da duoc tiep nhan" in s["text"] and s["phone"] == "84912345678" for s in sms)
    page = client.get(response["Location"])
    assert "Mẫu 01" in page.content.decode()


def test_reception_refuses_bad_input_and_keeps_what_was_typed(procedures, cast):
    client = officer(cast.reception)
    url = reverse("dossiers:reception", args=["1.001232"])
    data = reception_post(
        procedures,
        applicant_cccd="123",
        components=[],
        **{
            f"file_{procedures['lltp'].components.get(required=True).pk}": SimpleUploadedFile(
                "to-khai.pdf", b"MZ not a pdf", content_type="application/pdf"
            )
        },
    )
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "12 chữ số" in body
    assert "không phải là tệp PDF hợp lệ" in body
    assert 'value="Nguyễn Thị Ánh"' in body  # nothing typed is lost
    assert not Dossier.objects.exists()


def test_missing_required_paper_is_not_received(procedures, cast):
    client = officer(cast.reception)
    version = procedures["lltp"]
    data = reception_post(procedures, components=[])
    data.pop(f"file_{version.components.get(required=True).pk}")
    response = client.post(reverse("dossiers:reception", args=["1.001232"]), data)
    assert response.status_code == 400
    assert "thiếu giấy tờ bắt buộc" in response.content.decode()
    assert not Dossier.objects.exists()
    data["decision"] = "supplement"
    data["decision_note"] = "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu 03/2013/TT-LLTP)"
    response = client.post(reverse("dossiers:reception", args=["1.001232"]), data)
    dossier = Dossier.objects.get()
    assert dossier.status == Status.AWAITING_SUPPLEMENT
    pdf = client.get(reverse("dossiers:form_pdf", args=[dossier.code, "02"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("dossiers:form_pdf", args=[dossier.code, "01"])).status_code == 404


def test_queues_show_each_officer_their_work(received, cast):
    reception = officer(cast.reception).get(reverse("dossiers:office"))
    specialist = officer(cast.specialist).get(reverse("dossiers:office"))
    leader = officer(cast.leader).get(reverse("dossiers:office"))
    assert received.code in specialist.content.decode()
    assert received.code not in reception.content.decode()  # received: not the counter's now
    assert received.code not in leader.content.decode()
    services.dossier_act(received, Action.FORWARD, actor=cast.specialist)
    leader = officer(cast.leader).get(reverse("dossiers:office"))
    assert received.code in leader.content.decode()
    for name in ("cho-tiep-nhan", "sap-den-han", "qua-han", "cho-tra-ket-qua", "tat-ca"):
        assert (
            officer(cast.leader).get(reverse("dossiers:office_queue", args=[name])).status_code
            == 200
        )
    assert officer(cast.leader).get("/can-bo/ho-so/danh-sach/khong-co/").status_code == 404


def test_queue_query_count_does_not_grow_with_dossiers(
    new_dossier, cast, django_assert_max_num_queries
):
    for _ in range(30):
        services.counter_receive(new_dossier(), actor=cast.reception)
    client = officer(cast.specialist)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("dossiers:office"))
    assert response.content.decode().count("000.00.12.H53-") >= 25


def test_public_tracking_masks_the_applicant(received, cast):
    # With the code and the last 4 digits of the applicant's phone (dossiers/tracking.py).
    response = Client().get(reverse("dossiers:track"), {"ma": received.code.lower(), "k": "5678"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đang xử lý" in body and "N*** T*** Á***" in body
    for secret in ("Nguyễn Thị Ánh", "072190001234", "0912345678", "Trần Hưng Đạo"):
        assert secret not in body
    missing = Client().get(
        reverse("dossiers:track"), {"ma": "000.00.12.H53-000000-9999", "k": "5678"}
    )
    assert missing.status_code == 404 and "Không tìm thấy hồ sơ" in missing.content.decode()
    assert Client().get(reverse("dossiers:track")).status_code == 200


def test_forms_are_pdfs_of_the_dossier(received, cast):
    services.dossier_act(
        received,
        Action.EXTEND,
        actor=cast.leader,  # Mẫu 04 is the agency leader's letter (docs/decisions.md)
        note="Chờ kết quả xác minh",
        data={"new_due_date": "2027-01-05"},
    )
    client = officer(cast.specialist)
    for number in ("01", "04", "06"):
        response = client.get(reverse("dossiers:form_pdf", args=[received.code, number]))
        assert response.status_code == 200, number
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert client.get(reverse("dossiers:form_pdf", args=[received.code, "05"])).status_code == 404


def test_register_as_page_pdf_and_excel(received, cast):
    client = officer(cast.reception)
    params = {"agency": received.receiving_agency.pk, "start": "2020-01-01", "end": "2020-12-31"}
    empty = client.get(reverse("dossiers:register"), params)
    assert empty.status_code == 200 and received.code not in empty.content.decode()
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    params.update(start=today, end=today)
    page = client.get(reverse("dossiers:register"), params)
    assert received.code in page.content.decode()
    xlsx = client.get(reverse("dossiers:register"), {**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert received.code in cells
    pdf = client.get(reverse("dossiers:register"), {**params, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    bad = client.get(reverse("dossiers:register"), {**params, "end": "2000-01-01"})
    assert bad.status_code == 400 and "phải sau" in bad.content.decode()
