"""Properties of the working-day calendar (hypothesis): reception days and elapsed time."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinhso.workcalendar import calendar

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _fresh_cache():
    calendar.clear_cache()
    yield
    calendar.clear_cache()


# --- property -------------------------------------------------------------------------------


def _expected_reception_day(received: datetime) -> date:
    local = received.astimezone(VN)
    if calendar.is_working_day(local.date()) and local.time() <= time(17, 0):
        return local.date()
    day = local.date() + timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    received=st.datetimes(
        min_value=datetime(2024, 1, 1),  # hypothesis wants naive bounds
        max_value=datetime(2027, 10, 31),
        timezones=st.sampled_from([VN, UTC]),
    ),
    n=st.integers(min_value=1, max_value=60),
)
def test_property_n_working_days(received: datetime, n: int) -> None:
    due = calendar.due_at(received, working_days=n)
    assert due.tzinfo is not None and due > received
    local_due = due.astimezone(VN)
    assert local_due.time() == time(17, 0)
    assert calendar.is_working_day(local_due.date())
    start = _expected_reception_day(received)
    assert calendar.working_days_between(start, local_due.date()) == n
    # The deadline is the first day with N working days behind it.
    assert calendar.working_days_between(start, local_due.date() - timedelta(days=1)) == n - 1


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    start=st.datetimes(
        min_value=datetime(2025, 1, 1),
        max_value=datetime(2026, 12, 31),
        timezones=st.just(VN),
    ),
    days=st.decimals(min_value=0, max_value=30, places=2),
)
def test_property_elapsed_inverts_add_working_time(start: datetime, days: Decimal) -> None:
    end = calendar.add_working_time(start, days)
    assert calendar.working_days_elapsed(start, end) == days
