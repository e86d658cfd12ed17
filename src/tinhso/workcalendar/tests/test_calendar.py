"""Working days and deadlines, checked against real dates of 2025–2027.

2025 and 2026 follow the notices (seeded by migration 0002 on top of `holidays`); 2027 follows
the Labour Code as modelled by `holidays`, since no 2027 notice had been found when written.
"""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from ninja.testing import TestClient

from tinhso.audit.models import AuditEvent
from tinhso.workcalendar import calendar
from tinhso.workcalendar.api import router
from tinhso.workcalendar.models import CalendarDay

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=VN)


def close_of(y: int, m: int, d: int) -> datetime:
    return at(y, m, d, 17, 0)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Test transactions roll back without signals: never let a cached year leak between tests.
    calendar.clear_cache()
    yield
    calendar.clear_cache()


# --- days -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 24), True),  # Friday before Tết 2025
        *[(date(2025, 1, d), False) for d in range(27, 32)],  # Tết Ất Tỵ Mon 27 – Fri 31/1
        (date(2025, 2, 3), True),
        (date(2025, 4, 7), False),  # Giỗ Tổ Hùng Vương
        (date(2025, 4, 26), True),  # Saturday worked for the 2/5 swap
        (date(2025, 4, 30), False),
        (date(2025, 5, 1), False),
        (date(2025, 5, 2), False),  # swapped day off
        (date(2025, 9, 1), False),  # second National Day day
        (date(2025, 9, 2), False),
        (date(2025, 9, 3), True),
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), False),  # New Year 2026 swap, missing from holidays 0.109
        (date(2026, 1, 10), True),  # ... worked on Saturday 10/1
        *[(date(2026, 2, d), False) for d in range(16, 21)],  # Tết Bính Ngọ Mon 16 – Fri 20/2
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # Giỗ Tổ on Sunday 26/4, made up on Monday
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 8, 22), True),  # Saturday worked for the 31/8 swap
        (date(2026, 8, 31), False),
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 9, 3), True),
        (date(2026, 11, 24), False),  # Ngày Văn hóa Việt Nam, Tuesday
        *[(date(2027, 2, d), False) for d in range(4, 11)],  # Tết 2027 Thu 4 – Wed 10/2 (library)
        (date(2027, 2, 11), True),
        (date(2027, 5, 3), False),  # 1/5/2027 is a Saturday: made up on Monday
        (date(2027, 9, 2), False),  # Thursday; the adjacent day is Friday 3/9 (library rule)
        (date(2027, 9, 3), False),
        (date(2027, 9, 6), True),
        (date(2027, 11, 24), False),  # a Wednesday, so a day off
        (date(2025, 3, 1), False),  # plain Saturday
        (date(2025, 3, 2), False),  # plain Sunday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert calendar.is_working_day(day) is working


def test_day_helpers() -> None:
    assert calendar.next_working_day(date(2025, 1, 24)) == date(2025, 2, 3)
    assert calendar.next_working_day(date(2025, 2, 3)) == date(2025, 2, 4)
    assert calendar.working_day_on_or_after(date(2025, 2, 3)) == date(2025, 2, 3)
    assert calendar.working_day_on_or_after(date(2025, 2, 1)) == date(2025, 2, 3)
    assert calendar.add_working_days(date(2025, 1, 24), 0) == date(2025, 1, 24)
    assert calendar.add_working_days(date(2025, 1, 24), 2) == date(2025, 2, 4)
    assert calendar.working_days_between(date(2025, 1, 24), date(2025, 2, 4)) == 2
    assert calendar.working_days_between(date(2025, 2, 4), date(2025, 1, 24)) == 0
    with pytest.raises(ValueError, match="không được âm"):
        calendar.add_working_days(date(2025, 1, 24), -1)


def test_seeded_rows_name_their_basis() -> None:
    rows = list(CalendarDay.objects.filter(date__year__in=[2025, 2026]))
    assert len(rows) == 19
    for row in rows:
        assert row.legal_basis and row.reason
        assert len(row.reason) <= 200 and len(row.legal_basis) <= 200


