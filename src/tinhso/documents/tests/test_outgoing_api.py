"""/api/v1/documents/outgoing: the same rules as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tinhso.documents.models import DocumentState
from tinhso.documents.tests.conftest import PASSWORD
from tinhso.documents.tests.outgoing_support import (  # noqa: F401  (fixtures)
    _media,
    approved_draft,
    demo_provider,
    new_draft,
    pki,
    signing,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/documents/outgoing"


def _client(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.mark.usefixtures("signing")
def test_list_detail_comment_and_steps(office):
    d = new_draft(office)
    c = _client(office.specialist)
    listed = c.get(BASE).json()
    assert [x["id"] for x in listed] == [d.pk]
    r = c.post(
        f"{BASE}/{d.pk}/comments",
        {"text": "Đề nghị bổ sung căn cứ"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["version"] == 1
    r = c.post(f"{BASE}/{d.pk}/sign-request")
    assert r.status_code == 200 and r.json()["document"]["state"] == DocumentState.IN_REVIEW
    detail = c.get(f"{BASE}/{d.pk}").json()
    assert detail["comments"][0]["text"] == "Đề nghị bổ sung căn cứ"
    assert detail["allowed_actions"] == []
    head = _client(office.head)
    assert "approve_content" in head.get(f"{BASE}/{d.pk}").json()["allowed_actions"]
    r = head.post(
        f"{BASE}/{d.pk}/actions",
        {"action": "approve_content", "note": "Được"},
        content_type="application/json",
    )
    assert r.status_code == 200
    r = _client(office.clerk).post(
        f"{BASE}/{d.pk}/actions", {"action": "approve_format"}, content_type="application/json"
    )
    assert r.json()["document"]["state"] == DocumentState.APPROVED
    assert [x["id"] for x in _client(office.leader).get(BASE + "?box=to_sign").json()] == [d.pk]
    assert _client(office.clerk).post(f"{BASE}/{d.pk}/sign").status_code == 403
    r = _client(office.leader).post(f"{BASE}/{d.pk}/sign")
    assert r.status_code == 200 and r.json()["document"]["state"] == DocumentState.SIGNED
    r = _client(office.clerk).post(f"{BASE}/{d.pk}/send")
    assert r.status_code == 409  # not numbered yet


def test_other_agency_404_citizen_403_bad_input_422(office, citizen=None):
    d = new_draft(office)
    assert _client(office.other_clerk).get(f"{BASE}/{d.pk}").status_code == 404
    assert _client(office.other_leader).post(f"{BASE}/{d.pk}/sign").status_code == 404
    c = _client(office.specialist)
    assert (
        c.post(f"{BASE}/{d.pk}/comments", {"text": ""}, content_type="application/json").status_code
        == 422
    )
    assert (
        c.post(
            f"{BASE}/{d.pk}/actions", {"action": "xoa"}, content_type="application/json"
        ).status_code
        == 422
    )
    assert c.get(f"{BASE}/0").status_code == 422
    assert Client().get(BASE).status_code == 401
