"""Office periods (issue 12 §5): working time runs only inside the morning and the afternoon
period, lunch excluded; limits in hours count working hours from valid reception; only a
procedure that says "trong ngày" gets the same-day rule. The cases are the table of
docs/deadlines.md ("Limits in hours"); December 2026 has no holidays (Mon 07/12 … Fri 11/12).
"""

from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from ninja.testing import TestClient

from tinhso.workcalendar import calendar
from tinhso.workcalendar.api import router

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(d: int, hh: int, mm: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, d, hh, mm, tzinfo=VN)


@pytest.fixture(autouse=True)
def _fresh_cache():
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def test_default_periods_keep_opening_and_closing_and_make_an_eight_hour_day() -> None:
    assert calendar.office_periods() == ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
    assert calendar.office_day_hours() == 8


@pytest.mark.parametrize(
    ("received", "hours", "due"),
    [
        # Issue 12 §5: 4 h received at 16:50 is not due 17:00 the same day: 10 min + 3 h 50.
        (at(7, 16, 50), 4, at(8, 11, 20)),
        (at(7, 9, 0), 4, at(7, 14, 30)),  # 2 h 30 in the morning, 1 h 30 after lunch
        (at(7, 12, 0), 4, at(7, 17, 0)),  # received at lunch: the clock starts at 13:00
        (at(7, 7, 30), 4, at(7, 11, 30)),  # ends at the end of the morning, not at 13:00
        (at(7, 11, 30), 4, at(7, 17, 0)),
        # 16 h on an 8-hour day is two working days.
        (at(7, 10, 0), 16, at(9, 10, 0)),
        (at(11, 16, 0), 16, at(15, 16, 0)),  # Fri 1 h, Mon 8 h, Tue 7 h
        (at(12, 9, 0), 8, at(14, 17, 0)),  # received on Saturday: Monday's whole day
        (at(7, 10, 0), Decimal("1.5"), at(7, 11, 30)),  # exactly the rest of the morning
    ],
)
def test_hours_count_working_hours_from_valid_reception(
    received: datetime, hours: Decimal | int, due: datetime
) -> None:
    assert calendar.due_at(received, hours=hours) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(7, 14, 0), at(7, 17, 0)),
        (at(7, 15, 0), at(7, 17, 0)),
        (at(7, 16, 50), at(8, 17, 0)),  # after the 15:00 cut-off → next working day
        (at(11, 15, 30), at(14, 17, 0)),  # Friday after the cut-off → Monday
    ],
)
def test_same_day_rule_only_for_procedures_that_say_so(received: datetime, due: datetime) -> None:
    assert calendar.due_at(received, hours=8, same_day=True, same_day_cutoff=time(15)) == due


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # Half a working day ends half a working day (4 h of office time) after reception;
        # limits of whole days start on the next working day (Bộ luật Dân sự 2015 Điều 147).
        (at(7, 10, 0), Decimal("0.5"), at(7, 15, 30)),  # 10:00–11:30, then 13:00–15:30
        (at(7, 16, 0), Decimal("0.5"), at(8, 10, 30)),  # 1 h today, 3 h tomorrow morning
        (at(7, 10, 0), Decimal(1), at(8, 17, 0)),
        (at(7, 10, 0), Decimal("1.5"), at(9, 11, 30)),
        (at(7, 10, 0), Decimal(3), at(10, 17, 0)),
    ],
)
def test_days_keep_their_answers_and_half_a_day_is_half_of_the_periods(
    received: datetime, days: Decimal, due: datetime
) -> None:
    assert calendar.due_at(received, working_days=days) == due


def test_a_step_of_one_day_from_ten_ends_the_next_day_at_ten() -> None:
    assert calendar.add_working_time(at(7, 10, 0), 1) == at(8, 10, 0)
    assert calendar.add_working_time(at(7, 12, 0), Decimal("0.5")) == at(7, 17, 0)


def test_lunch_is_not_working_time() -> None:
    assert calendar.working_time_between(at(7, 11, 0), at(7, 13, 30)).total_seconds() == 3600
    assert calendar.working_days_elapsed(at(7, 7, 30), at(7, 13, 0)) == Decimal("0.50")
    # A pause over lunch moves a deadline by the office time it covered: 30 + 30 min.
    assert calendar.resume_due_at(at(10, 17, 0), at(8, 11, 0), at(8, 13, 30)) == at(11, 8, 30)
    # A pause inside lunch moves nothing.
    assert calendar.resume_due_at(at(10, 17, 0), at(8, 11, 45), at(8, 12, 45)) == at(10, 17, 0)


@pytest.mark.parametrize(
    ("paused", "resumed", "expected"),
    [
        # The three cases of issue 12 §6, deadline Thursday 10/12 17:00, with lunch excluded.
        (at(8, 7, 35), at(8, 16, 55), at(11, 16, 50)),  # 7 h 50 min covered
        (at(8, 16, 50), at(9, 7, 35), at(11, 7, 45)),  # 15 min covered
        (at(8, 9, 0), at(11, 16, 30), at(16, 15, 0)),  # 22 h 30 left before and after
    ],
)
def test_pause_cases_with_lunch(paused: datetime, resumed: datetime, expected: datetime) -> None:
    assert calendar.resume_due_at(at(10, 17, 0), paused, resumed) == expected


@override_settings(
    OFFICE_PERIODS="07:00-11:00,13:30-17:30", OFFICE_OPENS_AT="07:00", OFFICE_CLOSES_AT="17:30"
)
def test_a_province_sets_its_own_periods() -> None:
    assert calendar.office_day_hours() == 8
    assert calendar.due_at(at(7, 10, 0), hours=4) == at(7, 16, 30)
    assert calendar.due_at(at(7, 10, 0), working_days=1) == at(8, 17, 30)


@override_settings(OFFICE_OPENS_AT="08:00")
def test_office_opens_at_alone_still_moves_the_first_opening() -> None:
    assert calendar.office_periods()[0] == (time(8, 0), time(11, 30))
    assert calendar.office_day_hours() == Decimal("7.5")


@override_settings(OFFICE_PERIODS="13:00-17:00,07:30-11:30")
def test_periods_out_of_order_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="mỗi buổi"):
        calendar.office_periods()


# --- the due-date API -----------------------------------------------------------------------


@pytest.fixture
def api() -> TestClient:
    return TestClient(router)


def test_api_hours_answer_the_due_instant(api: TestClient) -> None:
    params = {"received_at": "2026-12-07T16:50:00+07:00", "hours": "4"}
    body = api.get("/due-date", query_params=params).json()
    assert body["due_at"] == "2026-12-08T11:20:00+07:00"
    assert body["hours"] == 4
    assert body["same_day"] is False


def test_api_same_day(api: TestClient) -> None:
    params = {"received_at": "2026-12-07T14:00:00+07:00", "hours": "8", "same_day": "true"}
    body = api.get("/due-date", query_params=params).json()
    assert body["due_at"] == "2026-12-07T17:00:00+07:00"
    assert body["same_day"] is True


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"hours": "4", "same_day": "maybe"}, "same_day phải là true hoặc false"),
        ({"hours": "bốn"}, "hours phải là một số"),
        ({"hours": "9000"}, "hours phải từ 0 đến 8760"),
        ({"working_days": "1", "same_day": "true"}, "đúng một trong hai"),
    ],
)
def test_api_hours_bad_input_in_vietnamese(
    api: TestClient, params: dict[str, str], message: str
) -> None:
    response = api.get("/due-date", query_params={"received_at": "2026-12-07T10:00", **params})
    assert response.status_code == 422
    assert message in response.json()["detail"]
