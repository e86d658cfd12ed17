"""Statistics read from the daily aggregates (figures) and the live open dossiers.

The public interface and the meaning of every figure are documented at the top of
tinhso.statistics.figures. Legal basis of the figures: Thông tư 03/2025/TT-VPCP (báo cáo tình
hình, kết quả giải quyết TTHC), Nghị định 118/2025/NĐ-CP; 766 groups: Quyết định 766/QĐ-TTg.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.catalogue.models import Field, Procedure, ProcedureVersion
from tinhso.core.db_router import reporting_reads
from tinhso.dossiers.access import readable_dossiers
from tinhso.dossiers.constants import Channel, Status, StepState
from tinhso.dossiers.models import Dossier, DossierStep
from tinhso.dossiers.overdue import due_soon_q, overdue_q, step_overdue_q
from tinhso.dossiers.selectors import soon_limit
from tinhso.organisation.models import Agency
from tinhso.statistics import month_ends, sums
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
from tinhso.statistics.index766 import groups_766, scores_766
from tinhso.statistics.models import (
    COUNTERS,
    STEP_COUNTERS,
    DailyFigures,
    DailyStepFigures,
    MonthEndFigures,
    MonthlyFigures,
    MonthlyStepFigures,
)
from tinhso.statistics.online import online_by, online_procedures
from tinhso.statistics.synced import synced_rows

GroupBy = Literal["province", "agency", "field", "procedure", "month"]
GROUP_BY: dict[str, str] = {
    "province": "tỉnh",
    "agency": "cơ quan",
    "field": "lĩnh vực",
    "procedure": "thủ tục",
    "month": "tháng",
}
OPEN_STATUSES = (Status.PROCESSING, Status.AWAITING_SUPPLEMENT)
CHANNEL_FIELDS = {
    Channel.ONLINE: "online",
    Channel.COUNTER: "counter",
    Channel.POSTAL: "postal",
    Channel.NATIONAL_PORTAL: "national_portal",
}


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


GROUP_DIM: dict[str, str | None] = {
    "province": None,
    "month": "month",
    "agency": "agency",
    "field": "field",
    "procedure": "procedure",
}
DOSSIER_COLUMN = {
    "agency": "competent_agency_id",
    "field": "procedure_version__field_id",
    "procedure": "procedure_version__procedure_id",
}
INDEX_SUMS = (
    "received",
    "digitised",
    "returned",
    "results_digitised",
    "received_with_fees",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "rated",
    "satisfied",
    *("components", "components_digitised", "components_reused", "paid_online"),
)
Level = Literal["province", "agency", "procedure"]
LEVELS = ("province", "agency", "procedure")


def _sums() -> dict:
    out = {name: Sum(name) for name in COUNTERS}
    out["working_days"] = Sum("working_days")
    for channel, name in CHANNEL_FIELDS.items():
        out[f"received_{name}"] = Sum("received", filter=Q(channel=channel))
    return out


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


def _in_progress(
    qs: QuerySet[Dossier], dims: tuple[str, ...], as_of: datetime, live: bool
) -> sums.Rows:
    """{key: {n, late}} of the dossiers in progress at `as_of`.

    Overdue = past the LEGAL deadline, whatever an extension says (tinhso.dossiers.overdue,
    Nghị định 118/2025/NĐ-CP). Live: the open dossiers. Past: the dossiers received before
    `as_of` and not yet resolved or closed then (month_ends)."""
    if live:
        qs = qs.filter(status__in=OPEN_STATUSES)
        late = overdue_q(as_of)
    else:
        qs = qs.filter(month_ends.in_progress_at(as_of))
        late = month_ends.overdue_at(as_of)
    counts = {"n": Count("pk"), "late": Count("pk", filter=late)}
    return sums.grouped(qs, dims, counts, DOSSIER_COLUMN)


def _at_month_ends(keys: list[str], flt: Q, dims: tuple[str, ...]) -> sums.Rows:
    """{key: {n, late}} at the ends of these past months ("YYYY-MM"), from MonthEndFigures;
    a month not closed yet is closed now (a few seconds at most, once)."""
    days = [date.fromisoformat(f"{k}-01") for k in keys]
    if not days:
        return {}
    month_ends.close_months(days)
    qs = MonthEndFigures.objects.filter(flt, day__in=days)
    columns = {"month": TruncMonth("day"), **sums.COLUMN}
    return sums.grouped(qs, dims, {"n": Sum("in_progress"), "late": Sum("overdue")}, columns)


def _ended(keys: list[str], now: datetime) -> list[str]:
    """The months ("YYYY-MM") among `keys` that have ended by `now`."""
    return [k for k in keys if month_ends.end_instant(date.fromisoformat(f"{k}-01")) <= now]


def _steps(date_from, date_to, agency_ids, procedure_id, now) -> dict[int, StepFigures]:
    live = DossierStep.objects.filter(state=StepState.ACTIVE).order_by()
    if agency_ids is not None:
        live = live.filter(agency_id__in=list(agency_ids))
    if procedure_id is not None:
        live = live.filter(dossier__procedure_version__procedure_id=procedure_id)
    step_sums = {name: Sum(name) for name in STEP_COUNTERS}
    pieces = sums.period(date_from, date_to, DailyStepFigures, MonthlyStepFigures)
    flt = _filters(agency_ids, None, procedure_id)
    rows = sums.roll_up(sums.summed(pieces, flt, ("agency",), step_sums), ("agency",), "agency")
    active = {
        r["agency_id"]: r
        for r in live.values("agency_id").annotate(
            n=Count("pk"), late=Count("pk", filter=step_overdue_q(now))
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
    return sums.month_end(date.fromisoformat(f"{key}-01"))


def _average(row: dict | None, resolved: int) -> Decimal | None:
    if not resolved:
        return None
    total = Decimal((row or {}).get("working_days") or 0)
    return (total / resolved).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Report:
    """What `report` read: figures per grouping asked for, 766 rows per level asked for."""

    figures: dict[str, list[Figures]]
    index: dict[str, list[Index766Row]]


@dataclass(frozen=True)
class _Read:
    """The sums of one period, read once, grouped by every dimension any grouping needs."""

    date_from: date
    date_to: date
    dims: tuple[str, ...]
    period: sums.Rows

    def by(self, group: str) -> dict:
        return sums.roll_up(self.period, self.dims, GROUP_DIM[group])


@reporting_reads()  # the read replica when there is one (tinhso.core.db_router)
def report(
    date_from: date,
    date_to: date,
    *,
    agency_ids: list[int] | None = None,
    field_id: int | None = None,
    procedure_id: int | None = None,
    group_by: tuple[GroupBy, ...] = ("province",),
    index_levels: tuple[Level, ...] = (),
    now: datetime | None = None,
) -> Report:
    """Several groupings of one period's figures and 766 groups, from ONE read of each source
    (the aggregates of the period, evaluations included, and of before it; the dossiers in
    progress) grouped by the union of the dimensions they need: a dashboard asks for province,
    month and agency at once."""
    unknown = (set(group_by) - set(GROUP_BY)) | (set(index_levels) - set(LEVELS))
    if unknown:
        raise ValueError(f"unknown grouping {sorted(unknown)}")
    now = now or timezone.now()
    flt = _filters(agency_ids, field_id, procedure_id)
    dims = sums.ordered_dims(GROUP_DIM[g] for g in (*group_by, *index_levels) if GROUP_DIM[g])
    pieces = sums.period(date_from, date_to, DailyFigures, MonthlyFigures)
    read = _Read(date_from, date_to, dims, sums.summed(pieces, flt, dims, _sums()))
    out_figures: dict[str, list[Figures]] = {}
    if group_by:
        flat = tuple(d for d in dims if d != "month")
        carry = sums.summed(
            sums.before(date_from, DailyFigures, MonthlyFigures),
            flt,
            flat,
            {"received": Sum("received"), "left_open": Sum("left_open")},
        )
        end = _end(date_to)
        live = end > now
        as_of = now if live else end
        if not live and date_to == sums.month_end(date_to):  # ends with a month: kept
            open_now = _at_month_ends([f"{date_to:%Y-%m}"], flt, flat)
        else:
            dossiers = _open_dossiers(agency_ids, field_id, procedure_id)
            open_now = _in_progress(dossiers, flat, as_of, live)
        past_months: dict = {}
        if "month" in group_by:
            ended = _ended(sums.months(date_from, date_to)[:-1], now)
            kept = sums.roll_up(_at_month_ends(ended, flt, ("month",)), ("month",), "month")
            past_months = {key: kept.get(key, {}) for key in ended}
        steps = (
            _steps(date_from, date_to, agency_ids, procedure_id, now)
            if "agency" in group_by
            else {}
        )
        for group in group_by:
            dim = None if group == "month" else GROUP_DIM[group]
            out_figures[group] = _figures_of(
                group,
                read,
                sums.roll_up(carry, flat, dim),
                sums.roll_up(open_now, flat, dim),
                past_months,
                as_of,
                steps if group == "agency" else {},
                province_label="Tổng cộng" if agency_ids is not None else "Toàn tỉnh",
            )
    online = online_procedures(pieces, flt) if set(index_levels) - {"procedure"} else None
    flat = tuple(d for d in dims if d != "month")
    scope = (agency_ids, field_id, procedure_id)
    synced = synced_rows(date_from, date_to, flat, *scope) if index_levels else {}
    out_index = {level: _index_of(level, read, online, synced) for level in index_levels}
    return Report(out_figures, out_index)


def _figures_of(
    group: str,
    read: _Read,
    carry: dict,
    open_now: dict,
    past_months: dict,
    as_of: datetime,
    steps: dict[int, StepFigures],
    province_label: str,
) -> list[Figures]:
    period = read.by(group)
    if group == "month":
        keys = sums.months(read.date_from, read.date_to)
    elif group == "province":
        keys = ["province"]
    else:
        found = set(period) | set(carry) | set(open_now) | set(steps)
        keys = sorted(found - {None})
    labels = _labels(group, keys)
    if group == "province":
        # A leader's own agency (or agencies) is "Tổng cộng", not the province.
        labels = {"province": province_label}
    running = _int(carry.get("province"), "received") - _int(carry.get("province"), "left_open")
    whole = open_now.get("province") or {}
    out = []
    for key in keys:
        row = period.get(key) or {}
        if group == "month":
            carried = running
            running += _int(row, "received") - _int(row, "left_open")
            if key in past_months:  # a past month's end, as kept when the month closed
                m = past_months[key]
                n, late = _int(m, "n"), _int(m, "late")
                in_progress = InProgress(n - late, late, _key_month_end(key))
            elif key == f"{_as_of_day(as_of):%Y-%m}":  # now, or the end of a past period
                n, late = _int(whole, "n"), _int(whole, "late")
                in_progress = InProgress(n - late, late, _as_of_day(as_of))
            else:  # a month still to come
                in_progress = InProgress()
        else:
            c = carry.get(key)
            carried = _int(c, "received") - _int(c, "left_open")
            o = open_now.get(key)
            n, late = _int(o, "n"), _int(o, "late")
            in_progress = InProgress(in_time=n - late, overdue=late, as_of=_as_of_day(as_of))
        resolved = Resolved(
            early=_int(row, "resolved_early"),
            on_time=_int(row, "resolved_on_time"),
            late=_int(row, "resolved_late"),
        )
        out.append(
            Figures(
                key=key,
                label=labels.get(key, str(key)),
                date_from=read.date_from,
                date_to=read.date_to,
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
                    rated=_int(row, "rated"),
                    satisfied=_int(row, "satisfied"),
                    dissatisfied=_int(row, "rated") - _int(row, "satisfied"),
                ),
                steps=steps.get(key, StepFigures()) if group == "agency" else None,
            )
        )
    return out


def _index_of(level: str, read: _Read, online, synced: sums.Rows) -> list[Index766Row]:
    period = read.by(level)
    synced_by: dict = sums.roll_up(
        synced, tuple(d for d in read.dims if d != "month"), GROUP_DIM[level]
    )
    keys = ["province"] if level == "province" else sorted(set(period) - {None})
    labels = _labels(level, keys)
    procedures = online_by(online, level) if online is not None else {}
    out = []
    for key in keys:
        row = period.get(key)
        r = {name: _int(row, name) for name in INDEX_SUMS}
        r["received_online"] = _int(row, "received_online") + _int(row, "received_national_portal")
        r["resolved_in_time"] = r["resolved_early"] + r["resolved_on_time"]
        r["resolved"] = r["resolved_in_time"] + r["resolved_late"]
        if key in procedures:
            r["online_procedures"], r["online_enabled_procedures"] = procedures[key]
        r.update({name: _int(synced_by.get(key), name) for name in ("synced", "synced_of")})
        label = labels.get(key, str(key))
        out.append(Index766Row(key, label, groups_766(r), scores_766(r)))
    return out


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
    found = report(
        date_from,
        date_to,
        agency_ids=agency_ids,
        field_id=field_id,
        procedure_id=procedure_id,
        group_by=(group_by,),
        now=now,
    )
    return found.figures[group_by]


def index_766(
    date_from: date,
    date_to: date,
    *,
    agency_ids: list[int] | None = None,
    field_id: int | None = None,
    procedure_id: int | None = None,
    level: Level = "province",
    now: datetime | None = None,
) -> list[Index766Row]:
    """The 766 groups per unit (province → agency → procedure drill-down) for the period."""
    if level not in LEVELS:
        raise ValueError("level must be province, agency or procedure")
    found = report(
        date_from,
        date_to,
        agency_ids=agency_ids,
        field_id=field_id,
        procedure_id=procedure_id,
        group_by=(),
        index_levels=(level,),
        now=now,
    )
    return found.index[level]


@reporting_reads()
def at_risk(user: User, *, now: datetime | None = None, limit: int = 50) -> AtRisk:
    """The user's visible dossiers in progress that are overdue, or due within two working
    days (sắp đến hạn, as the officers' queue dossiers.selectors.queue "sap-den-han")."""
    now = now or timezone.now()
    qs = (
        readable_dossiers(user)
        .filter(status__in=OPEN_STATUSES)
        .select_related("procedure_version", "competent_agency")
        .order_by("legal_due_at")
    )
    overdue = qs.filter(overdue_q(now))  # the legal deadline (tinhso.dossiers.overdue)
    soon = qs.filter(due_soon_q(now, soon_limit(now)))
    return AtRisk(
        overdue=list(overdue[:limit]),
        due_soon=list(soon[:limit]),
        overdue_count=overdue.count(),
        due_soon_count=soon.count(),
    )
