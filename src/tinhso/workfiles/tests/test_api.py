"""/api/v1/workfiles: list, detail, opinion, action, link — and the refusals (403, 404, 409,
422) with Vietnamese details."""

import json

import pytest
from django.test import Client

from tinhso.accounts.tokens import token_issue
from tinhso.documents.kinds import Direction
from tinhso.workfiles.models import Opinion, WorkFile, WorkFileState

from .conftest import document

pytestmark = pytest.mark.django_db
BASE = "/api/v1/workfiles"


class Api:
    def __init__(self, user):
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user, name='app')}"}
        self.client = Client()

    def get(self, path, **query):
        return self.client.get(BASE + path, query, **self.headers)

    def post(self, path, body):
        return self.client.post(
            BASE + path, json.dumps(body), content_type="application/json", **self.headers
        )


def test_list_and_detail(office, wf):
    api = Api(office.specialist)
    rows = api.get("").json()
    assert [(r["code"], r["state"], r["in_charge"]) for r in rows] == [
        (wf.code, "new", office.specialist.full_name)
    ]
    assert rows[0]["due_at"].endswith("+07:00")
    body = api.get(f"/{wf.pk}").json()
    assert body["allowed_actions"] == ["start", "forward"]
    assert body["steps"][0]["action"] == "open"
    assert body["participants"] == []
    assert Api(office.clerk).get("").json() == []  # reads the agency's files, none of its own
    assert len(Api(office.clerk).get("", scope="agency").json()) == 1


def test_other_agency_and_missing_are_404_citizens_403(office, wf):
    api = Api(office.other_leader)
    assert api.get(f"/{wf.pk}").status_code == 404
    assert api.post(f"/{wf.pk}/opinions", {"text": "x"}).status_code == 404
    assert api.post(f"/{wf.pk}/actions", {"action": "start"}).status_code == 404
    assert Api(office.specialist).get("/987654").status_code == 404
    assert Client().get(f"{BASE}/{wf.pk}").status_code == 401
    assert not Opinion.objects.exists()


def test_actions_and_their_refusals(office, wf):
    api = Api(office.specialist)
    ok = api.post(f"/{wf.pk}/actions", {"action": "start", "version": 1})
    assert ok.status_code == 200 and ok.json()["state"] == "in_progress"
    stale = api.post(f"/{wf.pk}/actions", {"action": "pause", "note": "Chờ", "version": 1})
    assert stale.status_code == 409 and "tải lại" in stale.json()["detail"]
    wrong_state = api.post(f"/{wf.pk}/actions", {"action": "present"})
    assert wrong_state.status_code == 409 and "Không thể 'Trình ký'" in wrong_state.json()["detail"]
    no_reason = api.post(f"/{wf.pk}/actions", {"action": "pause"})
    assert no_reason.status_code == 422 and "lý do" in no_reason.json()["detail"]
    clerk = Api(office.clerk).post(f"/{wf.pk}/actions", {"action": "pause", "note": "x"})
    assert clerk.status_code == 403 and clerk.json()["detail"].startswith("Chỉ ")
    nobody = api.post(f"/{wf.pk}/actions", {"action": "forward", "to_user": 987654})
    assert nobody.status_code == 422
    assert WorkFile.objects.get(pk=wf.pk).state == WorkFileState.IN_PROGRESS


def test_opinion_and_link(office, wf):
    api = Api(office.specialist)
    made = api.post(f"/{wf.pk}/opinions", {"text": "Đề nghị phối hợp"})
    assert made.status_code == 201 and made.json()["author"] == office.specialist.full_name
    assert api.post(f"/{wf.pk}/opinions", {"text": ""}).status_code == 422
    draft = document(office, Direction.OUTGOING, created_by=office.specialist)
    linked = api.post(f"/{wf.pk}/documents", {"document_id": draft.pk})
    assert linked.status_code == 201 and linked.json()["role"] == "draft"
    again = api.post(f"/{wf.pk}/documents", {"document_id": draft.pk})
    assert again.status_code == 422 and "đã có trong hồ sơ" in again.json()["detail"]
    foreign = document(office, agency=office.sxd)
    assert api.post(f"/{wf.pk}/documents", {"document_id": foreign.pk}).status_code == 404
    assert Api(office.leader).get(f"/{wf.pk}").json()["documents"][0]["subject"] == draft.subject