# --- due dates around holidays --------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2025, 1, 24), close_of(2025, 2, 5)),  # Fri before Tết → Mon 3, Tue 4, Wed 5/2
        (at(2026, 2, 13), close_of(2026, 2, 25)),  # Fri before 9 days off → Mon 23 … Wed 25/2
        (at(2027, 2, 3), close_of(2027, 2, 15)),  # Wed before Tết 2027 → Thu 11, Fri 12, Mon 15
    ],
)
def test_three_days_received_just_before_tet_end_after_it(
    received: datetime, due: datetime
) -> None:
    assert calendar.due_at(received, working_days=3) == due


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # 2025: 30/4, 1/5, 2/5 (swap) off; Saturday 26/4 worked.
        (at(2025, 4, 25), 1, close_of(2025, 4, 26)),
        (at(2025, 4, 25), 3, close_of(2025, 4, 29)),
        (at(2025, 4, 25), 4, close_of(2025, 5, 5)),
        # 2026: Mon 27/4 (Giỗ Tổ made up), Thu 30/4, Fri 1/5 off.
        (at(2026, 4, 24), 1, close_of(2026, 4, 28)),
        (at(2026, 4, 29), 1, close_of(2026, 5, 4)),
        # 2027: Fri 30/4; 1/5 on Saturday made up on Mon 3/5.
        (at(2027, 4, 29), 1, close_of(2027, 5, 4)),
        # 2/9 and its adjacent day: 2025 Mon 1 + Tue 2/9.
        (at(2025, 8, 29), 1, close_of(2025, 9, 3)),
        # 2026: Mon 31/8 (swap), Tue 1/9, Wed 2/9 off; Saturday 22/8 worked.
        (at(2026, 8, 28), 1, close_of(2026, 9, 3)),
        (at(2026, 8, 21), 1, close_of(2026, 8, 22)),
        # 2027: Thu 2/9 + Fri 3/9.
        (at(2027, 9, 1), 1, close_of(2027, 9, 6)),
        # 24/11: Tuesday in 2026, Wednesday in 2027.
        (at(2026, 11, 23), 1, close_of(2026, 11, 25)),
        (at(2027, 11, 23), 1, close_of(2027, 11, 25)),
        # New Year 2026: Fri 2/1 off, Saturday 10/1 worked.
        (at(2025, 12, 31), 1, close_of(2026, 1, 5)),
        (at(2026, 1, 9), 1, close_of(2026, 1, 10)),
    ],
)
def test_due_dates_around_holidays(received: datetime, days: int, due: datetime) -> None:
    assert calendar.due_at(received, working_days=days) == due


@pytest.mark.urls("tinhso.workcalendar.tests.urls")
def test_extra_day_off_added_by_admin_moves_the_due_date(admin_client) -> None:
    received = at(2025, 3, 3)  # Monday
    assert calendar.due_at(received, working_days=1) == close_of(2025, 3, 4)  # year now cached

    response = admin_client.post(
        "/quan-tri/workcalendar/calendarday/add/",
        {
            "date": "2025-03-04",
            "reason": "Nghỉ đột xuất theo quyết định của UBND tỉnh",
            "legal_basis": "Quyết định thử nghiệm",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = CalendarDay.objects.get(date=date(2025, 3, 4))
    assert added.is_working_day is False
    assert AuditEvent.objects.filter(action="admin.add", object_id=str(added.pk)).exists()
    assert calendar.due_at(received, working_days=1) == close_of(2025, 3, 5)

    CalendarDay.objects.filter(date=date(2025, 3, 4)).get().delete()
    assert calendar.due_at(received, working_days=1) == close_of(2025, 3, 4)


def test_saturday_declared_working_by_admin_counts() -> None:
    assert calendar.due_at(at(2025, 3, 7), working_days=1) == close_of(2025, 3, 10)
    CalendarDay.objects.create(date=date(2025, 3, 8), is_working_day=True, reason="Làm bù")
    assert calendar.due_at(at(2025, 3, 7), working_days=1) == close_of(2025, 3, 8)


@pytest.mark.urls("tinhso.workcalendar.tests.urls")
def test_admin_lists_and_filters_by_year(admin_client) -> None:
    response = admin_client.get("/quan-tri/workcalendar/calendarday/", {"nam": "2026"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bính Ngọ" in body and "Ất Tỵ" not in body


# --- reception time -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2025, 3, 3, 16, 59), close_of(2025, 3, 4)),  # Monday, in office hours
        (at(2025, 3, 3, 17, 0), close_of(2025, 3, 4)),  # at close: still that day
        (at(2025, 3, 3, 17, 1), close_of(2025, 3, 5)),  # after close: received Tuesday
        (at(2025, 3, 3, 6, 0), close_of(2025, 3, 4)),  # before opening: still Monday
        (at(2025, 3, 1), close_of(2025, 3, 4)),  # Saturday: received Monday, day 1 is Tuesday
        (at(2025, 3, 2, 23, 59), close_of(2025, 3, 4)),  # Sunday night
    ],
)
def test_reception_after_close_or_on_weekend(received: datetime, due: datetime) -> None:
    assert calendar.due_at(received, working_days=1) == due


def test_received_instant_in_utc_is_read_in_local_time() -> None:
    # 2025-03-03 10:30 UTC = 17:30 in Hà Nội: after close.
    received = datetime(2025, 3, 3, 10, 30, tzinfo=UTC)
    assert calendar.effective_reception_date(received) == date(2025, 3, 4)
    assert calendar.due_at(received, working_days=1) == close_of(2025, 3, 5)


def test_zero_days_is_same_day_close() -> None:
    assert calendar.due_at(at(2025, 3, 3), working_days=0) == close_of(2025, 3, 3)
    assert calendar.due_at(at(2025, 3, 1), working_days=0) == close_of(2025, 3, 3)


# --- same-day procedures (regulations §1.5) -------------------------------------------------

CUTOFF = time(15, 0)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2025, 3, 3, 14, 59), close_of(2025, 3, 3)),
        (at(2025, 3, 3, 15, 0), close_of(2025, 3, 3)),
        (at(2025, 3, 3, 15, 1), close_of(2025, 3, 4)),
        (at(2025, 3, 7, 15, 30), close_of(2025, 3, 10)),  # Friday after the cut-off → Monday
        (at(2025, 3, 8, 9, 0), close_of(2025, 3, 10)),  # Saturday
        (at(2025, 4, 29, 15, 30), close_of(2025, 5, 5)),  # before 30/4 – 2/5/2025
    ],
)
def test_same_day_cutoff(received: datetime, due: datetime) -> None:
    assert calendar.due_at(received, hours=8, same_day_cutoff=CUTOFF) == due


