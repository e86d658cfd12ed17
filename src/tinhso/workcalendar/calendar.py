"""Working days and deadlines: the single place the working-time rule lives.

Legal basis
- Bộ luật Lao động 2019 (45/2019/QH14), Điều 111: weekly rest; a holiday falling on the weekly
  rest day is made up on the next working day. Điều 112: public holidays (1/1, five Tết days,
  Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 and one adjacent day); the Prime Minister fixes the Tết days
  and the second National Day day each year (annual notices of Bộ LĐTBXH, from 2026 Bộ Nội vụ).
  The public sector works Monday–Friday (QĐ 188/1999/QĐ-TTg, 40-hour week).
- Bộ luật Dân sự 2015, Điều 147–148: a period counted in days starts on the day after the event
  and ends at the end of its last day; a last day that is a rest day moves to the next working day.
- Nghị định 118/2025/NĐ-CP and Thông tư 03/2025/TT-VPCP: time limits of administrative
  procedures are in working days from valid reception; supplement requests stop the clock; results
  are reported as trước hạn / đúng hạn / quá hạn.

Sources of the calendar: the `holidays` library (statutory holidays, make-up days, the swaps it
knows), overridden by `CalendarDay` rows (annual notices, swaps, days the library lacks).

Conventions
- Office hours are settings.OFFICE_OPENS_AT–OFFICE_CLOSES_AT in settings.TIME_ZONE; a deadline
  normally ends at office close. "After close" / "after the cut-off" means strictly later: a
  dossier received at exactly 15:00 with a 15:00 cut-off is still a same-day one.
- Every datetime argument must be timezone-aware; results are aware, in local time.
- Fractions of a day are fractions of the office day (closing minus opening time).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

Timeliness = Literal["early", "on_time", "late"]  # = tinhso.dossiers.constants.Timeliness values

_SCAN_LIMIT_DAYS = 366  # no year has a whole year without a working day
_ONE_DAY = timedelta(days=1)
_MICROSECOND = timedelta(microseconds=1)

__all__ = [
    "Timeliness",
    "add_working_days",
    "add_working_time",
    "add_working_timedelta",
    "clear_cache",
    "due_at",
    "effective_reception_date",
    "is_provisional_holiday",
    "is_working_day",
    "library_holidays",
    "next_working_day",
    "provisional_holidays_between",
    "resume_due_at",
    "timeliness",
    "working_day_on_or_after",
    "working_days_between",
    "working_days_elapsed",
    "working_time_between",
]


# --- calendar of days -----------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _exceptions_of_year(year: int) -> dict[date, bool]:
    """Days of `year` whose status differs from "Monday–Friday work, weekend rest"."""
    from tinhso.workcalendar.models import CalendarDay

    # The next year is populated too: a substitution may put its Saturday in the previous year.
    library = holidays.country_holidays("VN", years=(year, year + 1))
    table: dict[date, bool] = {}
    day = date(year, 1, 1)
    while day.year == year:
        working = library.is_working_day(day)  # observed days and known swaps included
        if working != (day.weekday() < 5):
            table[day] = working
        day += _ONE_DAY
    for override_date, working in CalendarDay.objects.filter(date__year=year).values_list(
        "date", "is_working_day"
    ):
        table[override_date] = working
    return table


def clear_cache() -> None:
    """Forget the cached years; called when a CalendarDay or CalendarYear is saved or deleted."""
    _exceptions_of_year.cache_clear()
    _provisional_of_year.cache_clear()


def is_working_day(d: date) -> bool:
    """Monday–Friday minus VN holidays (incl. observed days), then CalendarDay overrides."""
    return _exceptions_of_year(d.year).get(d, d.weekday() < 5)


def next_working_day(d: date) -> date:
    """The first working day strictly after `d`."""
    candidate = d
    for _ in range(_SCAN_LIMIT_DAYS):
        candidate += _ONE_DAY
        if is_working_day(candidate):
            return candidate
    raise RuntimeError(f"Không có ngày làm việc nào trong một năm sau ngày {d:%d/%m/%Y}.")


def working_day_on_or_after(d: date) -> date:
    return d if is_working_day(d) else next_working_day(d)


def add_working_days(d: date, n: int) -> date:
    """The n-th working day after `d` (n=0 gives `d` itself)."""
    if n < 0:
        raise ValueError("Số ngày làm việc không được âm.")
    for _ in range(n):
        d = next_working_day(d)
    return d


def working_days_between(start: date, end: date) -> int:
    """Number of working days d with start < d <= end (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += _ONE_DAY
        count += is_working_day(day)
    return count


# --- office hours ---------------------------------------------------------------------------


def _tz() -> tzinfo:
    return timezone.get_default_timezone()


def _office_hours() -> tuple[time, time]:
    opens = time.fromisoformat(settings.OFFICE_OPENS_AT)
    closes = time.fromisoformat(settings.OFFICE_CLOSES_AT)
    if closes <= opens:
        raise ImproperlyConfigured("OFFICE_CLOSES_AT must be later than OFFICE_OPENS_AT.")
    return opens, closes


def _office_day() -> timedelta:
    opens, closes = _office_hours()
    return datetime.combine(date.min, closes) - datetime.combine(date.min, opens)


def _at(d: date, t: time) -> datetime:
    return datetime.combine(d, t, tzinfo=_tz())


def _local(value: datetime) -> datetime:
    if timezone.is_naive(value):
        raise ValueError("Thời điểm phải kèm múi giờ (ví dụ +07:00).")
    return timezone.localtime(value, _tz())


def _amount(value: Decimal | int, label: str) -> Decimal:
    amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{label} phải là số không âm.")
    return amount


def _office_days_to_timedelta(days: Decimal) -> timedelta:
    micro = (Decimal(_office_day() // _MICROSECOND) * days).to_integral_value(ROUND_HALF_UP)
    return timedelta(microseconds=int(micro))


def _into_office_time(local: datetime) -> datetime:
    """The first instant at or after `local` that lies inside office hours of a working day."""
    opens, closes = _office_hours()
    day = local.date()
    if is_working_day(day):
        if local.time() < opens:
            return _at(day, opens)
        if local.time() < closes:
            return local
    return _at(next_working_day(day), opens)


# --- deadlines ------------------------------------------------------------------------------


def effective_reception_date(received_at: datetime) -> date:
    """The working day a dossier counts as received on.

    Received on a non-working day, or after office close, it counts as received on the next
    working day; counting of a time limit in days starts on the working day after this one.
    """
    local = _local(received_at)
    _opens, closes = _office_hours()
    if is_working_day(local.date()) and local.time() <= closes:
        return local.date()
    return next_working_day(local.date())


def add_working_time(start: datetime, days: Decimal | int) -> datetime:
    """`start` plus `days` office days of working time (for step deadlines).

    Time only runs inside office hours of working days; if `start` is inside them the rest of
    that day counts. A whole number of days from an opening time ends at office close.
    """
    return add_working_timedelta(
        start, _office_days_to_timedelta(_amount(days, "Số ngày làm việc"))
    )


def add_working_timedelta(start: datetime, remaining: timedelta) -> datetime:
    """`start` plus `remaining` of working time (office hours of working days only)."""
    opens, closes = _office_hours()
    cursor = _into_office_time(_local(start))
    while True:
        available = _at(cursor.date(), closes) - cursor
        if remaining <= available:
            return cursor + remaining
        remaining -= available
        cursor = _at(next_working_day(cursor.date()), opens)


def working_time_between(start: datetime, end: datetime) -> timedelta:
    """The working time (office hours of working days) between two instants; 0 if end <= start."""
    first, last = _local(start), _local(end)
    if last <= first:
        return timedelta(0)
    opens, closes = _office_hours()
    total = timedelta(0)
    day = first.date()
    while day <= last.date():
        if is_working_day(day):
            lower = max(first, _at(day, opens))
            upper = min(last, _at(day, closes))
            if upper > lower:
                total += upper - lower
        day += _ONE_DAY
    return total


def due_at(
    received_at: datetime,
    *,
    working_days: Decimal | int | None = None,
    hours: Decimal | int | None = None,
    same_day_cutoff: time | None = None,
) -> datetime:
    """The deadline of a dossier validly received at `received_at`.

    working_days=N: counted from the first working day after the (effective) reception date,
    ends at office close of the N-th working day; N=0 is office close of the reception day. A
    fractional part is added as a fraction of the office day from the opening of the next working
    day (0.5 → opening + half an office day on the day after the whole days).

    hours=H: same-day rule (regulations §1.5) when a cut-off is given, or when H fits in one
    office day (the cut-off is then the closing time): received on a working day at or before the
    cut-off → office close that day, otherwise office close of the next working day. Longer
    H runs as working time from reception (see add_working_time).
    """
    local = _local(received_at)
    if working_days is not None and hours is None:
        return _due_in_days(local, _amount(working_days, "Số ngày làm việc"))
    if hours is not None and working_days is None:
        return _due_in_hours(local, _amount(hours, "Số giờ"), same_day_cutoff)
    raise ValueError("Phải cho đúng một trong hai: số ngày làm việc hoặc số giờ.")


def _due_in_days(local: datetime, days: Decimal) -> datetime:
    opens, closes = _office_hours()
    received_on = effective_reception_date(local)
    if days == 0:
        return _at(received_on, closes)
    return add_working_time(_at(next_working_day(received_on), opens), days)


def _due_in_hours(local: datetime, hours: Decimal, cutoff: time | None) -> datetime:
    _opens, closes = _office_hours()
    office_hours = Decimal(_office_day() // _MICROSECOND) / Decimal(3_600_000_000)
    if cutoff is None and hours > office_hours:
        return add_working_time(local, hours / office_hours)
    cutoff = min(cutoff or closes, closes)
    if is_working_day(local.date()) and local.time() <= cutoff:
        return _at(local.date(), closes)
    return _at(next_working_day(local.date()), closes)


def resume_due_at(due_at: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
    """The deadline after a pause (e.g. waiting for a supplement), which does not count.

    Nghị định 118/2025/NĐ-CP: the time the dossier waits for the applicant is not counted in
    the time limit. So the deadline moves later by exactly the working time the pause covered:
    the working time left when the clock stopped is the working time left when it restarts
    (a pause from 07:35 to 16:55 of one day moves it by 9 h 20 min of office time, not a whole
    day; one from 16:50 to 07:35 the next morning by 15 minutes, not a day).
    """
    covered = working_time_between(paused_at, resumed_at)
    if not covered:
        return due_at  # a pause outside office hours moves nothing
    return add_working_timedelta(due_at, covered)


def timeliness(due_at: datetime, finished_at: datetime) -> Timeliness:
    """Classify a finished dossier or step: "early" | "on_time" | "late".

    TT 03/2025/TT-VPCP statistics report results as trước hạn / đúng hạn / quá hạn:
    late (quá hạn) when finished after the deadline; early (trước hạn) when finished on a
    calendar day before the deadline's day; otherwise on time (đúng hạn, on the due day).
    """
    if finished_at > due_at:
        return "late"
    if _local(finished_at).date() < _local(due_at).date():
        return "early"
    return "on_time"


def working_days_elapsed(start: datetime, end: datetime) -> Decimal:
    """Working time between two instants, in office days, 2 decimals (0 when end <= start)."""
    total = working_time_between(start, end)
    ratio = Decimal(total // _MICROSECOND) / Decimal(_office_day() // _MICROSECOND)
    return ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- provisional ("dự kiến") holidays -------------------------------------------------------
# Bộ luật Lao động 2019, Điều 112 khoản 3: the Prime Minister fixes the Tết days and the day next
# to 2/9 each year, announced by the yearly Thông báo of Bộ LĐTBXH (from 2025 Bộ Nội vụ) on the
# Tết and National Day holidays. Before that notice is entered (CalendarYear.confirmed), the
# days the `holidays` library computes for the year are only a forecast: deadlines over them are
# counted with them, but reported as "dự kiến". A CalendarDay row for a day is the notice's word
# on it (entered by an administrator), so that day is never provisional.


def library_holidays(year: int) -> dict[date, str]:
    """The holidays the `holidays` library computes for `year`, with their Vietnamese names."""
    library = holidays.country_holidays("VN", years=year, language="vi")
    return {day: str(name) for day, name in sorted(library.items()) if day.year == year}


@functools.lru_cache(maxsize=32)
def _provisional_of_year(year: int) -> frozenset[date]:
    from tinhso.workcalendar.models import CalendarDay, CalendarYear

    if CalendarYear.objects.filter(year=year, confirmed=True).exists():
        return frozenset()
    overridden = set(CalendarDay.objects.filter(date__year=year).values_list("date", flat=True))
    return frozenset(day for day in library_holidays(year) if day not in overridden)


def is_provisional_holiday(d: date) -> bool:
    """True when `d` is a holiday taken from the library for a year whose notice is not confirmed.

    Tết 2027 (04–10/02/2027) is one until a 2027 CalendarYear is marked confirmed or the days
    are entered as CalendarDay rows; every 2026 holiday is confirmed (Thông báo 9441/TB-BNV).
    """
    return d in _provisional_of_year(d.year)


def provisional_holidays_between(first: date, last: date) -> list[date]:
    """The provisional holidays d with first <= d <= last, in order."""
    return sorted(
        day
        for year in range(first.year, last.year + 1)
        for day in _provisional_of_year(year)
        if first <= day <= last
    )
