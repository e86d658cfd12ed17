"""/api/v1/dossiers with bearer tokens: the same rules as the pages."""

import json

import pytest
from django.test import Client

from tinhso.accounts.tokens import token_issue

pytestmark = pytest.mark.django_db


def api(token: str):
    client = Client()

    def call(method: str, url: str, body=None):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if body is None:
            return getattr(client, method)(url, **kwargs)
        return getattr(client, method)(
            url, json.dumps(body), content_type="application/json", **kwargs
        )

    return call


def test_reception_app_receives_and_the_dossier_moves_to_its_return(procedures, cast):
    required = procedures["lltp"].components.get(required=True).pk
    counter = api(token_issue(user=cast.reception, name="Ứng dụng quầy"))
    created = counter(
        "post",
        "/api/v1/dossiers",
        {
            "procedure_code": "1.001232",
            "applicant": {"name": "Trần Văn Cường", "cccd": "072190001234", "phone": "0987654321"},
            "received_components": [required],
            "fees_paid": 200000,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    code = body["code"]
    assert code.startswith("000.00.12.H53-")
    assert body["status"] == "processing" and body["due_at"].endswith("+07:00")
    assert body["steps"][0]["role"] == "specialist"
    assert body["allowed_actions"] == ["withdraw"]
    specialist = api(token_issue(user=cast.specialist, name="app"))
    assert specialist("get", f"/api/v1/dossiers/{code}").json()["allowed_actions"] == [
        "request_supplement",
        "forward",
        "propose_refusal",  # refusing is the competent leader's decision (docs/decisions.md)
    ]
    moved = specialist("post", f"/api/v1/dossiers/{code}/actions", {"action": "forward"})
    assert moved.status_code == 200 and moved.json()["steps"][-1]["role"] == "agency_leader"
    leader = api(token_issue(user=cast.leader, name="app"))
    assert (
        leader("post", f"/api/v1/dossiers/{code}/actions", {"action": "approve"}).json()["status"]
        == "result_ready"
    )
    returned = counter("post", f"/api/v1/dossiers/{code}/actions", {"action": "return_result"})
    assert returned.json()["status"] == "returned"
    assert [e["action"] for e in returned.json()["events"]] == [
        "submit",
        "receive",
        "forward",
        "approve",
        "return_result",
    ]


def test_errors_are_clear_and_never_500(received, cast, procedures):
    specialist = api(token_issue(user=cast.specialist, name="app"))
    url = f"/api/v1/dossiers/{received.code}/actions"
    wrong_state = specialist("post", url, {"action": "return_result"})
    assert wrong_state.status_code == 409 and "Trả kết quả" in wrong_state.json()["detail"]
    unknown = specialist("post", url, {"action": "bay"})
    assert unknown.status_code == 422
    no_reason = specialist("post", url, {"action": "propose_refusal"})
    assert no_reason.status_code == 409 and "lý do" in no_reason.json()["detail"]
    no_basis = specialist("post", url, {"action": "propose_refusal", "note": "Không đủ điều kiện"})
    assert no_basis.status_code == 409 and "căn cứ pháp lý" in no_basis.json()["detail"]
    bad_date = specialist("post", url, {"action": "extend", "note": "x", "new_due_date": "31/12"})
    assert bad_date.status_code == 422
    assert specialist("post", url, "not json").status_code in (400, 422)
    counter = api(token_issue(user=cast.reception, name="app"))
    bad = counter(
        "post", "/api/v1/dossiers", {"procedure_code": "9.999999", "applicant": {"name": "A"}}
    )
    assert bad.status_code == 422 and "9.999999" in bad.json()["detail"]
    missing = counter(
        "post", "/api/v1/dossiers", {"procedure_code": "1.001232", "applicant": {"name": ""}}
    )
    assert missing.status_code == 422 and "họ và tên" in missing.json()["detail"]
    assert (
        specialist(
            "post", "/api/v1/dossiers", {"procedure_code": "1.001232", "applicant": {"name": "A"}}
        ).status_code
        == 403
    )


def test_openapi_documents_dossiers_and_calendar():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/dossiers",
        "/api/v1/dossiers/{code}",
        "/api/v1/dossiers/{code}/actions",
        "/api/v1/calendar/due-date",
    } <= set(paths)


def test_due_date_api_through_the_site():
    response = Client().get(
        "/api/v1/calendar/due-date",
        {"received_at": "2026-11-19T09:00:00+07:00", "working_days": 10},
    )
    assert response.status_code == 200
    assert response.json()["due_at"] == "2026-12-04T17:00:00+07:00"
