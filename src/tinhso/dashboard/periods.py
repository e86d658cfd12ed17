"""The reporting periods offered as quick choices (tháng này, quý này, năm nay, năm trước)."""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date
    end: date


def _month_end(day: date) -> date:
    first_next = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_next - timedelta(days=1)


def quick_periods(today: date) -> list[Period]:
    """Calendar periods containing `today`, and last year; each runs to its natural end."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarter_end = _month_end(date(today.year, quarter_start.month + 2, 1))
    return [
        Period("thang-nay", "Tháng này", today.replace(day=1), _month_end(today)),
        Period("quy-nay", "Quý này", quarter_start, quarter_end),
        Period("nam-nay", "Năm nay", date(today.year, 1, 1), date(today.year, 12, 31)),
        Period("nam-truoc", "Năm trước", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]


def default_period(today: date) -> Period:
    """The dashboard opens on this year (Bộ chỉ số 766 is read cumulatively over the year)."""
    return quick_periods(today)[2]