def test_hours_run_as_working_time_from_reception_not_as_same_day() -> None:
    # Issue 12 §5: 4 hours from 16:00 are 1 h on Monday and 3 h on Tuesday (not Monday 17:00).
    assert calendar.due_at(at(2025, 3, 3, 16, 0), hours=4) == at(2025, 3, 4, 10, 30)
    assert calendar.due_at(at(2025, 3, 3, 17, 30), hours=4) == at(2025, 3, 4, 11, 30)
    # Only a procedure that says "trong ngày" gets the same-day rule.
    assert calendar.due_at(at(2025, 3, 3, 16, 0), hours=4, same_day=True) == close_of(2025, 3, 3)


def test_hours_longer_than_an_office_day_run_as_working_time() -> None:
    # 19 h on 8 h days (lunch 11:30–13:00 excluded): Mon 10:00–17:00 (5.5 h), Tue (8 h),
    # Wed 07:30–11:30 (4 h) and 13:00–14:30 (1.5 h).
    assert calendar.due_at(at(2025, 3, 3, 10, 0), hours=19) == at(2025, 3, 5, 14, 30)
    # Received Friday evening: the clock starts Monday 07:30; Mon 8 h, Tue 8 h, Wed 3 h.
    assert calendar.due_at(at(2025, 3, 7, 18, 0), hours=19) == at(2025, 3, 12, 10, 30)


def test_exactly_one_of_days_or_hours() -> None:
    with pytest.raises(ValueError, match="đúng một trong hai"):
        calendar.due_at(at(2025, 3, 3))
    with pytest.raises(ValueError, match="đúng một trong hai"):
        calendar.due_at(at(2025, 3, 3), working_days=1, hours=4)
    with pytest.raises(ValueError, match="không âm"):
        calendar.due_at(at(2025, 3, 3), working_days=-1)
    with pytest.raises(ValueError, match="múi giờ"):
        calendar.due_at(datetime(2025, 3, 3, 10, 0), working_days=1)


