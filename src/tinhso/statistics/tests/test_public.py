"""/thong-ke/ and GET /api/v1/public/statistics: public aggregates, no sign-in (issue 12 #13).

The scenario (conftest.py) is November 2026 at Sở Tư pháp; "this quarter" on 15/12/2026 is
01/10–15/12/2026: 9 dossiers received (D0 on 28/10 included), 4 resolved in time (D0, D1, D8
early, D2 on the day), 1 late (D3), 2 ratings of which 1 satisfied.
"""

import re
from html import unescape

import pytest
import time_machine
from django.test import Client

from tinhso.statistics.tests.conftest import NOW

pytestmark = pytest.mark.django_db
QUARTER = "from=2026-10-01&to=2026-12-15"


def anonymous_get(url: str):
    with time_machine.travel(NOW, tick=False):
        return Client().get(url)


def row_cells(html: str, name: str) -> list[str]:
    """The cells' text of the first table row headed `name`."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if cells and cells[0] == name:
            return cells[1:]
    raise AssertionError(f"no row {name!r}")


def test_page_shows_the_quarter_to_anyone_without_personal_data(scenario, province):
    r = anonymous_get("/thong-ke/?ky=quy-nay")
    assert r.status_code == 200
    html = r.content.decode()
    assert "01/10/2026" in html and "15/12/2026" in html
    received, in_time, late, in_time_rate, _overdue, satisfaction = row_cells(html, "Toàn tỉnh")
    assert (received, in_time, late) == ("9", "4", "1")
    assert in_time_rate == "80,0 %"
    assert satisfaction.startswith("50,0 %")
    stp = province["stp"]
    assert row_cells(html, stp.name)[:3] == ["9", "4", "1"]
    assert "Quyết định 766" in html
    for dossier in scenario.d.values():
        assert dossier.code not in html
    assert "Nguyễn Thị Ánh" not in html and "072190001234" not in html


def test_page_filters_one_agency(scenario, province):
    html = anonymous_get(f"/thong-ke/?ky=quy-nay&co-quan={province['sxd'].code}").content.decode()
    assert "Toàn tỉnh</th>" not in html
    sxd = province["sxd"]
    assert row_cells(html, sxd.name)[:3] == ["0", "0", "0"]  # none its own
    with pytest.raises(AssertionError):
        row_cells(html, province["stp"].name)


@pytest.mark.parametrize("query", ["ky=thang-13", "ky=%00", "co-quan=KHONG-CO", "ky=" + "x" * 5000])
def test_bad_choices_fall_back_to_the_default_with_a_message(scenario, query):
    r = anonymous_get(f"/thong-ke/?{query}")
    assert r.status_code == 200
    html = r.content.decode()
    assert "đang hiển thị" in html
    assert "01/12/2026" in html and "15/12/2026" in html  # this month, the default


def test_api_answers_anyone_with_the_same_figures(scenario, province):
    r = anonymous_get(f"/api/v1/public/statistics?{QUARTER}")
    assert r.status_code == 200, r.content
    body = r.json()
    p = body["province"]
    assert (p["received"], p["resolved_in_time"], p["resolved_late"]) == (9, 4, 1)
    assert (p["rated"], p["satisfied"]) == (2, 1)
    assert float(p["in_time_ratio"]) == 0.8 and float(p["satisfaction_ratio"]) == 0.5
    by_code = {a["agency_code"]: a for a in body["agencies"]}
    assert by_code[province["stp"].code]["received"] == 9
    assert by_code.get(province["sxd"].code, {"received": 0})["received"] == 0
    assert p["groups"] and {"code", "ratio", "numerator", "denominator"} <= set(p["groups"][0])
    text = r.content.decode()
    for dossier in scenario.d.values():
        assert dossier.code not in text
    assert "Nguyễn Thị Ánh" not in text and "072190001234" not in text
    one = anonymous_get(f"/api/v1/public/statistics?{QUARTER}&agency={province['stp'].code}")
    assert one.status_code == 200
    assert one.json()["province"] is None
    assert one.json()["agencies"][0]["received"] == 9


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-12-31&to=2026-01-01",
        "from=1999-12-31&to=2026-01-01",
        "from=2020-01-01&to=2026-01-01",
        "from=2026-13-01&to=2026-12-31",
        "from=2026-01-01",
        "from=2026-01-01&to=2026-12-31&agency=KHONG-CO",
    ],
)
def test_api_bad_input_is_a_vietnamese_422(scenario, query):
    r = anonymous_get(f"/api/v1/public/statistics?{query}")
    assert r.status_code == 422, r.content
    detail = r.json()["detail"]
    assert any(w in detail for w in ("ngày", "Tham số", "cơ quan", "năm")), detail


def test_api_schema_name_is_unique():
    schema = Client().get("/api/v1/openapi.json").json()
    assert "PublicStatisticsOut" in schema["components"]["schemas"]
    operation = schema["paths"]["/api/v1/public/statistics"]["get"]
    assert {"200", "422"} <= set(operation["responses"])
    assert not operation.get("security")
