"""/api/v1/documents/incoming: inbox, document, register, assign, read, progress (issue 14
item 9), with the same refusals as the pages."""

import json

import pytest
from django.test import Client

from tinhso.accounts.tokens import token_issue
from tinhso.documents.models import Document, DocumentState

from .incoming_helpers import PDF, pending, register_scan

pytestmark = pytest.mark.django_db
BASE = "/api/v1/documents/incoming"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class Api:
    def __init__(self, user):
        self.client = Client(raise_request_exception=False)
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user, name='test')}"}

    def get(self, path, **query):
        return self.client.get(BASE + path, query, **self.headers)

    def post(self, path, body=None):
        return self.client.post(
            BASE + path, json.dumps(body or {}), content_type="application/json", **self.headers
        )


def test_register_assign_read_and_progress_through_the_api(office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clerk = Api(office.clerk)
    form = {
        "doc_type": "CV",
        "subject": "Về việc báo cáo tình hình",
        "organ_name": "UBND tỉnh",
        "code_number": "12",
        "code_notation": "UBND-VP",
        "urgency": "khan",
        "file": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
    }
    response = clerk.client.post(BASE, form, **clerk.headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["book_number"] == 1 and body["stamp"]["arrival_number"] == 1
    doc_id = body["id"]
    bad = {**form, "file": SimpleUploadedFile("x.pdf", b"<html></html>")}
    bad["code_number"] = "13"
    assert clerk.client.post(BASE, bad, **clerk.headers).status_code == 422
    assert Document.objects.count() == 1

    leader = Api(office.leader)
    assert leader.get(f"/{doc_id}").json()["actions"] == ["assign"]
    slip = {"lines": [{"role": "lead", "assignee_id": office.specialist.pk, "working_days": 3}]}
    assert Api(office.clerk).post(f"/{doc_id}/assign", slip).status_code == 403
    response = leader.post(f"/{doc_id}/assign", slip)
    assert response.status_code == 200 and response.json()["state"] == "assigned"

    specialist = Api(office.specialist)
    (item,) = specialist.get("/inbox").json()
    assert item["document_id"] == doc_id and item["read_at"] is None
    read = specialist.post(f"/{doc_id}/read").json()
    assert read["assignments"][0]["read_at"] is not None
    assert specialist.post(f"/{doc_id}/progress", {"progress": 101}).status_code == 422
    progressed = specialist.post(f"/{doc_id}/progress", {"progress": 70}).json()
    assert progressed["state"] == "in_progress" and progressed["assignments"][0]["progress"] == 70


def test_api_refusals_are_404_403_409(office):
    doc = register_scan(office)
    assert Api(office.other_clerk).get(f"/{doc.pk}").status_code == 404
    assert Api(office.specialist).get(f"/{doc.pk}").status_code == 404
    assert Api(office.specialist).get("/inbox").json() == []
    # progress on a registered document: not this state
    assert Api(office.leader).post(f"/{doc.pk}/progress", {"progress": 10}).status_code == 409
    # a pending row: its clerk registers it; a duplicate needs confirmation (409)
    waiting = pending(office, code_number="125", code_notation="SXD-VP")
    assert Api(office.other_clerk).post(f"/{waiting.pk}/register", {}).status_code == 404
    assert Api(office.clerk).post(f"/{waiting.pk}/register", {}).status_code == 409
    ok = Api(office.clerk).post(f"/{waiting.pk}/register", {"confirm_duplicate": True})
    assert ok.status_code == 200 and ok.json()["book_number"] == 2
    waiting.refresh_from_db()
    assert waiting.state == DocumentState.REGISTERED
    # a deadline past the document's: 422, nothing saved
    slip = {
        "due_date": "2027-01-04",
        "lines": [{"role": "lead", "assignee_id": office.specialist.pk, "deadline": "2027-01-05"}],
    }
    response = Api(office.leader).post(f"/{doc.pk}/assign", slip)
    assert response.status_code == 422 and "vượt quá" in response.json()["detail"]
    assert not doc.assignments.exists()
