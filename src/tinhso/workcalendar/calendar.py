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
- Office hours are the periods of settings.OFFICE_PERIODS (a morning and an afternoon period,
  lunch excluded; default 07:30–11:30 and 13:00–17:00) in settings.TIME_ZONE, the first opening
  and the last closing moved by OFFICE_OPENS_AT / OFFICE_CLOSES_AT when those are set. Working
  time runs only inside the periods of working days (Nghị định 118/2025/NĐ-CP counts time limits
  in working time; the lunch break is not working time — Bộ luật Lao động 2019 Điều 109).
  A deadline in days normally ends at office close. "After close" / "after the cut-off" means
  strictly later: a dossier received at exactly 15:00 with a 15:00 cut-off is a same-day one.
- Every datetime argument must be timezone-aware; results are aware, in local time.
- A working day is the sum of the periods (8 h by default); fractions of a day are fractions
  of that sum: half a working day is 4 h of office time, wherever lunch falls.
"""

from __future__ import annotations

import functools
import itertools
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
    "office_day_hours",
    "office_periods",
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


def working_day_before(d: date) -> date:
    """The last working day strictly before `d` (Mẫu 04 is issued "chậm nhất 01 ngày trước
    ngày hết hạn", Nghị định 118/2025/NĐ-CP: the working day before the return date)."""
    candidate = d
    for _ in range(_SCAN_LIMIT_DAYS):
        candidate -= _ONE_DAY
        if is_working_day(candidate):
            return candidate
    raise RuntimeError(f"Không có ngày làm việc nào trong một năm trước ngày {d:%d/%m/%Y}.")


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


@functools.lru_cache(maxsize=8)
def _parse_periods(raw: str, opens: str, closes: str) -> tuple[tuple[time, time], ...]:
    try:
        bounds = [
            [time.fromisoformat(bound.strip()) for bound in part.split("-")]
            for part in raw.split(",")
        ]
        bounds[0][0] = time.fromisoformat(opens)
        bounds[-1][-1] = time.fromisoformat(closes)
    except (ValueError, IndexError):
        raise ImproperlyConfigured(
            f"OFFICE_PERIODS={raw!r}: dùng dạng HH:MM-HH:MM,HH:MM-HH:MM "
            "(ví dụ 07:30-11:30,13:00-17:00)."
        ) from None
    flat = [bound for period in bounds for bound in period]
    if any(len(period) != 2 for period in bounds) or any(
        a >= b for a, b in itertools.pairwise(flat)
    ):
        raise ImproperlyConfigured(
            f"Giờ làm việc {raw!r} (mở cửa {opens}, đóng cửa {closes}): mỗi buổi phải kết thúc "
            "sau khi bắt đầu và trước buổi sau."
        )
    return tuple((period[0], period[1]) for period in bounds)


def office_periods() -> tuple[tuple[time, time], ...]:
    """The office periods of a working day, in order (settings.OFFICE_PERIODS).

    The first opening is settings.OFFICE_OPENS_AT and the last closing OFFICE_CLOSES_AT (both
    default to the ends of OFFICE_PERIODS), so a province that set only those keeps them.
    """
    return _parse_periods(
        settings.OFFICE_PERIODS, settings.OFFICE_OPENS_AT, settings.OFFICE_CLOSES_AT
    )


def _office_hours() -> tuple[time, time]:
    """The first opening and the last closing of a working day."""
    periods = office_periods()
    return periods[0][0], periods[-1][1]


def _span(opens: time, closes: time) -> timedelta:
    return datetime.combine(date.min, closes) - datetime.combine(date.min, opens)


def _office_day() -> timedelta:
    """A working day: the sum of the office periods (lunch excluded)."""
    return sum((_span(opens, closes) for opens, closes in office_periods()), timedelta(0))


def office_day_hours() -> Decimal:
    """Hours of office time in a working day (8 with the default periods)."""
    return Decimal(_office_day() // _MICROSECOND) / Decimal(3_600_000_000)


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


def _into_office_time(local: datetime) -> tuple[datetime, datetime]:
    """The first instant at or after `local` inside an office period of a working day, and the
    end of that period. An instant at the end of a period (11:30) moves to the next (13:00)."""
    day = local.date()
    if is_working_day(day):
        for opens, closes in office_periods():
            if local.time() < opens:
                return _at(day, opens), _at(day, closes)
            if local.time() < closes:
                return local, _at(day, closes)
    opens, closes = office_periods()[0]
    following = next_working_day(day)
    return _at(following, opens), _at(following, closes)


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
    """`start` plus `remaining` of working time (office periods of working days only).

    Time that ends exactly at the end of a period ends there (4 h from 07:30 is 11:30, not
    13:00); time left over continues at the start of the next period.
    """
    cursor, period_end = _into_office_time(_local(start))
    while True:
        available = period_end - cursor
        if remaining <= available:
            return cursor + remaining
        remaining -= available
        cursor, period_end = _into_office_time(period_end)


def working_time_between(start: datetime, end: datetime) -> timedelta:
    """The working time (office periods of working days) between two instants; 0 if end <= start."""
    first, last = _local(start), _local(end)
    if last <= first:
        return timedelta(0)
    total = timedelta(0)
    day = first.date()
    while day <= last.date():
        if is_working_day(day):
            for opens, closes in office_periods():
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
    same_day: bool = False,
) -> datetime:
    """The deadline of a dossier validly received at `received_at`.

    working_days=N (Bộ luật Dân sự 2015 Điều 147: a period in days starts the day after the
    event): counted from the first working day after the (effective) reception date, ends at
    office close of the N-th working day; N=0 is office close of the reception day. A fractional
    part is a fraction of the working day (the sum of the office periods) from the opening of
    the next working day (1.5 → one day, then 4 h of office time: 07:30–11:30 after it).
    A limit shorter than one working day (0 < N < 1, e.g. "nửa ngày làm việc") has no whole day
    to start "the day after": it runs, like hours, as N × the working day of office time from
    valid reception (0.5 received Monday 10:00 → Monday 15:30 with 07:30–11:30, 13:00–17:00).

    hours=H (Bộ luật Dân sự 2015 Điều 147 khoản 1: a period in hours starts at the event):
    H hours of office time counted from valid reception, inside the office periods (4 h from
    16:50 ends at 11:20 the next working day; 16 h on an 8-hour day is two working days).

    same_day=True, or a same_day_cutoff (regulations §1.5; only procedures that say "trong
    ngày"): received on a working day at or before the cut-off (the closing time when none) →
    office close that day, otherwise office close of the next working day; H does not count.
    """
    local = _local(received_at)
    if working_days is not None and hours is None:
        return _due_in_days(local, _amount(working_days, "Số ngày làm việc"))
    if same_day or same_day_cutoff is not None:
        if working_days is None:
            if hours is not None:
                _amount(hours, "Số giờ")
            return _due_same_day(local, same_day_cutoff)
    elif hours is not None and working_days is None:
        return add_working_timedelta(local, _hours_to_timedelta(_amount(hours, "Số giờ")))
    raise ValueError("Phải cho đúng một trong hai: số ngày làm việc hoặc số giờ.")


def _due_in_days(local: datetime, days: Decimal) -> datetime:
    opens, closes = _office_hours()
    received_on = effective_reception_date(local)
    if days == 0:
        return _at(received_on, closes)
    if days < 1:  # half a working day later, counted from valid reception (issue 12 §5)
        return add_working_timedelta(local, _office_days_to_timedelta(days))
    return add_working_time(_at(next_working_day(received_on), opens), days)


def _hours_to_timedelta(hours: Decimal) -> timedelta:
    micro = (hours * Decimal(3_600_000_000)).to_integral_value(ROUND_HALF_UP)
    return timedelta(microseconds=int(micro))


def _due_same_day(local: datetime, cutoff: time | None) -> datetime:
    _opens, closes = _office_hours()
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
