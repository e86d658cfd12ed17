"""/api/v1/me/dossiers for mobile apps: the caller's own dossiers only."""

import pytest
from django.test import Client

from tinhso.accounts.tokens import token_issue
from tinhso.dossiers import services
from tinhso.dossiers.constants import Action

from .conftest import act

pytestmark = pytest.mark.django_db


def get(user, path, **params):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user, name='app')}"}
    return Client().get(path, params, **auth)


def test_my_dossiers_lists_only_mine_with_filters(new_dossier, cast, awaiting):
    theirs = services.counter_receive(
        new_dossier(applicant=services.ApplicantInfo(name="Lý Văn Tám", account=cast.stranger)),
        actor=cast.reception,
    )
    mine = get(cast.citizen, "/api/v1/me/dossiers")
    assert mine.status_code == 200
    body = mine.json()
    assert body["count"] == 1 and body["pages"] == 1
    item = body["items"][0]
    assert item["code"] == awaiting.code
    assert item["status_label"] == "Chờ bổ sung hồ sơ"
    assert item["attention"] == ["supplement"] and item["attention_labels"] == [
        "Chờ ông/bà bổ sung"
    ]
    assert item["submitted_at"].endswith("+07:00")
    filtered = get(cast.citizen, "/api/v1/me/dossiers", status="returned").json()
    assert filtered["count"] == 0
    bad = get(cast.citizen, "/api/v1/me/dossiers", status="lost")
    assert bad.status_code == 422 and "status" in bad.json()["detail"]
    assert get(cast.citizen, f"/api/v1/me/dossiers/{theirs.code}").status_code == 404
    # An officer's agency dossiers are not "their" dossiers.
    assert get(cast.reception, "/api/v1/me/dossiers").json()["count"] == 0
    assert Client().get("/api/v1/me/dossiers").status_code == 401


def test_my_dossier_detail_has_the_applicants_timeline(received, cast):
    d = act(received, Action.FORWARD, cast.specialist, "Ghi chú nội bộ")
    body = get(cast.citizen, f"/api/v1/me/dossiers/{d.code}").json()
    labels = [e["label"] for e in body["timeline"]]
    assert labels == ["Nộp hồ sơ", "Tiếp nhận hồ sơ", "Đang xử lý tại Sở Tư pháp"]
    assert all("Ghi chú nội bộ" not in e["note"] for e in body["timeline"])
    assert body["delivery_label"] == "Trực tiếp tại Bộ phận Một cửa"
    assert body["results"] == [] and body["rating"] is None