# --- fractional days and working time -------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "due"),
    [
        # under one day: half a working day (4 h of office time) from reception, lunch excluded
        (Decimal("0.5"), at(2025, 3, 3, 15, 30)),
        (Decimal("1"), close_of(2025, 3, 4)),
        (Decimal("1.5"), at(2025, 3, 5, 11, 30)),
        (Decimal("2.25"), at(2025, 3, 6, 9, 30)),  # Tue, Wed, then Thu 07:30 + 2 h
        (Decimal("4.5"), at(2025, 3, 10, 11, 30)),  # Tue–Fri, then Monday 10/3
    ],
)
def test_fractional_days(days: Decimal, due: datetime) -> None:
    assert calendar.due_at(at(2025, 3, 3, 10, 0), working_days=days) == due


def test_fraction_across_tet() -> None:
    assert calendar.due_at(at(2025, 1, 23), working_days=Decimal("1.5")) == at(2025, 2, 3, 11, 30)


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (at(2025, 3, 3, 10, 0), Decimal(1), at(2025, 3, 4, 10, 0)),
        (at(2025, 3, 3, 6, 0), Decimal(1), close_of(2025, 3, 3)),  # before opening
        (at(2025, 3, 7, 16, 0), Decimal("0.5"), at(2025, 3, 10, 10, 30)),  # over the weekend
        (at(2025, 3, 3, 17, 0), Decimal("0.5"), at(2025, 3, 4, 11, 30)),  # from close
        (at(2025, 1, 24, 16, 0), Decimal(1), at(2025, 2, 3, 16, 0)),  # 1 h Fri, 7 h Mon
        (at(2025, 3, 3, 10, 0), Decimal(0), at(2025, 3, 3, 10, 0)),
    ],
)
def test_add_working_time(start: datetime, days: Decimal, end: datetime) -> None:
    assert calendar.add_working_time(start, days) == end


def test_working_days_elapsed() -> None:
    assert calendar.working_days_elapsed(at(2025, 3, 3, 7, 30), at(2025, 3, 5, 12, 15)) == Decimal(
        "2.50"
    )
    # Over Tết only the office hours of Fri 24/1 and Mon 3/2 count.
    assert calendar.working_days_elapsed(at(2025, 1, 24, 12, 15), close_of(2025, 2, 3)) == Decimal(
        "1.50"
    )
    assert calendar.working_days_elapsed(at(2025, 3, 8), at(2025, 3, 9)) == Decimal("0.00")
    assert calendar.working_days_elapsed(at(2025, 3, 5), at(2025, 3, 3)) == Decimal("0.00")


# --- pauses ---------------------------------------------------------------------------------


# Pauses (waiting for a supplement) do not count (Nghị định 118/2025/NĐ-CP): the deadline moves
# by exactly the office time the pause covered. Office hours 07:30–11:30 and 13:00–17:00
# (8 h; the default OFFICE_PERIODS); December 2026 has no
# holidays; the deadline is Thursday 10/12/2026 17:00 unless said.
THURSDAY = (2026, 12, 10)


@pytest.mark.parametrize(
    ("due", "paused", "resumed", "expected"),
    [
        # Issue 12 §6: a pause Tuesday 07:35 → 16:55 must not lose the agency a day (7 h 50 min).
        (THURSDAY, (2026, 12, 8, 7, 35), (2026, 12, 8, 16, 55), (2026, 12, 11, 16, 50)),
        # Tuesday 16:50 → Wednesday 07:35 must not gain a day (15 min of office time).
        (THURSDAY, (2026, 12, 8, 16, 50), (2026, 12, 9, 7, 35), (2026, 12, 11, 7, 45)),
        # Tuesday 09:00 → Friday 16:30: the 22.5 h left on Tuesday 09:00 are left on Friday 16:30.
        (THURSDAY, (2026, 12, 8, 9, 0), (2026, 12, 11, 16, 30), (2026, 12, 16, 15, 0)),
        # Friday 10:00 → Monday 09:00 over a weekend: 5 h 30 min + 1 h 30 min.
        ((2025, 3, 12), (2025, 3, 7, 10, 0), (2025, 3, 10, 9, 0), (2025, 3, 13, 16, 0)),
        # Over Tết 2025 (25/1–2/2 off): Fri 24/1 10:00 → Wed 5/2 09:00 covers 5.5 + 8 + 8 + 1.5 h.
        ((2025, 2, 7), (2025, 1, 24, 10, 0), (2025, 2, 5, 9, 0), (2025, 2, 12, 16, 0)),
        # A pause on a non-working day covers no office time: nothing moves.
        ((2025, 3, 12), (2025, 3, 8, 9, 0), (2025, 3, 9, 16, 0), (2025, 3, 12, 17, 0)),
    ],
)
def test_a_pause_moves_the_deadline_by_the_office_time_it_covered(
    due: tuple[int, ...],
    paused: tuple[int, ...],
    resumed: tuple[int, ...],
    expected: tuple[int, ...],
) -> None:
    deadline = close_of(*due)
    moved = calendar.resume_due_at(deadline, at(*paused), at(*resumed))
    assert moved == at(*expected)
    # What was left when the clock stopped is what is left when it restarts.
    left_at_pause = calendar.working_time_between(at(*paused), deadline)
    assert calendar.working_time_between(at(*resumed), moved) == left_at_pause


