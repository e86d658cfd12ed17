"""What was in progress, and overdue, at the end of each past month (MonthEndFigures).

The rule is the one the figures of any past period use (tinhso.statistics.selectors): a
dossier is in progress at an instant if it had been received (tiếp nhận) before it and was
neither resolved (result approved) nor closed (refused, withdrawn, stopped) by then; it is
overdue if its LEGAL deadline had passed (tinhso.dossiers.overdue, Nghị định 118/2025/NĐ-CP:
an extension with its apology moves the appointment, not the deadline). A month is closed
once, by the first of: `manage.py statistics_close_months` (daily, from cron), the first
report that needs it, or `statistics_rebuild`, which closes every past month again from the
dossiers.
"""

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from tinhso.core import cache_keys
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.overdue import overdue_at_q
from tinhso.statistics.models import ClosedMonth, MonthEndFigures


def in_progress_at(at: datetime) -> Q:
    """Dossiers received before `at`, neither resolved nor closed by then."""
    return (
        Q(received_at__lt=at)
        & (Q(result_ready_at__isnull=True) | Q(result_ready_at__gte=at))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=at))
    )


def overdue_at(at: datetime) -> Q:
    """Of those, the ones whose legal deadline had passed at `at`."""
    return overdue_at_q(at)


def next_month(month: date) -> date:
    return (month.replace(day=1) + timedelta(days=32)).replace(day=1)


def end_instant(month: date) -> datetime:
    """00:00 of the next month's first day, province time: the instant the month ends."""
    return datetime.combine(next_month(month), time.min, timezone.get_current_timezone())


def close_month(month: date) -> int:
    """(Re)write the month's MonthEndFigures from the dossiers; returns the rows written."""
    month = month.replace(day=1)
    at = end_instant(month)
    rows = (
        Dossier.objects.filter(in_progress_at(at))
        .order_by()
        .values_list(
            "competent_agency_id",
            "procedure_version__procedure_id",
            "procedure_version__field_id",
        )
        .annotate(n=Count("pk"), late=Count("pk", filter=overdue_at(at)))
    )
    figures = [
        MonthEndFigures(
            day=month,
            agency_id=agency_id,
            procedure_id=procedure_id,
            field_id=field_id,
            in_progress=n,
            overdue=late,
        )
        for agency_id, procedure_id, field_id, n, late in rows
    ]
    try:
        with transaction.atomic():
            MonthEndFigures.objects.filter(day=month).delete()
            MonthEndFigures.objects.bulk_create(figures)
            ClosedMonth.objects.update_or_create(day=month, defaults={"closed_at": timezone.now()})
    except IntegrityError:  # closed meanwhile by a concurrent report: theirs are the same
        return 0
    cache_keys.bump(cache_keys.STATISTICS)
    return len(figures)


def ended_months(now: datetime, since: date | None = None) -> list[date]:
    """The first days of the months that have ended by `now`, from the month of the first
    reception (or `since`)."""
    if since is None:
        first = Dossier.objects.aggregate(first=Min("received_at"))["first"]
        if first is None:
            return []
        since = timezone.localdate(first)
    out, month = [], since.replace(day=1)
    while end_instant(month) <= now:
        out.append(month)
        month = next_month(month)
    return out


def close_months(months: list[date], *, again: bool = False) -> list[date]:
    """Close the months not closed yet (all of them `again`); returns those closed now."""
    months = sorted({m.replace(day=1) for m in months})
    if not again:
        done = set(ClosedMonth.objects.filter(day__in=months).values_list("day", flat=True))
        months = [m for m in months if m not in done]
    for month in months:
        close_month(month)
    return months
