"""Public statistics: aggregates per agency and period, for anyone (no sign-in).

What the public may read is decided in tinhso.statistics.access (PUBLIC_FIGURES,
public_statistics_scope): counts and ratios only, never a dossier, a person or an officer.
The public page (/thong-ke/) and GET /api/v1/public/statistics both read `public_statistics`.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tinhso.core import cache_keys
from tinhso.core.db_router import reporting_reads
from tinhso.organisation.models import Agency
from tinhso.statistics import selectors
from tinhso.statistics.access import public_statistics_scope
from tinhso.statistics.figures import Figures, Group766, Index766Row, ratio
from tinhso.statistics.params import MAX_DAYS

# A few minutes: the figures move with every dossier, but a public page must not recount
# the province on every visit.
CACHE_SECONDS = 300
PROVINCE = "province"


class PublicParamError(ValueError):
    """A public request that names nothing or no sensible period (Vietnamese message)."""


@dataclass(frozen=True)
class PublicGroup:
    """One 766 group: numerator / denominator = ratio (0–1, or None when nothing to count)."""

    code: str
    label: str
    numerator: int
    denominator: int
    ratio: Decimal | None


@dataclass(frozen=True)
class PublicScore:
    """One 766 group with its points (max_points × the mean of its metrics' ratios; None
    when none has anything to count) — tinhso.statistics.index766.POINTS."""

    code: str
    label: str
    max_points: int
    points: Decimal | None
    metrics: tuple[PublicGroup, ...]


@dataclass(frozen=True)
class PublicRow:
    """One unit's public figures: the province (agency_code None) or one agency."""

    agency_code: str | None
    name: str
    carried_over: int
    received_new: int
    received: int
    resolved_in_time: int  # trước hạn + đúng hạn
    resolved_late: int
    in_time_ratio: Decimal | None
    in_progress_overdue: int
    rated: int
    satisfied: int
    satisfaction_ratio: Decimal | None
    groups: tuple[PublicGroup, ...]
    scores: tuple[PublicScore, ...] = ()
    points: Decimal | None = None  # Σ points of the groups with something to count
    max_points: int = 0  # Σ their max points (100 when every group has)


@dataclass(frozen=True)
class PublicStatistics:
    date_from: date
    date_to: date
    province: PublicRow | None  # None when one agency is asked for
    agencies: tuple[PublicRow, ...]


def _public(g: Group766) -> PublicGroup:
    return PublicGroup(
        g.code, g.label, g.numerator, g.denominator, ratio(g.numerator, g.denominator)
    )


def _groups(row: Index766Row | None) -> tuple[PublicGroup, ...]:
    return () if row is None else tuple(_public(g) for g in row.groups)


def _scores(row: Index766Row | None) -> tuple[PublicScore, ...]:
    if row is None:
        return ()
    return tuple(
        PublicScore(s.code, s.label, s.max_points, s.points, tuple(_public(m) for m in s.metrics))
        for s in row.scores
    )


def _row(f: Figures, code: str | None, name: str, index: Index766Row | None) -> PublicRow:
    return PublicRow(
        agency_code=code,
        name=name,
        carried_over=f.received.carried_over,
        received_new=f.received.new,
        received=f.received.total,
        resolved_in_time=f.resolved.early + f.resolved.on_time,
        resolved_late=f.resolved.late,
        in_time_ratio=f.resolved.in_time_ratio,
        in_progress_overdue=f.in_progress.overdue,
        rated=f.satisfaction.rated,
        satisfied=f.satisfaction.satisfied,
        satisfaction_ratio=f.satisfaction.ratio,
        groups=_groups(index),
        scores=_scores(index),
        points=index.points if index is not None else None,
        max_points=index.max_points if index is not None else 0,
    )


def check_period(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise PublicParamError("from: ngày bắt đầu phải trước hoặc bằng ngày kết thúc (to).")
    if (date_to - date_from).days > MAX_DAYS:  # the staff API's bound
        raise PublicParamError("Khoảng thời gian tối đa là 3 năm.")


def find_agency(code: str | None) -> Agency | None:
    """The agency of this code (None for the province); PublicParamError if none has it."""
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise PublicParamError(f"agency: không có cơ quan mã định danh '{code}'.")
    return agency


def public_agencies() -> list[tuple[str, str]]:
    """(code, name) of every agency, for the page's filter."""

    def compute() -> list[tuple[str, str]]:
        return list(Agency.objects.order_by("name").values_list("code", "name"))

    found: list[tuple[str, str]] = cache_keys.cached(
        "statistics.agencies", (), (cache_keys.ORGANISATION,), compute, 3600
    )
    return found


def public_statistics(
    date_from: date, date_to: date, agency: Agency | None = None
) -> PublicStatistics:
    """The public figures of [date_from, date_to] (both included), per agency, cached briefly:
    a dossier's change shows within CACHE_SECONDS, a rebuild or a month's close at once
    (they bump cache_keys.STATISTICS)."""
    check_period(date_from, date_to)
    found: PublicStatistics = cache_keys.cached(
        "statistics.public",
        (date_from, date_to, agency.pk if agency else PROVINCE),
        (cache_keys.STATISTICS, cache_keys.ORGANISATION),
        lambda: _compute(date_from, date_to, agency),
        CACHE_SECONDS,
    )
    return found


@reporting_reads()  # the read replica when there is one (tinhso.core.db_router)
def _compute(date_from: date, date_to: date, agency: Agency | None) -> PublicStatistics:
    scope = public_statistics_scope(agency)
    groupings: tuple[selectors.GroupBy, ...] = ("agency",) if agency else ("province", "agency")
    levels: tuple[selectors.Level, ...] = ("agency",) if agency else ("province", "agency")
    report = selectors.report(
        date_from, date_to, agency_ids=scope, group_by=groupings, index_levels=levels
    )
    index = {str(r.key): r for level in levels for r in report.index.get(level, [])}
    rows = report.figures["agency"]
    names: dict[int, tuple[str | None, str]] = {
        a.pk: (a.code, a.name) for a in Agency.objects.filter(pk__in=[f.key for f in rows])
    }
    agencies = []
    for f in rows:
        code, name = names.get(int(f.key), (None, f.label))
        agencies.append(_row(f, code, name, index.get(str(f.key))))
    province = None
    if agency is None:
        [total] = report.figures["province"]
        province = _row(total, None, "Toàn tỉnh", index.get(PROVINCE))
    return PublicStatistics(date_from, date_to, province, tuple(agencies))
