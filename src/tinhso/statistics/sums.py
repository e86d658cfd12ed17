"""Reading the aggregate tables: which rows make up a period, and their sums grouped by the
dimensions a page needs, read ONCE and rolled up in Python to every grouping it shows.

A period is its whole months (monthly tables) plus the days of its incomplete first and last
months (daily tables); "before a day" is every month before it plus that month's earlier days.
A dimension is "month", "agency", "field" or "procedure"; a key is the tuple of a row's values
in the order of the dims asked for ("month" as "YYYY-MM").
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

DIMS = ("month", "agency", "field", "procedure")
COLUMN = {"agency": "agency_id", "field": "field_id", "procedure": "procedure_id"}

Rows = dict[tuple, dict[str, int]]


def month_end(d: date) -> date:
    return (d.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def months(date_from: date, date_to: date) -> list[str]:
    out, d = [], date_from.replace(day=1)
    while d <= date_to:
        out.append(d.strftime("%Y-%m"))
        d = (d + timedelta(days=32)).replace(day=1)
    return out


def period(date_from: date, date_to: date, daily, monthly) -> list[QuerySet]:
    """The rows whose sum is the period [date_from, date_to]."""
    first = date_from if date_from.day == 1 else month_end(date_from) + timedelta(days=1)
    last = date_to if date_to == month_end(date_to) else date_to.replace(day=1) - timedelta(1)
    if first > last:
        return [daily.objects.filter(day__gte=date_from, day__lte=date_to)]
    out = [monthly.objects.filter(day__gte=first, day__lte=last)]
    if date_from < first:
        out.append(daily.objects.filter(day__gte=date_from, day__lt=first))
    if last < date_to:
        out.append(daily.objects.filter(day__gt=last, day__lte=date_to))
    return out


def before(date_from: date, daily, monthly) -> list[QuerySet]:
    """The rows whose sum is everything before `date_from`."""
    start = date_from.replace(day=1)
    out = [monthly.objects.filter(day__lt=start)]
    if start < date_from:
        out.append(daily.objects.filter(day__gte=start, day__lt=date_from))
    return out


def ordered_dims(dims: Iterable[str]) -> tuple[str, ...]:
    wanted = set(dims)
    unknown = wanted - set(DIMS)
    if unknown:
        raise ValueError(f"unknown dimensions {sorted(unknown)}")
    return tuple(d for d in DIMS if d in wanted)


def _month_key(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # a rating's month is the province's month
    return value.strftime("%Y-%m")


def _expression(column):
    return F(column) if isinstance(column, str) else column


def grouped(
    qs: QuerySet, dims: tuple[str, ...], aggregates: dict, columns: dict[str, object]
) -> Rows:
    """{key: {aggregate: value}} of one queryset grouped by `dims`; `columns` maps a dim to
    the expression or field path of this queryset that holds it. Aliases are prefixed, as
    Django refuses an aggregate named like the column it sums."""
    qs = qs.order_by()
    aliased = {f"x_{name}": expr for name, expr in aggregates.items()}

    def plain(row: dict) -> dict:
        return {k[2:]: v or 0 for k, v in row.items() if k.startswith("x_")}

    if not dims:
        return {(): plain(qs.aggregate(**aliased))}
    names = {f"g_{d}": _expression(columns[d]) for d in dims}
    rows = qs.values(**names).annotate(**aliased)
    out: Rows = {}
    for row in rows:
        key = tuple(_month_key(row[f"g_{d}"]) if d == "month" else row[f"g_{d}"] for d in dims)
        out[key] = plain(row)
    return out


def summed(pieces: list[QuerySet], flt: Q, dims: tuple[str, ...], aggregates: dict) -> Rows:
    """The sums of the aggregate-table pieces, grouped by `dims`, added across pieces."""
    columns: dict[str, object] = {"month": TruncMonth("day"), **COLUMN}
    total: Rows = {}
    for qs in pieces:
        add_into(total, grouped(qs.filter(flt), dims, aggregates, columns))
    return total


def _add(into: dict, key, row: dict[str, int]) -> None:
    found = into.get(key)
    if found is None:
        into[key] = dict(row)
    else:
        for name, value in row.items():
            found[name] = found.get(name, 0) + value


def add_into(total: Rows, rows: Rows) -> Rows:
    for key, row in rows.items():
        _add(total, key, row)
    return total


def roll_up(rows: Rows, dims: tuple[str, ...], dim: str | None, whole: str = "province") -> Rows:
    """Rows re-grouped by one of their dims (`dim`), or summed whole (`dim` None → key
    `whole`). The result's keys are plain values, not tuples."""
    at = None if dim is None else dims.index(dim)
    out: dict = {}
    for key, row in rows.items():
        _add(out, whole if at is None else key[at], row)
    return out
