"""Holidays not yet confirmed by the yearly notice are reported as "dự kiến" (issue 12, item 8).

Bộ luật Lao động 2019, Điều 112: the Tết days are fixed each year by the Government's notice.
2026 is confirmed (Thông báo 9441/TB-BNV, migrations 0002 and 0004); 2027 has no notice yet, so
Tết 2027 (Thứ Năm 04/02 – Thứ Tư 10/02/2027 in the `holidays` library) is provisional.
"""

from datetime import date

import pytest
from ninja.testing import TestClient

from tinhso.audit.models import AuditEvent
from tinhso.workcalendar import calendar
from tinhso.workcalendar.api import router
from tinhso.workcalendar.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

TET_2027 = [date(2027, 2, d) for d in range(4, 11)]


@pytest.fixture(autouse=True)
def _fresh_cache():
    calendar.clear_cache()
    yield
    calendar.clear_cache()


@pytest.fixture
def api() -> TestClient:
    return TestClient(router)


def _due(api: TestClient, received_at: str, working_days: str) -> dict[str, object]:
    response = api.get(
        "/due-date", query_params={"received_at": received_at, "working_days": working_days}
    )
    assert response.status_code == 200, response.content
    body: dict[str, object] = response.json()
    return body


def test_due_date_over_tet_2027_reports_the_provisional_days(api: TestClient) -> None:
    body = _due(api, "2027-02-03T10:00:00+07:00", "3")
    assert body["due_at"] == "2027-02-15T17:00:00+07:00"  # Thu 11, Fri 12, Mon 15
    assert body["provisional_holidays"] == [d.isoformat() for d in TET_2027]
    assert body["provisional"] is True


def test_due_date_over_tet_2026_is_confirmed(api: TestClient) -> None:
    body = _due(api, "2026-02-13T10:00:00+07:00", "3")
    assert body["due_at"] == "2026-02-25T17:00:00+07:00"
    assert body["provisional_holidays"] == []
    assert body["provisional"] is False


def test_due_date_without_holidays_is_not_provisional(api: TestClient) -> None:
    body = _due(api, "2027-03-01T10:00:00+07:00", "5")
    assert body["provisional_holidays"] == []
    assert body["provisional"] is False


def test_provisional_holiday_rule() -> None:
    assert all(calendar.is_provisional_holiday(d) for d in TET_2027)
    assert not calendar.is_provisional_holiday(date(2027, 3, 3))  # an ordinary Wednesday
    assert not calendar.is_provisional_holiday(date(2026, 2, 17))  # Tết 2026, confirmed
    assert not calendar.is_provisional_holiday(date(2026, 11, 24))

    # A day entered from the notice is the notice's word, even before the year is confirmed.
    CalendarDay.objects.create(date=date(2027, 2, 4), reason="Nghỉ Tết theo thông báo")
    assert not calendar.is_provisional_holiday(date(2027, 2, 4))
    assert calendar.is_provisional_holiday(date(2027, 2, 5))

    CalendarYear.objects.create(year=2027, confirmed=True, notice="Thông báo thử nghiệm")
    assert calendar.provisional_holidays_between(date(2027, 1, 1), date(2027, 12, 31)) == []


@pytest.mark.urls("tinhso.workcalendar.tests.urls")
def test_admin_marks_library_holidays_of_an_unconfirmed_year(admin_client) -> None:
    year = CalendarYear.objects.create(year=2027)
    body = admin_client.get(f"/quan-tri/workcalendar/calendaryear/{year.pk}/change/")
    text = body.content.decode()
    assert body.status_code == 200
    assert "Mùng ba Tết Nguyên Đán" in text and "08/02/2027" in text
    assert text.count("dự kiến") >= len(TET_2027)

    # 2026 is confirmed by Thông báo 9441/TB-BNV (seeded by migration 0004; made sure here so
    # the test does not depend on what an earlier test left in the database).
    confirmed, _ = CalendarYear.objects.update_or_create(
        year=2026, defaults={"confirmed": True, "notice": "Thông báo 9441/TB-BNV"}
    )
    text = admin_client.get(
        f"/quan-tri/workcalendar/calendaryear/{confirmed.pk}/change/"
    ).content.decode()
    assert "Bính Ngọ" in text and "theo thông báo" in text
    assert "dự kiến" not in text

    listing = admin_client.get("/quan-tri/workcalendar/calendaryear/").content.decode()
    assert "số ngày nghỉ dự kiến" in listing.lower()
    assert '<td class="field-provisional_count">15</td>' in listing  # every 2027 holiday


@pytest.mark.urls("tinhso.workcalendar.tests.urls")
def test_confirming_a_year_in_the_admin_clears_the_marker(admin_client, api: TestClient) -> None:
    assert _due(api, "2027-02-03T10:00:00+07:00", "3")["provisional"] is True  # year cached
    response = admin_client.post(
        "/quan-tri/workcalendar/calendaryear/add/",
        {"year": "2027", "confirmed": "on", "notice": "Thông báo thử nghiệm của Bộ Nội vụ"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = CalendarYear.objects.get(year=2027)
    assert AuditEvent.objects.filter(action="admin.add", object_id=str(added.pk)).exists()
    assert _due(api, "2027-02-03T10:00:00+07:00", "3")["provisional"] is False