def test_a_deadline_mid_day_keeps_its_clock_time_after_a_whole_office_day() -> None:
    moved = calendar.resume_due_at(at(2025, 3, 4, 10, 15), at(2025, 3, 3, 9), at(2025, 3, 4, 9))
    assert moved == at(2025, 3, 5, 10, 15)


# --- timeliness -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        (at(2025, 3, 4, 16, 0), "early"),
        (at(2025, 3, 5, 0, 1), "on_time"),
        (at(2025, 3, 5, 17, 0), "on_time"),
        (at(2025, 3, 5, 17, 0, 1), "late"),
        (at(2025, 3, 6, 8, 0), "late"),
        (datetime(2025, 3, 4, 20, 0, tzinfo=UTC), "on_time"),  # 03:00 on 5/3 in Hà Nội
    ],
)
def test_timeliness(finished: datetime, expected: str) -> None:
    assert calendar.timeliness(close_of(2025, 3, 5), finished) == expected


def test_timeliness_values_match_dossier_constants() -> None:
    from tinhso.dossiers.constants import Timeliness

    assert {t.value for t in Timeliness} == {"early", "on_time", "late"}


# --- API ------------------------------------------------------------------------------------


@pytest.fixture
def api() -> TestClient:
    return TestClient(router)


def test_api_due_date(api: TestClient) -> None:
    response = api.get(
        "/due-date",
        query_params={"received_at": "2025-01-24T10:00:00+07:00", "working_days": "3"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["due_at"] == "2025-02-05T17:00:00+07:00"
    assert body["working_days"] == 3
    assert body["hours"] is None


def test_api_naive_and_utc_times_are_read_as_vietnam_time(api: TestClient) -> None:
    for received in ("2025-01-24T10:00:00", "2025-01-24T03:00:00Z"):
        body = api.get(
            "/due-date", query_params={"received_at": received, "working_days": "3"}
        ).json()
        assert body["received_at"] == "2025-01-24T10:00:00+07:00"
        assert body["due_at"] == "2025-02-05T17:00:00+07:00"


def test_api_hours_with_cutoff(api: TestClient) -> None:
    params = {"received_at": "2025-03-07T15:30:00", "hours": "8", "cutoff": "15:00"}
    body = api.get("/due-date", query_params=params).json()
    assert body["due_at"] == "2025-03-10T17:00:00+07:00"
    assert body["cutoff"] == "15:00"


def test_api_fractional_days(api: TestClient) -> None:
    params = {"received_at": "2025-03-03T10:00:00+07:00", "working_days": "0.5"}
    assert api.get("/due-date", query_params=params).json()["due_at"] == (
        "2025-03-03T15:30:00+07:00"
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"received_at": "2025-01-24T10:00:00", "working_days": "3", "hours": "4"}, "đúng một"),
        ({"received_at": "2025-01-24T10:00:00"}, "đúng một"),
        ({"received_at": "24/01/2025", "working_days": "3"}, "ISO 8601"),
        ({"received_at": "2025-02-30T10:00:00", "working_days": "3"}, "ISO 8601"),
        ({"received_at": "2025-01-24T10:00:00", "working_days": "366"}, "từ 0 đến 365"),
        ({"received_at": "2025-01-24T10:00:00", "working_days": "-1"}, "từ 0 đến 365"),
        ({"received_at": "2025-01-24T10:00:00", "working_days": "ba"}, "phải là một số"),
        ({"received_at": "2025-01-24T10:00:00", "hours": "4", "cutoff": "3pm"}, "HH:MM"),
    ],
)
def test_api_rejects_bad_requests_in_vietnamese(
    api: TestClient, params: dict[str, str], message: str
) -> None:
    response = api.get("/due-date", query_params=params)
    assert response.status_code == 422
    assert message in response.json()["detail"]
