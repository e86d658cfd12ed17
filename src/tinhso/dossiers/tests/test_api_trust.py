"""/api/v1/dossiers, issue 11: what a citizen reads (finding 4), bad numbers (finding 8) and
the channel an officer may record (finding 9)."""

import json
from typing import Any

import pytest
from django.test import Client

from tinhso.accounts.tokens import token_issue
from tinhso.dossiers.models import Dossier

pytestmark = pytest.mark.django_db

INTERNAL_NOTE = "Đã đối chiếu với hồ sơ gốc, đề nghị anh Ba ký"
NOTE_FOR_APPLICANT = "Bổ sung bản sao Căn cước công dân còn hạn"


def api(user: Any):
    client = Client()
    auth = {"HTTP_AUTHORIZATION": "Bearer " + token_issue(user=user, name="ứng dụng")}

    def call(method: str, url: str, body: Any = None):
        if body is None:
            return getattr(client, method)(url, **auth)
        return getattr(client, method)(
            url, json.dumps(body), content_type="application/json", **auth
        )

    return call


@pytest.fixture
def worked_on(received, cast):
    """The specialist forwards with a working note; the leader asks the applicant for more."""
    url = f"/api/v1/dossiers/{received.code}/actions"
    forwarded = api(cast.specialist)("post", url, {"action": "forward", "note": INTERNAL_NOTE})
    assert forwarded.status_code == 200, forwarded.content
    asked = api(cast.leader)(
        "post", url, {"action": "request_supplement", "note": NOTE_FOR_APPLICANT}
    )
    assert asked.status_code == 200, asked.content
    return received


def _names(cast) -> list[str]:
    return [u.full_name for u in (cast.reception, cast.specialist, cast.leader)]


def test_citizen_reads_agencies_and_notes_to_them_never_officers_or_working_notes(worked_on, cast):
    response = api(cast.citizen)("get", f"/api/v1/dossiers/{worked_on.code}")
    assert response.status_code == 200, response.content
    text = response.content.decode()
    for name in _names(cast):
        assert name not in text
    assert INTERNAL_NOTE not in text
    body = response.json()
    assert NOTE_FOR_APPLICANT in [e["note"] for e in body["events"]]
    assert "Sở Tư pháp" in [e["actor"] for e in body["events"]]
    assert body["applicant"]["cccd"] == "072190001234"  # their own data


def test_citizen_api_timeline_is_the_pages_timeline(worked_on, cast):
    from tinhso.dossiers.timeline import applicant_timeline

    body = api(cast.citizen)("get", f"/api/v1/dossiers/{worked_on.code}").json()
    page = applicant_timeline(worked_on)
    assert [(e["label"], e["actor"], e["note"]) for e in body["events"]] == [
        (e.label, e.place, e.note) for e in page
    ]


def test_officers_still_read_who_did_what_and_the_working_notes(worked_on, cast):
    body = api(cast.specialist)("get", f"/api/v1/dossiers/{worked_on.code}").json()
    actors = {e["actor"] for e in body["events"]}
    assert set(_names(cast)) <= actors
    assert INTERNAL_NOTE in [e["note"] for e in body["events"]]
    assert body["applicant"]["cccd"] == "072190001234"


def test_province_leader_reads_the_case_not_the_person(worked_on, cast):
    body = api(cast.province_leader)("get", f"/api/v1/dossiers/{worked_on.code}").json()
    assert body["applicant"] == {
        "name": "Nguyễn Thị Ánh",
        "cccd": None,
        "phone": None,
        "email": None,
        "address": None,
    }
    assert body["postal_address"] is None


# --- finding 8: bad numbers are a 422 in Vietnamese, never a 500 ----------------------------


def _new(procedures, **overrides: Any) -> dict[str, Any]:
    required = procedures["lltp"].components.get(required=True).pk
    body = {
        "procedure_code": "1.001232",
        "applicant": {"name": "Trần Văn Cường", "cccd": "072190001234"},
        "received_components": [required],
        "fees_paid": 200000,
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fees_paid", -1, "fees_paid phải lớn hơn hoặc bằng 0"),
        ("fees_paid", 2**63, "fees_paid phải nhỏ hơn hoặc bằng 1000000000000"),
        ("fees_paid", 10**40, "fees_paid phải nhỏ hơn hoặc bằng 1000000000000"),
        ("received_components", [2**63], "received_components.0 phải nhỏ hơn hoặc bằng"),
        ("received_components", [0], "received_components.0 phải lớn hơn hoặc bằng 1"),
    ],
)
def test_bad_numbers_are_refused_in_vietnamese(procedures, cast, field, value, message):
    response = api(cast.reception)("post", "/api/v1/dossiers", _new(procedures, **{field: value}))
    assert response.status_code == 422, response.content
    assert message in response.json()["detail"]
    assert not Dossier.objects.exists()


def test_bad_numbers_in_an_action_are_refused(received, cast):
    url = f"/api/v1/dossiers/{received.code}/actions"
    response = api(cast.specialist)("post", url, {"action": "forward", "components": [2**63]})
    assert response.status_code == 422, response.content
    assert "components.0 phải nhỏ hơn hoặc bằng" in response.json()["detail"]


def test_text_with_a_nul_character_is_refused_not_a_database_error(procedures, cast):
    body = _new(procedures, applicant={"name": "Trần\x00Văn Cường"})
    response = api(cast.reception)("post", "/api/v1/dossiers", body)
    assert response.status_code == 422, response.content
    assert "applicant.name không được chứa ký tự NUL" in response.json()["detail"]


# --- finding 9: the channel is not the officer's to declare --------------------------------


@pytest.mark.parametrize("channel", ["online", "national_portal"])
def test_an_officer_cannot_record_a_counter_dossier_as_online(procedures, cast, channel):
    response = api(cast.reception)("post", "/api/v1/dossiers", _new(procedures, channel=channel))
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert "channel" in detail and "trực tiếp (counter)" in detail
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(("sent", "recorded"), [(None, "counter"), ("postal", "postal")])
def test_an_officer_records_counter_or_postal(procedures, cast, sent, recorded):
    body = _new(procedures) if sent is None else _new(procedures, channel=sent)
    response = api(cast.reception)("post", "/api/v1/dossiers", body)
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == recorded
    assert Dossier.objects.get().channel == recorded


# --- refusals a caller can act on ------------------------------------------------------------


def test_an_anonymous_call_is_asked_to_sign_in_in_vietnamese(procedures):
    response = Client().post(
        "/api/v1/dossiers", json.dumps(_new(procedures)), content_type="application/json"
    )
    assert response.status_code == 401  # was ninja's English 403 "CSRF check Failed"
    assert response.json()["detail"].startswith("Cần xác thực")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_call_without_its_csrf_token_is_refused_in_vietnamese(procedures, cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.reception)
    response = client.post(
        "/api/v1/dossiers", json.dumps(_new(procedures)), content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"] and "khóa API" in response.json()["detail"]
    assert not Dossier.objects.exists()
