"""Reading evaluations: one dossier's, and the satisfaction counts statistics need.

The ratio follows the satisfaction group of Quyết định 766/QĐ-TTg: evaluations "rất hài lòng"
or "hài lòng" divided by all evaluations of the scope (agency, procedure, period). Dossiers
without an evaluation are not counted in the denominator.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tinhso.ratings.constants import Satisfaction
from tinhso.ratings.criteria import labelled
from tinhso.ratings.models import Rating


@dataclass(frozen=True)
class SatisfactionCounts:
    total: int
    very_satisfied: int
    satisfied: int
    dissatisfied: int

    @property
    def satisfied_total(self) -> int:
        return self.very_satisfied + self.satisfied

    @property
    def ratio(self) -> Decimal | None:
        """Share of satisfied evaluations, 0–1 rounded to 4 places; None when nobody rated."""
        if not self.total:
            return None
        return (Decimal(self.satisfied_total) / Decimal(self.total)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )

    @property
    def percent(self) -> Decimal | None:
        ratio = self.ratio
        return None if ratio is None else (ratio * 100).quantize(Decimal("0.01"))


def rating_of(dossier: Any) -> Rating | None:
    return Rating.objects.filter(dossier=dossier).first()


def rated_dossier_ids(dossier_ids: Iterable[int]) -> set[int]:
    return set(
        Rating.objects.filter(dossier_id__in=list(dossier_ids)).values_list("dossier_id", flat=True)
    )


def _start(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def ratings(
    *,
    competent_agency: Any = None,
    receiving_agency: Any = None,
    procedure: Any = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
) -> QuerySet[Rating]:
    """Evaluations in a scope. `since` is included, `until` excluded (a date means its 00:00
    in the province's time zone), so consecutive periods never count one evaluation twice."""
    qs = Rating.objects.all()
    if competent_agency is not None:
        qs = qs.filter(competent_agency=competent_agency)
    if receiving_agency is not None:
        qs = qs.filter(receiving_agency=receiving_agency)
    if procedure is not None:
        qs = qs.filter(procedure=procedure)
    if since is not None:
        qs = qs.filter(rated_at__gte=_start(since))
    if until is not None:
        qs = qs.filter(rated_at__lt=_start(until))
    return qs


def _aggregates() -> dict[str, Count]:
    return {
        "total": Count("pk"),
        "very_satisfied": Count("pk", filter=Q(level=Satisfaction.VERY_SATISFIED)),
        "satisfied": Count("pk", filter=Q(level=Satisfaction.SATISFIED)),
        "dissatisfied": Count("pk", filter=Q(level=Satisfaction.DISSATISFIED)),
    }


def satisfaction(qs: QuerySet[Rating] | None = None, **filters: Any) -> SatisfactionCounts:
    """Counts per level and the satisfied ratio, of `qs` or of `ratings(**filters)`.

    >>> satisfaction(competent_agency=stp, since=date(2026, 1, 1), until=date(2026, 7, 1))
    """
    if qs is None:
        qs = ratings(**filters)
    elif filters:
        qs = qs & ratings(**filters)
    row = qs.order_by().aggregate(**_aggregates())
    return SatisfactionCounts(**row)


GROUPS = {
    "competent_agency": "competent_agency_id",
    "receiving_agency": "receiving_agency_id",
    "procedure": "procedure_id",
}


def satisfaction_by(
    group: str, qs: QuerySet[Rating] | None = None, **filters: Any
) -> dict[int, SatisfactionCounts]:
    """`satisfaction` per agency or procedure id: {id: counts}, one query."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {sorted(GROUPS)}")
    if qs is None:
        qs = ratings(**filters)
    elif filters:
        qs = qs & ratings(**filters)
    key = GROUPS[group]
    rows = qs.order_by().values(key).annotate(**_aggregates())
    return {row.pop(key): SatisfactionCounts(**row) for row in rows}


def rating_answers(rating: Rating | None) -> list[tuple[str, str, int]]:
    """(question, chosen level, points) per criterion of an evaluation, for pages."""
    if rating is None:
        return []
    return labelled(rating.criteria or {})
