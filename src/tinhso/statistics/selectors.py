"""Statistics read from the daily aggregates (figures) and the live open dossiers.

The public interface and the meaning of every figure are documented at the top of
tinhso.statistics.figures. Legal basis of the figures: Thông tư 03/2025/TT-VPCP (báo cáo tình
hình, kết quả giải quyết TTHC), Nghị định 118/2025/NĐ-CP; 766 groups: Quyết định 766/QĐ-TTg.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tinhso.accounts.constants import Role
from tinhso.accounts.models import User
from tinhso.accounts.selectors import agencies_of, is_staff_member, reads_whole_province
from tinhso.catalogue.models import Field, Procedure, ProcedureVersion
from tinhso.dossiers.constants import Channel, Status, StepState
from tinhso.dossiers.models import Dossier, DossierStep
from tinhso.dossiers.selectors import soon_limit, visible_dossiers
from tinhso.organisation.models import Agency
from tinhso.ratings.constants import Satisfaction
from tinhso.ratings.selectors import ratings
from tinhso.statistics.figures import (
    AtRisk,
    Figures,
    Index766Row,
    InProgress,
    Received,
    Resolved,
    SatisfactionFigures,
    StepFigures,
)
from tinhso.statistics.index766 import groups_766
from tinhso.statistics.models import (
    COUNTERS,
    STEP_COUNTERS,
    DailyFigures,
    DailyStepFigures,
    MonthlyFigures,
    MonthlyStepFigures,
)

GroupBy = Literal["province", "agency", "field", "procedure", "month"]
GROUP_BY: dict[str, str] = {
    "province": "tỉnh",
    "agency": "cơ quan",
    "field": "lĩnh vực",
    "procedure": "thủ tục",
    "month": "tháng",
}
GROUP_COLUMN = {"agency": "agency_id", "field": "field_id", "procedure": "procedure_id"}
STATISTICS_ROLES = {Role.AGENCY_LEADER, Role.AGENCY_ADMIN}
OPEN_STATUSES = (Status.PROCESSING, Status.AWAITING_SUPPLEMENT)
CHANNEL_FIELDS = {
    Channel.ONLINE: "online",
    Channel.COUNTER: "counter",
    Channel.POSTAL: "postal",
    Channel.NATIONAL_PORTAL: "national_portal",
}


class StatisticsNotAllowed(Exception):
    """The user may not read statistics (or not of these agencies)."""


def scope_agency_ids(user: User) -> list[int] | None:
    """None = the whole province; else the agencies whose figures the user may read.

    Province leaders and system administrators read the province; an agency's leader or
    administrator reads their agency (Nghị định 118/2025/NĐ-CP: người đứng đầu chịu trách
    nhiệm về kết quả giải quyết TTHC của cơ quan mình)."""
    if not is_staff_member(user):
        raise StatisticsNotAllowed("Chỉ cán bộ, công chức được xem số liệu thống kê.")
    if reads_whole_province(user):
        return None
    ids = sorted(agencies_of(user, STATISTICS_ROLES).values_list("pk", flat=True))
    if not ids:
        raise StatisticsNotAllowed("Chỉ lãnh đạo cơ quan, lãnh đạo tỉnh được xem số liệu thống kê.")
    return ids


def _end(d: date) -> datetime:
    """The instant a period ending on `d` ends: 00:00 of the next day, province time."""
    return datetime.combine(d + timedelta(days=1), time.min, timezone.get_current_timezone())


def _filters(agency_ids, field_id, procedure_id) -> Q:
    q = Q()
    if agency_ids is not None:
        q &= Q(agency_id__in=list(agency_ids))
    if field_id is not None:
        q &= Q(field_id=field_id)
    if procedure_id is not None:
        q &= Q(procedure_id=procedure_id)
    return q


def _sums() -> dict:
    sums = {name: Sum(name) for name in COUNTERS}
    sums["working_days"] = Sum("working_days")
    for channel, name in CHANNEL_FIELDS.items():
        sums[f"received_{name}"] = Sum("received", filter=Q(channel=channel))
    return sums


def _grouped(qs: QuerySet, group_by: str, aggregates: dict) -> dict:
    """{group key: {sum name: value}} of an aggregate queryset (aliases prefixed, as Django
    refuses an aggregate named like the column it sums)."""
    qs = qs.order_by()
    aliased = {f"x_{name}": expr for name, expr in aggregates.items()}

    def plain(row: dict) -> dict:
        return {k[2:]: v for k, v in row.items() if k.startswith("x_")}

    if group_by == "province":
        return {"province": plain(qs.aggregate(**aliased))}
    if group_by == "month":
        rows = qs.annotate(g=TruncMonth("day")).values("g").annotate(**aliased)
        return {row["g"].strftime("%Y-%m"): plain(row) for row in rows}
    column = GROUP_COLUMN[group_by]
    rows = qs.values(g=F(column)).annotate(**aliased)
    return {row["g"]: plain(row) for row in rows}


def _month_end(d: date) -> date:
    return (d.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _pieces(date_from: date, date_to: date, daily, monthly) -> list[QuerySet]:
    """The rows whose sum is the period: whole months from the monthly table, the days of
    the incomplete first and last months from the daily one."""
    first = date_from if date_from.day == 1 else _month_end(date_from) + timedelta(days=1)
    last = date_to if date_to == _month_end(date_to) else date_to.replace(day=1) - timedelta(1)
    if first > last:
        return [daily.objects.filter(day__gte=date_from, day__lte=date_to)]
    out = [monthly.objects.filter(day__gte=first, day__lte=last)]
    if date_from < first:
        out.append(daily.objects.filter(day__gte=date_from, day__lt=first))
    if last < date_to:
        out.append(daily.objects.filter(day__gt=last, day__lte=date_to))
    return out


def _before(date_from: date, daily, monthly) -> list[QuerySet]:
    """The rows whose sum is everything before `date_from`."""
    start = date_from.replace(day=1)
    out = [monthly.objects.filter(day__lt=start)]
    if start < date_from:
        out.append(daily.objects.filter(day__gte=start, day__lt=date_from))
    return out


def _sum_pieces(pieces: list[QuerySet], flt: Q, group_by: str, aggregates: dict) -> dict:
    total: dict = {}
    for qs in pieces:
        for key, row in _grouped(qs.filter(flt), group_by, aggregates).items():
            into = total.setdefault(key, {})
            for name, value in row.items():
                if value is not None:
                    into[name] = (into.get(name) or 0) + value
    return total


def _months(date_from: date, date_to: date) -> list[str]:
    out, d = [], date_from.replace(day=1)
    while d <= date_to:
        out.append(d.strftime("%Y-%m"))
        d = (d + timedelta(days=32)).replace(day=1)
    return out


def _labels(group_by: str, keys) -> dict:
    keys = [k for k in keys if k is not None]
    if group_by == "province":
        return {"province": "Toàn tỉnh"}
    if group_by == "month":
        return {k: f"Tháng {k[5:]}/{k[:4]}" for k in keys}
    if group_by == "agency":
        return {a.pk: a.short_name or a.name for a in Agency.objects.filter(pk__in=keys)}
    if group_by == "field":
        return dict(Field.objects.filter(pk__in=keys).values_list("pk", "name"))
    names: dict[int, str] = {}
    versions = ProcedureVersion.objects.filter(procedure_id__in=keys).order_by(
        "procedure_id", "-id"
    )
    for pk, name in versions.values_list("procedure_id", "name"):
        names.setdefault(pk, name)
    codes = dict(Procedure.objects.filter(pk__in=keys).values_list("pk", "code"))
    return {k: f"{codes.get(k, k)} – {names.get(k, '')}".strip(" –") for k in keys}


def _int(row: dict | None, name: str) -> int:
    return int((row or {}).get(name) or 0)


def _open_dossiers(agency_ids, field_id, procedure_id) -> QuerySet[Dossier]:
    qs = Dossier.objects.filter(received_at__isnull=False).order_by()
    if agency_ids is not None:
        qs = qs.filter(competent_agency_id__in=list(agency_ids))
    if field_id is not None:
        qs = qs.filter(procedure_version__field_id=field_id)
    if procedure_id is not None:
        qs = qs.filter(procedure_version__procedure_id=procedure_id)
    return qs


DOSSIER_GROUP = {
    "agency": "competent_agency_id",
    "field": "procedure_version__field_id",
    "procedure": "procedure_version__procedure_id",
}


def _overdue(qs: QuerySet[Dossier], group_by: str, as_of: datetime, live: bool) -> dict:
    """{group: (open, overdue)} of the dossiers in progress at `as_of`.

    Live: the open dossiers (index status, due_at). A waiting dossier (chờ bổ sung) is overdue
    only if it was already late when the clock stopped (Nghị định 118/2025/NĐ-CP). Past: the
    dossiers received before `as_of` and not yet resolved or closed then, against their
    current due date."""
    if live:
        qs = qs.filter(status__in=OPEN_STATUSES)
        late = Q(status=Status.PROCESSING, due_at__lt=as_of) | Q(
            status=Status.AWAITING_SUPPLEMENT, due_at__lt=F("paused_at")
        )
    else:
        qs = qs.filter(
            Q(received_at__lt=as_of),
            Q(result_ready_at__isnull=True) | Q(result_ready_at__gte=as_of),
            Q(closed_at__isnull=True) | Q(closed_at__gte=as_of),
        )
        late = Q(due_at__lt=as_of)
    counts = {"n": Count("pk"), "late": Count("pk", filter=late)}
    if group_by in ("province", "month"):
        row = qs.aggregate(**counts)
        return {"*": (row["n"], row["late"])}
    rows = qs.values(g=F(DOSSIER_GROUP[group_by])).annotate(**counts)
    return {r["g"]: (r["n"], r["late"]) for r in rows}


def _satisfaction(date_from, date_to, agency_ids, field_id, procedure_id, group_by) -> dict:
    qs = ratings(since=date_from, until=date_to + timedelta(days=1)).order_by()
    if agency_ids is not None:
        qs = qs.filter(competent_agency_id__in=list(agency_ids))
    if field_id is not None:
        qs = qs.filter(procedure_version__field_id=field_id)
    if procedure_id is not None:
        qs = qs.filter(procedure_id=procedure_id)
    counts = {
        "rated": Count("pk"),
        "satisfied": Count(
            "pk", filter=Q(level__in=[Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED])
        ),
    }
    if group_by == "province":
        row = qs.aggregate(**counts)
        return {"province": row}
    if group_by == "month":
        rows = qs.annotate(g=TruncMonth("rated_at")).values("g").annotate(**counts)
        return {timezone.localtime(r.pop("g")).strftime("%Y-%m"): r for r in rows}
    column = {
        "agency": "competent_agency_id",
        "field": "procedure_version__field_id",
        "procedure": "procedure_id",
    }[group_by]
    rows = qs.values(g=F(column)).annotate(**counts)
    return {r.pop("g"): r for r in rows}


def _steps(date_from, date_to, agency_ids, procedure_id, now) -> dict[int, StepFigures]:
    live = DossierStep.objects.filter(state=StepState.ACTIVE).order_by()
    if agency_ids is not None:
        live = live.filter(agency_id__in=list(agency_ids))
    if procedure_id is not None:
        live = live.filter(dossier__procedure_version__procedure_id=procedure_id)
    sums = {name: Sum(name) for name in STEP_COUNTERS}
    pieces = _pieces(date_from, date_to, DailyStepFigures, MonthlyStepFigures)
    rows = _sum_pieces(pieces, _filters(agency_ids, None, procedure_id), "agency", sums)
    active = {
        r["agency_id"]: r
        for r in live.values("agency_id").annotate(
            n=Count("pk"), late=Count("pk", filter=Q(due_at__lt=now))
        )
    }
    out = {}
    for agency_id in set(rows) | set(active):
        r, a = rows.get(agency_id, {}), active.get(agency_id, {"n": 0, "late": 0})
        out[agency_id] = StepFigures(
            **{name: _int(r, name) for name in STEP_COUNTERS},
            in_progress_in_time=a["n"] - a["late"],
            in_progress_overdue=a["late"],
        )
    return out


def _as_of_day(as_of: datetime) -> date:
    return timezone.localdate(as_of - timedelta(microseconds=1))


def _key_month_end(key: str) -> date:
    return _month_end(date.fromisoformat(f"{key}-01"))


def _average(row: dict | None, resolved: int) -> Decimal | None:
    if not resolved:
        return None
    total = Decimal((row or {}).get("working_days") or 0)
    return (total / resolved).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def figures(
    date_from: date,
    date_to: date,
    *,
    agency_ids: list[int] | None = None,
    field_id: int | None = None,
    procedure_id: int | None = None,
    group_by: GroupBy = "province",
    now: datetime | None = None,
) -> list[Figures]:
    """The figures of the period [date_from, date_to] per group (see figures.py)."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {sorted(GROUP_BY)}")
    now = now or timezone.now()
    flt = _filters(agency_ids, field_id, procedure_id)
    pieces = _pieces(date_from, date_to, DailyFigures, MonthlyFigures)
    period = _sum_pieces(pieces, flt, group_by, _sums())
    carry_group = "province" if group_by == "month" else group_by
    carry = _sum_pieces(
        _before(date_from, DailyFigures, MonthlyFigures),
        flt,
        carry_group,
        {"received": Sum("received"), "left_open": Sum("left_open")},
    )
    end = _end(date_to)
    live = end > now
    as_of = now if live else end
    dossiers = _open_dossiers(agency_ids, field_id, procedure_id)
    open_now = _overdue(dossiers, group_by, as_of, live)
    rated = _satisfaction(date_from, date_to, agency_ids, field_id, procedure_id, group_by)
    steps = (
        _steps(date_from, date_to, agency_ids, procedure_id, now) if group_by == "agency" else {}
    )

    if group_by == "month":
        keys = _months(date_from, date_to)
    elif group_by == "province":
        keys = ["province"]
    else:
        found = set(period) | set(carry) | set(open_now) | set(rated) | set(steps)
        keys = sorted(found - {None, "*"})
    labels = _labels(group_by, keys)
    if agency_ids is not None and group_by == "province":
        labels = {"province": "Tổng cộng"}  # a leader's own agency (or agencies), not the province
    running = _int(carry.get("province"), "received") - _int(carry.get("province"), "left_open")
    out = []
    for key in keys:
        row = period.get(key) or {}
        if group_by == "month":
            carried = running
            running += _int(row, "received") - _int(row, "left_open")
            if key == keys[-1]:
                n, late = open_now["*"]
                in_progress = InProgress(n - late, late, _as_of_day(as_of))
            else:  # past month ends: the count only, no overdue split kept (docs/statistics.md)
                month_end = _key_month_end(key)
                in_progress = InProgress(in_time=running, overdue=0, as_of=month_end)
        else:
            c = carry.get(key) or {}
            carried = _int(c, "received") - _int(c, "left_open")
            n, late = open_now.get("*" if group_by == "province" else key, (0, 0))
            in_progress = InProgress(in_time=n - late, overdue=late, as_of=_as_of_day(as_of))
        resolved = Resolved(
            early=_int(row, "resolved_early"),
            on_time=_int(row, "resolved_on_time"),
            late=_int(row, "resolved_late"),
        )
        s = rated.get(key) or {}
        out.append(
            Figures(
                key=key,
                label=labels.get(key, str(key)),
                date_from=date_from,
                date_to=date_to,
                received=Received(
                    carried_over=carried,
                    new=_int(row, "received"),
                    **{name: _int(row, f"received_{name}") for name in CHANNEL_FIELDS.values()},
                ),
                resolved=resolved,
                in_progress=in_progress,
                refused=_int(row, "refused"),
                refused_reception=_int(row, "refused_reception"),
                withdrawn=_int(row, "withdrawn"),
                stopped=_int(row, "stopped"),
                returned=_int(row, "returned"),
                supplement_requests=_int(row, "supplement_requests"),
                extensions=_int(row, "extensions"),
                average_working_days=_average(row, resolved.total),
                satisfaction=SatisfactionFigures(
                    rated=_int(s, "rated"),
                    satisfied=_int(s, "satisfied"),
                    dissatisfied=_int(s, "rated") - _int(s, "satisfied"),
                ),
                steps=steps.get(key, StepFigures()) if group_by == "agency" else None,
            )
        )
    return out


