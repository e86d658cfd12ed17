"""/api/v1/statistics and /api/v1/statistics/766: same figures, scoped by who asks."""

import pytest
import time_machine
from django.test import Client

from tinhso.accounts.services import role_grant
from tinhso.accounts.tokens import token_issue
from tinhso.organisation.roles import Role
from tinhso.statistics.tests.conftest import NOW

pytestmark = pytest.mark.django_db
NOV = "from=2026-11-01&to=2026-11-30"


def get(user, url, token=False):
    client = Client()
    with time_machine.travel(NOW, tick=False):
        if token:
            auth = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user, name='Bảng điều hành')}"}
            return client.get(url, **auth)
        client.force_login(user)
        return client.get(url)


def test_province_leader_reads_the_province(scenario, cast):
    r = get(cast.province_leader, f"/api/v1/statistics?{NOV}", token=True)
    assert r.status_code == 200, r.content
    [p] = r.json()
    assert p["key"] == "province"
    assert p["received"] == {
        "carried_over": 1,
        "new": 8,
        "online": 1,
        "counter": 5,
        "postal": 1,
        "national_portal": 1,
        "total": 9,
    }
    assert (p["resolved"]["early"], p["resolved"]["on_time"], p["resolved"]["late"]) == (3, 1, 1)
    assert (p["in_progress"]["in_time"], p["in_progress"]["overdue"]) == (0, 2)  # D4 extended
    assert p["satisfaction"]["rated"] == 2


def test_agency_leader_sees_only_their_agency(scenario, cast, province):
    r = get(cast.leader, f"/api/v1/statistics?{NOV}&group_by=agency")
    assert r.status_code == 200, r.content
    rows = r.json()
    assert [row["key"] for row in rows] == [str(province["stp"].pk)]
    assert rows[0]["steps"]["received"] == 9
    other = get(cast.leader, f"/api/v1/statistics?{NOV}&agency={province['sxd'].code}")
    assert other.status_code == 403
    assert "cơ quan mình" in other.json()["detail"]
    # Sở Xây dựng's leader: only Sở Xây dựng (its step figures; no dossier is theirs).
    [sxd] = get(cast.other_leader, f"/api/v1/statistics?{NOV}&group_by=agency").json()
    assert sxd["steps"]["received"] == 1 and sxd["received"]["new"] == 0


def test_others_are_refused_in_vietnamese(scenario, cast):
    for user in (cast.specialist, cast.reception, cast.citizen):
        r = get(user, f"/api/v1/statistics?{NOV}")
        assert r.status_code == 403, (user, r.content)
        assert "thống kê" in r.json()["detail"]
    assert Client().get(f"/api/v1/statistics?{NOV}").status_code == 401


@pytest.mark.parametrize(
    "query, words",
    [
        ("from=2026-11-30&to=2026-11-01", "ngày bắt đầu"),
        ("from=2026-13-01&to=2026-11-30", "yyyy-mm-dd"),
        ("to=2026-11-30", "bắt buộc"),
        (f"{NOV}&group_by=week", "phải là một trong"),
        (f"{NOV}&agency=khong-co", "không có cơ quan"),
        (f"{NOV}&procedure=9.999", "không có thủ tục"),
        (f"{NOV}&field=XYZ", "không có lĩnh vực"),
    ],
)
def test_bad_parameters_answer_422(cast, query, words):
    r = get(cast.province_leader, f"/api/v1/statistics?{query}")
    assert r.status_code == 422, r.content
    assert words in r.json()["detail"]


def test_766_and_drill_down(scenario, cast, province):
    [row] = get(cast.province_leader, f"/api/v1/statistics/766?{NOV}").json()
    groups = {g["code"]: g for g in row["groups"]}
    progress = groups["dvc-progress-tree"]
    assert (progress["numerator"], progress["denominator"], progress["ratio"]) == (4, 5, "0.8000")
    assert groups["formality-online-payment-tree"]["numerator"] == 0
    assert groups["formality-online-payment-tree"]["note"]
    agencies = get(cast.province_leader, f"/api/v1/statistics/766?{NOV}&level=agency").json()
    assert [a["key"] for a in agencies] == [str(province["stp"].pk)]
    procedures = get(
        cast.province_leader, f"/api/v1/statistics/766?{NOV}&level=procedure&procedure=1.001232"
    ).json()
    assert len(procedures) == 1 and procedures[0]["label"].startswith("1.001232")


def test_in_the_openapi_document(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/statistics" in paths and "/api/v1/statistics/766" in paths
    params = {p["name"] for p in paths["/api/v1/statistics"]["get"]["parameters"]}
    assert {"from", "to", "agency", "field", "procedure", "group_by"} <= params


def test_agency_leader_role_is_enough(scenario, cast, province):
    role_grant(user=cast.specialist, agency=province["sxd"], role=Role.AGENCY_LEADER)
    r = get(cast.specialist, f"/api/v1/statistics?{NOV}&group_by=agency")
    assert [row["key"] for row in r.json()] == [str(province["sxd"].pk)]
