"""Receiving dossiers from the national portal: what lands where, and what is refused."""

import json
import time

import pytest

from tinhso.audit.models import AuditEvent
from tinhso.dossiers import selectors as dossier_selectors
from tinhso.dossiers.constants import Action, Channel, Status
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import dossier_act
from tinhso.dossiers.tracking import tracking_key
from tinhso.nationalportal.models import PortalDossier, StatusMessage
from tinhso.nationalportal.tests.conftest import PDF, b64, sign

pytestmark = pytest.mark.django_db


def errors_of(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_accepted_dossier_waits_in_the_reception_queue_with_its_files_and_data(
    post, payload, cast, province
):
    response = post(payload())

    assert response.status_code == 201, response.content
    answer = response.json()
    dossier = Dossier.objects.get(code=answer["dossier_code"])
    assert answer["created"] is True
    assert answer["status"] == "submitted"
    assert answer["tracking_url"].endswith(
        f"/tra-cuu/?ma={dossier.code}&k={tracking_key(dossier.code)}"
    )
    assert dossier.code.startswith("000.00.12.H53-")
    assert dossier.channel == Channel.NATIONAL_PORTAL
    assert dossier.status == Status.SUBMITTED
    assert dossier.receiving_agency == province["stp"]
    assert dossier.competent_agency == province["stp"]
    assert dossier.applicant_cccd == "072190001234"
    assert dossier.delivery_mode == "postal"
    assert dossier.fees_paid == 200000
    assert "G22.99-261120-000123" in dossier.note
    # In the one-stop officer's "chờ tiếp nhận" queue.
    waiting = dossier_selectors.queue(cast.reception, "cho-tiep-nhan")
    assert list(waiting) == [dossier]
    # The file, on the right component, byte for byte.
    stored = dossier.files.get()
    assert stored.original_name == "to-khai.pdf"
    assert stored.component.name == "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"
    assert stored.component.received
    with stored.file.open("rb") as f:
        assert f.read() == PDF
    # The portal's data kept, without the file bytes.
    link = PortalDossier.objects.get(dossier=dossier)
    assert link.external_id == "G22.99-261120-000123"
    assert link.eform == {"ho_ten": "Nguyễn Thị Ánh", "muc_dich": "Xin việc", "so_ban": 2}
    assert link.submitted_at.isoformat() == "2026-01-05T01:15:00+00:00"
    saved_file = link.payload["components"][0]["files"][0]
    assert "content_base64" not in saved_file
    assert saved_file["size"] == len(PDF)
    assert "content_base64" not in json.dumps(link.payload)
    assert AuditEvent.objects.filter(
        action="nationalportal.receive", object_id=str(dossier.pk)
    ).exists()
    # The first status update (with our code) is queued for the portal.
    first = StatusMessage.objects.get(portal_dossier=link)
    assert (first.sequence, first.action, first.payload["dossier_code"]) == (
        1,
        "submit",
        dossier.code,
    )
    # And the officer can receive it: the required paper came as a file.
    dossier_act(dossier, Action.RECEIVE, actor=cast.reception)
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING


def test_the_same_dossier_twice_makes_one_dossier(post, payload):
    first = post(payload())
    second = post(payload())

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["dossier_code"] == first.json()["dossier_code"]
    assert second.json()["created"] is False
    assert Dossier.objects.count() == 1
    assert PortalDossier.objects.count() == 1


def test_an_applicant_vouched_for_by_vneid_is_linked_to_their_account(post, payload, cast):
    vouched = payload(
        applicant={**payload()["applicant"], "identity_account_id": "vneid-072190001234"}
    )
    anonymous = payload(external_id="G22.99-261120-000124")

    linked = Dossier.objects.get(code=post(vouched).json()["dossier_code"])
    unlinked = Dossier.objects.get(code=post(anonymous).json()["dossier_code"])

    assert linked.applicant == cast.citizen
    assert unlinked.applicant is None


# --- the signature --------------------------------------------------------------------------


def test_missing_signature_is_refused_in_vietnamese(post, payload):
    response = post(payload(), headers={})

    assert response.status_code == 401
    assert "Thiếu chữ ký" in response.json()["detail"]
    assert Dossier.objects.count() == 0


def test_signature_with_another_secret_is_refused(post, payload):
    response = post(payload(), secret="khoa-cua-nguoi-khac")

    assert response.status_code == 401
    assert "Chữ ký không đúng" in response.json()["detail"]
    assert Dossier.objects.count() == 0


def test_stale_timestamp_is_refused(post, payload):
    response = post(payload(), at=time.time() - 301)

    assert response.status_code == 401
    assert "hết hiệu lực" in response.json()["detail"]
    assert Dossier.objects.count() == 0


def test_tampered_body_is_refused(post, payload):
    body = json.dumps(payload()).encode()
    headers = sign(body)
    tampered = body.replace(b"Nguy", b"Ngu\\u1ef5")

    response = post(tampered, headers=headers)

    assert response.status_code == 401
    assert Dossier.objects.count() == 0


def test_timestamp_outside_the_signature_cannot_be_refreshed(post, payload):
    body = json.dumps(payload()).encode()
    old = sign(body, at=time.time() - 3600)

    response = post(body, headers={**old, "X-Timestamp": str(int(time.time()))})

    assert response.status_code == 401


def test_no_secret_configured_refuses_everything(post, payload, settings):
    settings.NATIONAL_PORTAL_INBOUND_SECRET = ""

    response = post(payload(), secret="")

    assert response.status_code == 401
    assert "chưa được cấu hình" in response.json()["detail"]


# --- validation -----------------------------------------------------------------------------


def test_unknown_procedure(post, payload):
    errors = errors_of(post(payload(procedure_code="9.999999")))

    assert "Không có thủ tục mã '9.999999'" in errors["procedure_code"]


def test_procedure_not_in_force(post, payload, import_records, record):
    report = import_records(record(code="2.002222", effective_from="2099-01-01"))
    assert report.rejected == []

    errors = errors_of(post(payload(procedure_code="2.002222", receiving_agency="000.31.10.H53")))

    assert "không áp dụng vào ngày" in errors["procedure_code"]


def test_procedure_only_filed_in_person(post, payload, import_records, record):
    import_records(record(code="2.003333", online_level="truc_tiep"))

    errors = errors_of(post(payload(procedure_code="2.003333", receiving_agency="000.31.10.H53")))

    assert "chỉ nộp trực tiếp hoặc qua bưu chính" in errors["procedure_code"]


def test_agency_not_competent(post, payload):
    errors = errors_of(post(payload(receiving_agency="000.31.10.H53")))

    assert errors["receiving_agency"] == (
        "UBND phường Tân Ninh không có thẩm quyền tiếp nhận thủ tục 1.001232."
    )


def test_unknown_agency(post, payload):
    errors = errors_of(post(payload(receiving_agency="000.00.99.H53")))

    assert "000.00.99.H53" in errors["receiving_agency"]


def test_bad_cccd(post, payload):
    applicant = {**payload()["applicant"], "cccd": "12345"}

    errors = errors_of(post(payload(applicant=applicant)))

    assert errors["applicant.cccd"] == "Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số."


def test_neither_cccd_nor_tax_code(post, payload):
    applicant = {**payload()["applicant"], "cccd": ""}

    errors = errors_of(post(payload(applicant=applicant)))

    assert "CCCD" in errors["applicant"]


def test_file_whose_bytes_are_not_what_its_name_says(post, payload):
    components = [{"order": 1, "files": [{"name": "to-khai.pdf", "content_base64": b64(b"MZ")}]}]

    errors = errors_of(post(payload(components=components)))

    assert "không phải là tệp PDF hợp lệ" in errors["components.0.files.0"]


def test_file_type_not_allowed(post, payload):
    components = [{"order": 1, "files": [{"name": "to-khai.docx", "content_base64": b64(PDF)}]}]

    errors = errors_of(post(payload(components=components)))

    assert "không đúng định dạng cho phép" in errors["components.0.files.0"]


def test_file_too_large(post, payload, settings):
    settings.MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    components = [{"order": 1, "files": [{"name": "to-khai.pdf", "content_base64": b64(big)}]}]

    errors = errors_of(post(payload(components=components)))

    assert "lớn hơn 1 MB" in errors["components.0.files.0"]


def test_not_base64(post, payload):
    components = [{"order": 1, "files": [{"name": "a.pdf", "content_base64": "không phải!"}]}]

    errors = errors_of(post(payload(components=components)))

    assert "base64" in errors["components.0.files.0.content_base64"]


def test_missing_required_component(post, payload):
    optional_only = [{"order": 2, "files": [{"name": "cccd.pdf", "content_base64": b64(PDF)}]}]

    errors = errors_of(post(payload(components=optional_only)))

    assert errors["components"] == (
        "Thiếu thành phần hồ sơ bắt buộc thứ 1: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp."
    )


def test_component_the_procedure_does_not_have(post, payload):
    extra = [
        *payload()["components"],
        {"order": 7, "files": [{"name": "x.pdf", "content_base64": b64(PDF)}]},
    ]

    errors = errors_of(post(payload(components=extra)))

    assert "không có thành phần hồ sơ thứ 7" in errors["components.1.order"]


def test_delivery_mode_the_procedure_does_not_offer(post, payload):
    errors = errors_of(post(payload(delivery_mode="electronic")))

    assert "không trả kết quả theo hình thức" in errors["delivery_mode"]


def test_every_problem_is_listed_at_once_and_nothing_is_created(post, payload):
    applicant = {**payload()["applicant"], "cccd": "1", "phone": "123", "email": "khong-hop-le"}

    errors = errors_of(post(payload(applicant=applicant, components=[], postal_address="")))

    assert set(errors) >= {
        "applicant.cccd",
        "applicant.phone",
        "applicant.email",
        "components",
        "postal_address",
    }
    assert Dossier.objects.count() == 0
    assert PortalDossier.objects.count() == 0


def test_shape_errors_are_in_vietnamese(post, payload):
    data = payload(submitted_at="hôm qua", fees=[{"name": "Phí", "amount": -5}])
    del data["applicant"]

    response = post(data)

    assert response.status_code == 422
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["applicant"] == "là bắt buộc"
    assert "ISO 8601" in messages["submitted_at"]
    assert messages["fees.0.amount"] == "phải lớn hơn hoặc bằng 0"


def test_a_body_that_is_not_json_is_refused_in_vietnamese(post):
    response = post(b"{khong phai json")

    assert response.status_code == 400
    assert response.json()["detail"] == "Thân yêu cầu không phải JSON hợp lệ (UTF-8)."


def test_a_naive_submission_time_is_refused(post, payload):
    response = post(payload(submitted_at="2026-01-05T08:15:00"))

    assert response.status_code == 422
    assert "múi giờ" in response.json()["detail"]


# --- OpenAPI --------------------------------------------------------------------------------


def test_openapi_describes_the_endpoint_its_schema_and_the_signature(client):
    schema = client.get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/national-portal/dossiers"]["post"]
    assert operation["security"] == [{"PortalSignature": []}]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PortalDossierIn"
    }
    assert {"200", "201", "401", "422"} <= set(operation["responses"])
    body = schema["components"]["schemas"]["PortalDossierIn"]
    assert {"external_id", "procedure_code", "receiving_agency", "applicant"} <= set(
        body["required"]
    )
    scheme = schema["components"]["securitySchemes"]["PortalSignature"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-Signature")
    assert "HMAC-SHA256" in scheme["description"]


# --- the province's service centre receives for others -------------------------------------


@pytest.fixture
def centre(province):
    from tinhso.organisation.services import agency_upsert

    agency, _ = agency_upsert(
        code="000.00.99.H53",
        name="Trung tâm Phục vụ hành chính công tỉnh",
        kind="trung_tam_phvhc",
        unit=province["root"],
        parent=province["ubnd"],
    )
    return agency


def test_the_centre_receives_a_procedure_one_agency_decides(post, payload, centre, province):
    response = post(payload(receiving_agency=centre.code))

    dossier = Dossier.objects.get(code=response.json()["dossier_code"])
    assert (dossier.receiving_agency, dossier.competent_agency) == (centre, province["stp"])


def test_the_centre_must_name_the_commune_for_a_commune_procedure(post, payload, centre, province):
    khai_sinh = {
        "procedure_code": "1.001193",
        "receiving_agency": centre.code,
        "components": [
            {"order": 1, "files": [{"name": "to-khai.pdf", "content_base64": b64(PDF)}]}
        ],
        "fees": [],
    }

    errors = errors_of(post(payload(**khai_sinh)))
    named = post(payload(**khai_sinh, competent_agency=province["x2"].code))

    assert "hãy ghi mã định danh cơ quan giải quyết" in errors["competent_agency"]
    assert named.status_code == 201
    assert Dossier.objects.get().competent_agency == province["x2"]