Level = Literal["province", "agency", "procedure"]


def index_766(
    date_from: date,
    date_to: date,
    *,
    agency_ids: list[int] | None = None,
    procedure_id: int | None = None,
    level: Level = "province",
    now: datetime | None = None,
) -> list[Index766Row]:
    """The 766 groups per unit (province → agency → procedure drill-down) for the period."""
    if level not in ("province", "agency", "procedure"):
        raise ValueError("level must be province, agency or procedure")
    flt = _filters(agency_ids, None, procedure_id)
    pieces = _pieces(date_from, date_to, DailyFigures, MonthlyFigures)
    sums = {
        name: Sum(name)
        for name in (
            "received",
            "digitised",
            "returned",
            "results_digitised",
            "received_with_fees",
            "resolved_early",
            "resolved_on_time",
            "resolved_late",
        )
    }
    sums["received_online"] = Sum(
        "received", filter=Q(channel__in=[Channel.ONLINE, Channel.NATIONAL_PORTAL])
    )
    rows = _sum_pieces(pieces, flt, level, sums)
    rated = _satisfaction(date_from, date_to, agency_ids, None, procedure_id, level)
    procedures = _online_procedures(pieces, flt, level) if level != "procedure" else {}
    keys = ["province"] if level == "province" else sorted((set(rows) | set(rated)) - {None})
    labels = _labels(level, keys)
    out = []
    for key in keys:
        r = {k: _int(rows.get(key), k) for k in sums}
        r["resolved_in_time"] = r["resolved_early"] + r["resolved_on_time"]
        r["resolved"] = r["resolved_in_time"] + r["resolved_late"]
        r["rated"] = _int(rated.get(key), "rated")
        r["satisfied"] = _int(rated.get(key), "satisfied")
        if key in procedures:
            r["online_procedures"], r["online_enabled_procedures"] = procedures[key]
        out.append(Index766Row(key=key, label=labels.get(key, str(key)), groups=groups_766(r)))
    return out


