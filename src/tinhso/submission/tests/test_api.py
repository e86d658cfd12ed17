"""/api/v1/online: the mobile app's way through the same rules."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tinhso.accounts.tokens import token_issue
from tinhso.dossiers.constants import Channel, Status
from tinhso.dossiers.models import Dossier
from tinhso.eforms.models import EFormAnswers

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db
API = "/api/v1/online"


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user, name='Ứng dụng di động')}"}


def new_draft(client, auth, province, **answers):
    payload = {
        "procedure_code": "1.001193",
        "receiving_agency": province["x1"].code,
        "answers": {
            "nyc_noi_cu_tru": "Tây Ninh",
            "con_ho_ten": "Nguyễn Minh Khang",
            "con_ngay_sinh": "05/01/2026",
            "con_gioi_tinh": "nam",
            "cam_doan": "on",
            **answers,
        },
        "delivery_mode": "electronic",
    }
    return client.post(f"{API}/drafts", payload, content_type="application/json", **auth)


def test_the_eform_is_public(procedures, province):
    response = Client().get(f"{API}/procedures/1.001193/eform")
    body = response.json()
    assert response.status_code == 200
    assert body["title"] == "Tờ khai đăng ký khai sinh" and not body["is_default"]
    assert body["eform"]["fields"][3]["key"] == "con_ho_ten"
    assert {a["code"] for a in body["receiving_agencies"]} == {
        province["x1"].code,
        province["x2"].code,
    }
    assert [c["covered_by_eform"] for c in body["components"]] == [True, False, False]
    assert Client().get(f"{API}/procedures/9.999999/eform").status_code == 404


def test_draft_upload_submit(procedures, people, province, django_capture_on_commit_callbacks):
    client, auth = Client(), bearer(people.citizen)
    response = new_draft(client, auth, province)
    assert response.status_code == 201, response.json()
    draft = response.json()
    assert not draft["ready"]
    assert [p["field"] for p in draft["problems"]] == [
        f"files.{procedures['khaisinh'].components.get(order=2).pk}"
    ]
    spec = procedures["khaisinh"].components.get(order=2).pk
    refused = client.post(
        f"{API}/drafts/{draft['id']}/files/{spec}",
        {"file": SimpleUploadedFile("chung-sinh.pdf", PNG, "application/pdf")},
        **auth,
    )
    assert refused.status_code == 422
    assert "không phải là tệp PDF hợp lệ" in refused.json()["detail"]
    response = client.post(
        f"{API}/drafts/{draft['id']}/files/{spec}",
        {"file": SimpleUploadedFile("chung-sinh.pdf", PDF, "application/pdf")},
        **auth,
    )
    assert response.json()["ready"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API}/drafts/{draft['id']}/submit", **auth)
    assert response.status_code == 201, response.json()
    dossier = Dossier.objects.get(code=response.json()["code"])
    assert (dossier.status, dossier.channel, dossier.delivery_mode) == (
        Status.SUBMITTED,
        Channel.ONLINE,
        "electronic",
    )
    assert dossier.files.count() == 1
    assert EFormAnswers.objects.get(dossier=dossier).answers["con_ho_ten"] == "Nguyễn Minh Khang"
    assert mail.outbox[0].to == ["anh@example.vn"]


def test_incomplete_submission_lists_every_problem(procedures, people, province):
    client, auth = Client(), bearer(people.citizen)
    draft = new_draft(client, auth, province, con_gioi_tinh="", me_cccd="123").json()
    response = client.post(f"{API}/drafts/{draft['id']}/submit", **auth)
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["answers.con_gioi_tinh"] == "Hãy chọn giới tính."
    assert errors["answers.me_cccd"].startswith("Số CCCD/định danh cá nhân phải gồm")
    assert any(f.startswith("files.") for f in errors)
    assert not Dossier.objects.exists()


def test_someone_elses_draft_is_404_and_staff_403(procedures, people, province):
    client = Client()
    draft = new_draft(client, bearer(people.citizen), province).json()
    other = bearer(people.stranger)
    assert client.get(f"{API}/drafts/{draft['id']}", **other).status_code == 404
    assert client.post(f"{API}/drafts/{draft['id']}/submit", **other).status_code == 404
    staff = new_draft(client, bearer(people.commune_reception), province)
    assert staff.status_code == 403
    assert client.post(f"{API}/drafts", {}, content_type="application/json").status_code == 401


def test_a_counter_only_procedure_is_refused(procedures, people, province):
    client, auth = Client(), bearer(people.citizen)
    response = client.post(
        f"{API}/drafts",
        {"procedure_code": "2.001019", "receiving_agency": province["x1"].code},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422
    assert "chưa cung cấp dịch vụ công trực tuyến" in response.json()["detail"]