def _online_procedures(pieces: list[QuerySet], flt: Q, level: str) -> dict:
    """{unit: (online-enabled procedures with an online dossier, online-enabled procedures
    with any dossier received)} in the period."""
    online_channels = [Channel.ONLINE, Channel.NATIONAL_PORTAL]
    enabled: set[tuple[int, int]] = set()
    online: set[tuple[int, int]] = set()
    for qs in pieces:
        rows = (
            qs.filter(flt, online_enabled=True, received__gt=0)
            .order_by()
            .values_list("agency_id", "procedure_id", "channel")
            .distinct()
        )
        for agency_id, procedure_id, channel in rows:
            enabled.add((agency_id, procedure_id))
            if channel in online_channels:
                online.add((agency_id, procedure_id))
    if level == "province":
        return {"province": (len({p for _, p in online}), len({p for _, p in enabled}))}
    out: dict = defaultdict(lambda: [0, 0])
    for i, pairs in enumerate((online, enabled)):
        for agency_id, _ in pairs:
            out[agency_id][i] += 1
    return {k: tuple(v) for k, v in out.items()}


def at_risk(user: User, *, now: datetime | None = None, limit: int = 50) -> AtRisk:
    """The user's visible dossiers in progress that are overdue, or due within two working
    days (sắp đến hạn, as the officers' queue dossiers.selectors.queue "sap-den-han")."""
    now = now or timezone.now()
    qs = (
        visible_dossiers(user)
        .filter(status=Status.PROCESSING)
        .select_related("procedure_version", "competent_agency")
        .order_by("due_at")
    )
    overdue = qs.filter(due_at__lt=now)
    soon = qs.filter(due_at__gte=now, due_at__lte=soon_limit(now))
    return AtRisk(
        overdue=list(overdue[:limit]),
        due_soon=list(soon[:limit]),
        overdue_count=overdue.count(),
        due_soon_count=soon.count(),
    )
