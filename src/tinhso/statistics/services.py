"""Keeping the daily aggregates (tinhso.statistics.models) equal to the dossiers.

`count_transition` runs inside the transaction of every status change (the last of the
dossier's reactions, tinhso.dossiers.reactions) and adds that change's contribution with F()
increments (an upsert), so the aggregate commits or rolls back with the dossier. `rebuild`
recomputes a range of days from the dossiers' timelines with the SAME rules (`event_counts`,
`step_counts`), which is how the tests prove incremental == rebuild.

Counting rules (báo cáo tình hình, kết quả giải quyết TTHC, Thông tư 03/2025/TT-VPCP; Nghị
định 118/2025/NĐ-CP): a dossier is received (tiếp nhận) on RECEIVE; resolved (đã giải quyết)
when its result is approved, classified by the legal deadline (trước hạn / đúng hạn / quá
hạn, tinhso.workcalendar.calendar.timeliness, already stored on the dossier); it stops being
in progress when resolved, refused, withdrawn or stopped after reception.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from tinhso.catalogue.constants import OnlineLevel
from tinhso.core import cache_keys
from tinhso.dossiers.constants import Action, FileKind
from tinhso.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierFile,
    DossierPause,
    DossierStep,
)
from tinhso.dossiers.reactions import creates
from tinhso.nationalportal import selectors as portal
from tinhso.payments import selectors as payments
from tinhso.ratings.constants import Satisfaction
from tinhso.ratings.models import Rating
from tinhso.statistics import month_ends
from tinhso.statistics.models import (
    COUNTERS,
    STEP_COUNTERS,
    ClosedMonth,
    DailyFigures,
    DailyStepFigures,
    MonthEndFigures,
    MonthlyFigures,
    MonthlyStepFigures,
)
from tinhso.statistics.papers import Papers, papers_at, papers_sources
from tinhso.workcalendar import calendar

DIGITISED_KINDS = (FileKind.COMPONENT, FileKind.SCAN)
ENDING = {Action.REFUSE: "refused", Action.WITHDRAW: "withdrawn", Action.STOP: "stopped"}


@dataclass(frozen=True)
class DossierFacts:
    """What the counting rules need to know about a dossier (one row, no joins at count time)."""

    id: int
    agency_id: int
    procedure_id: int
    field_id: int
    channel: str
    online_enabled: bool
    received_at: datetime | None
    timeliness: str
    fees_due: int = 0

    def key(self, at: datetime) -> tuple:
        return (
            timezone.localdate(at),
            self.agency_id,
            self.procedure_id,
            self.field_id,
            self.channel,
            self.online_enabled,
        )


FACT_FIELDS = (
    "id",
    "competent_agency_id",
    "procedure_version__procedure_id",
    "procedure_version__field_id",
    "channel",
    "procedure_version__online_level",
    "received_at",
    "timeliness",
    "fees_due",
)


def _facts(row: tuple) -> DossierFacts:
    pk, agency, procedure, field_id, channel, level, received_at, timeliness, fees = row
    online = level != OnlineLevel.OFFLINE
    return DossierFacts(
        pk, agency, procedure, field_id, channel, online, received_at, timeliness, fees
    )


def resolved_working_days(
    received_at: datetime, resolved_at: datetime, pauses: Iterable[tuple[datetime, datetime]]
) -> Decimal:
    """Working days from reception to result, less the supplement waits (thời gian chờ bổ
    sung không tính vào thời hạn giải quyết – Nghị định 118/2025/NĐ-CP)."""
    days = calendar.working_days_elapsed(received_at, resolved_at)
    for start, end in pauses:
        if start >= received_at and end is not None and end <= resolved_at:
            days -= calendar.working_days_elapsed(start, end)
    return max(days, Decimal("0.00"))


def event_counts(
    facts: DossierFacts,
    action: str,
    at: datetime,
    *,
    has_digitised: bool = False,
    has_result_file: bool = False,
    working_days: Decimal | None = None,
    papers: Papers | None = None,
    paid_online: bool = False,
) -> dict[str, Any]:
    """The counters one dossier event adds to its day's DailyFigures row."""
    counts: dict[str, Any] = {}
    received = facts.received_at is not None and facts.received_at <= at
    if action == Action.SUBMIT:
        counts["submitted"] = 1
    elif action == Action.RECEIVE:
        counts["received"] = 1
        # 766 payment denominator: a fee actually due (fees_due > 0), never every dossier.
        if facts.fees_due:
            counts["received_with_fees"] = 1
            if paid_online:
                counts["paid_online"] = 1
        if has_digitised:
            counts["digitised"] = 1
        if papers is not None:
            for name in ("components", "digitised", "reused"):
                value = getattr(papers, name)
                if value:
                    counts["components" if name == "components" else f"components_{name}"] = value
    elif action == Action.REFUSE_RECEPTION:
        counts["refused_reception"] = 1
    elif action == Action.REQUEST_SUPPLEMENT:
        counts["supplement_requests"] = 1
    elif action == Action.EXTEND:
        counts["extensions"] = 1
    elif action == Action.APPROVE:
        counts[f"resolved_{facts.timeliness or 'on_time'}"] = 1
        counts["left_open"] = 1
        counts["working_days"] = working_days or Decimal("0.00")
    elif action in ENDING:
        counts[ENDING[action]] = 1
        if received:
            counts["left_open"] = 1
    elif action == Action.RETURN_RESULT:
        counts["returned"] = 1
        if has_result_file:
            counts["results_digitised"] = 1
    return counts


def step_counts(
    finished: DossierStep | None, started: DossierStep | None
) -> list[tuple[date, int, dict[str, int]]]:
    """Arrivals at and departures from agencies when `finished` hands over to `started`.

    A dossier arrives at an agency when its first step there starts after a step of another
    agency (or as the first step); it leaves when its last step there finishes. So a liên
    thông dossier counts once per agency it passes through (Nghị định 118/2025/NĐ-CP, một cửa
    liên thông; Mẫu 06 phiếu kiểm soát, TT 03/2025/TT-VPCP)."""
    out = []
    if started is not None and (finished is None or finished.agency_id != started.agency_id):
        out.append((timezone.localdate(started.started_at), started.agency_id, {"received": 1}))
    leaves = started is None or started.agency_id != getattr(finished, "agency_id", None)
    if finished is not None and finished.finished_at is not None and leaves:
        name = f"done_{finished.timeliness}" if finished.timeliness else "closed"
        out.append((timezone.localdate(finished.finished_at), finished.agency_id, {name: 1}))
    return out


MONTHLY = {DailyFigures: MonthlyFigures, DailyStepFigures: MonthlyStepFigures}
DAILY_KEY = ("day", "agency_id", "procedure_id", "field_id", "channel", "online_enabled")
STEP_KEY = ("day", "agency_id", "procedure_id")


def _bump(model, key: dict[str, Any], counts: dict[str, Any]) -> None:
    """Add `counts` to the day's row and to the month's (the model's monthly twin)."""
    if not counts:
        return
    _upsert(model, key, counts)
    _upsert(MONTHLY[model], {**key, "day": key["day"].replace(day=1)}, counts)


def _upsert(model, key: dict[str, Any], counts: dict[str, Any]) -> None:
    """Upsert: add `counts` to the row of `key`, creating it when there is none yet."""
    changes = {name: F(name) + value for name, value in counts.items()}
    if model.objects.filter(**key).update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **counts)
    except IntegrityError:  # created meanwhile by a concurrent transition
        model.objects.filter(**key).update(**changes)


SATISFIED = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED)


def rating_counts(level: str) -> dict[str, int]:
    """An evaluation counts on the day it is given: rated, and satisfied for rất hài lòng and
    hài lòng (mức độ hài lòng, Quyết định 766/QĐ-TTg)."""
    return {"rated": 1, **({"satisfied": 1} if level in SATISFIED else {})}


def count_rating(rating: Rating) -> None:
    """Count the evaluation just given, in its transaction (tinhso.ratings.reactions)."""
    facts = _facts(Dossier.objects.filter(pk=rating.dossier_id).values_list(*FACT_FIELDS).get())
    key = dict(zip(DAILY_KEY, facts.key(rating.rated_at), strict=True))
    _bump(DailyFigures, key, rating_counts(rating.level))


def count_transition(event: DossierEvent) -> None:
    """Add the change `event` records to the aggregates, in its transaction (the last of the
    dossier's reactions, tinhso.dossiers.reactions: the rows it updates are shared)."""
    dossier, action, at = event.dossier, event.action, event.at
    if creates(event):  # the row dossier_create has just written, as it wrote it
        row = tuple(_attribute(dossier, name) for name in FACT_FIELDS)
    else:
        row = Dossier.objects.filter(pk=dossier.pk).values_list(*FACT_FIELDS).get()
    facts = _facts(row)
    extra: dict[str, Any] = {}
    files = DossierFile.objects.filter(dossier_id=dossier.pk, uploaded_at__lte=at)
    if action == Action.RECEIVE:
        extra["has_digitised"] = files.filter(kind__in=DIGITISED_KINDS).exists()
        components, first_file, reused = papers_sources([dossier.pk])
        extra["papers"] = papers_at(
            components[dossier.pk], first_file, reused.get(dossier.pk, set()), at
        )
        extra["paid_online"] = bool(facts.fees_due) and bool(_paid_online([dossier.pk]))
    elif action == Action.RETURN_RESULT:
        extra["has_result_file"] = files.filter(kind=FileKind.RESULT).exists()
    elif action == Action.APPROVE and facts.received_at is not None:
        pauses = DossierPause.objects.filter(dossier_id=dossier.pk).values_list(
            "started_at", "ended_at"
        )
        extra["working_days"] = resolved_working_days(facts.received_at, at, pauses)
    counts = event_counts(facts, action, at, **extra)
    _bump(DailyFigures, dict(zip(DAILY_KEY, facts.key(at), strict=True)), counts)
    if action == Action.RECEIVE:
        pairs = _reception_pairs(dossier)
    else:
        pairs = [_handed_over(event, dossier, action)]
    for finished, started in pairs:
        if finished is None and started is None:
            continue
        for day, agency_id, step_changes in step_counts(finished, started):
            key = {"day": day, "agency_id": agency_id, "procedure_id": facts.procedure_id}
            _bump(DailyStepFigures, key, step_changes)


def _attribute(obj: Any, path: str) -> Any:
    """`procedure_version__procedure_id` → obj.procedure_version.procedure_id."""
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


def _reception_pairs(dossier: Dossier) -> list[tuple[DossierStep | None, DossierStep | None]]:
    """At reception, the steps it opened in order: the receiving body's hand-over step when a
    dossier received at one commune is decided by another (Nghị định 118/2025/NĐ-CP,
    tinhso.dossiers.effects._hand_over_to_competent), then the first step — the same pairs
    the rebuild reads, so both bodies count it (liên thông)."""
    run = list(DossierStep.objects.filter(dossier_id=dossier.pk).order_by("started_at", "id"))
    if not run:
        return []
    return [(None, run[0]), *itertools.pairwise(run)]


STARTS_STEP = {Action.RECEIVE, Action.FORWARD, Action.SEND_BACK}
ENDS_STEP = {
    Action.FORWARD,
    Action.SEND_BACK,
    Action.APPROVE,
    Action.REFUSE,
    Action.STOP,
    Action.WITHDRAW,
}


def _handed_over(
    event: DossierEvent, dossier: Dossier, action: str
) -> tuple[DossierStep | None, DossierStep | None]:
    """(the step this transition finished, the step it started), read back from the rows."""
    finished = started = None
    if action in ENDS_STEP and event.step_id is not None:
        step = DossierStep.objects.get(pk=event.step_id)
        if step.finished_at is not None:
            finished = step
    if action in STARTS_STEP and dossier.current_step_id is not None:
        step = DossierStep.objects.get(pk=dossier.current_step_id)
        if finished is None or step.pk != finished.pk:
            started = step
    return finished, started


def _bounds(date_from: date | None, date_to: date | None, field: str = "at") -> Q:
    q = Q()
    tz = timezone.get_current_timezone()
    if date_from is not None:
        q &= Q(**{f"{field}__gte": datetime.combine(date_from, time.min, tz)})
    if date_to is not None:
        q &= Q(**{f"{field}__lt": datetime.combine(date_to, time.max, tz)})
    return q


def _first_upload(kinds: Iterable[str], dossier_ids: set[int]) -> dict[int, datetime]:
    rows = (
        DossierFile.objects.filter(kind__in=list(kinds), dossier_id__in=dossier_ids)
        .values("dossier_id")
        .annotate(first=Min("uploaded_at"))
        .values_list("dossier_id", "first")
    )
    return dict(rows)


def _chunks(ids: list[int], size: int = 5000):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _month_bounds(date_from: date | None, date_to: date | None) -> tuple[date | None, date | None]:
    """The range widened to whole months, so the monthly rows it touches are recomputed too."""
    if date_from is not None:
        date_from = date_from.replace(day=1)
    if date_to is not None:
        date_to = (date_to.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return date_from, date_to


def _roll_up(rows: dict[tuple, dict[str, Any]]) -> dict[tuple, dict[str, Any]]:
    months: dict[tuple, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for key, counts in rows.items():
        month = months[(key[0].replace(day=1), *key[1:])]
        for name, value in counts.items():
            month[name] += value
    return months


@transaction.atomic
def rebuild(date_from: date | None = None, date_to: date | None = None) -> tuple[int, int]:
    """Recompute the aggregates of the days in [date_from, date_to] (widened to whole months;
    all when None) exactly from the dossiers' timelines, and close the ended months in it
    again (tinhso.statistics.month_ends); returns (daily rows, step rows)."""
    date_from, date_to = _month_bounds(date_from, date_to)
    day_q = Q()
    if date_from is not None:
        day_q &= Q(day__gte=date_from)
    if date_to is not None:
        day_q &= Q(day__lte=date_to)
    for model in (DailyFigures, DailyStepFigures, MonthlyFigures, MonthlyStepFigures):
        model.objects.filter(day_q).delete()
    daily: dict[tuple, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    stepwise: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    in_range = _bounds(date_from, date_to)
    dossier_ids = sorted(
        set(DossierEvent.objects.filter(in_range).values_list("dossier_id", flat=True))
    )
    for ids in _chunks(dossier_ids):
        _rebuild_chunk(set(ids), in_range, date_from, date_to, daily, stepwise)
    _rebuild_ratings(date_from, date_to, daily)
    for model, rows, key in (
        (DailyFigures, daily, DAILY_KEY),
        (MonthlyFigures, _roll_up(daily), DAILY_KEY),
        (DailyStepFigures, stepwise, STEP_KEY),
        (MonthlyStepFigures, _roll_up(stepwise), STEP_KEY),
    ):
        _insert(model, key, rows)
    _close_months_again(date_from, date_to, day_q)
    cache_keys.bump(cache_keys.STATISTICS)  # the public figures (tinhso.statistics.public)
    return len(daily), len(stepwise)


def _close_months_again(date_from: date | None, date_to: date | None, day_q: Q) -> None:
    """What was in progress at each ended month's end in the range, from the dossiers."""
    MonthEndFigures.objects.filter(day_q).delete()
    ClosedMonth.objects.filter(day_q).delete()
    months = month_ends.ended_months(timezone.now(), since=date_from)
    month_ends.close_months([m for m in months if date_to is None or m <= date_to], again=True)


def _rebuild_ratings(date_from: date | None, date_to: date | None, daily) -> None:
    rows = Rating.objects.filter(_bounds(date_from, date_to, "rated_at")).values_list(
        *(f"dossier__{name}" for name in FACT_FIELDS), "rated_at", "level"
    )
    for *fact_row, rated_at, level in rows.iterator(chunk_size=10000):
        row = daily[_facts(tuple(fact_row)).key(rated_at)]
        for name, value in rating_counts(level).items():
            row[name] += value


def _insert(model, key: tuple[str, ...], rows: dict[tuple, dict[str, Any]]) -> None:
    """Plain multi-row INSERTs (executemany): bulk_create's per-value preparation dominated
    the rebuild of a province's history. Values are ints, dates, bools, str and Decimal."""
    counters = [f.attname for f in model._meta.fields if f.attname not in ("id", *key)]
    fields = {f.attname: f for f in model._meta.fields}
    columns = [fields[k].column for k in (*key, *counters)]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 – names from the model
    values = [[*k, *(v.get(name, 0) for name in counters)] for k, v in rows.items()]
    with connection.cursor() as cursor:
        for start in range(0, len(values), 5000):
            cursor.executemany(sql, values[start : start + 5000])


def _rebuild_chunk(ids, in_range, date_from, date_to, daily, stepwise) -> None:
    facts = {
        row[0]: _facts(row) for row in Dossier.objects.filter(id__in=ids).values_list(*FACT_FIELDS)
    }
    digitised = _first_upload(DIGITISED_KINDS, ids)
    results = _first_upload([FileKind.RESULT], ids)
    pauses: dict[int, list] = defaultdict(list)
    for pk, start, end in DossierPause.objects.filter(dossier_id__in=ids).values_list(
        "dossier_id", "started_at", "ended_at"
    ):
        pauses[pk].append((start, end))
    events = DossierEvent.objects.filter(in_range, dossier_id__in=ids).values_list(
        "dossier_id", "action", "at"
    )
    components, first_file, reused = papers_sources(ids)
    paid = _paid_online(ids)
    for pk, action, at in events.iterator(chunk_size=5000):
        f = facts[pk]
        extra: dict[str, Any] = {}
        if action == Action.RECEIVE:
            extra["has_digitised"] = pk in digitised and digitised[pk] <= at
            extra["papers"] = papers_at(components[pk], first_file, reused.get(pk, set()), at)
            extra["paid_online"] = pk in paid
        elif action == Action.RETURN_RESULT:
            extra["has_result_file"] = pk in results and results[pk] <= at
        elif action == Action.APPROVE and f.received_at is not None:
            extra["working_days"] = resolved_working_days(f.received_at, at, pauses[pk])
        counts = event_counts(f, action, at, **extra)
        if counts:
            row = daily[f.key(at)]
            for name, value in counts.items():
                row[name] += value
    steps = DossierStep.objects.filter(dossier_id__in=ids).order_by(
        "dossier_id", "started_at", "id"
    )
    ordered: dict[int, list[DossierStep]] = defaultdict(list)
    for step in steps.only(
        "id", "dossier_id", "agency_id", "started_at", "finished_at", "timeliness"
    ):
        ordered[step.dossier_id].append(step)
    for pk, run in ordered.items():
        procedure_id = facts[pk].procedure_id
        pairs = [(None, run[0]), *zip(run, [*run[1:], None], strict=True)]
        for finished, started in pairs:
            if finished is not None and started is None and finished.finished_at is None:
                continue
            for day, agency_id, changes in step_counts(finished, started):
                if (date_from and day < date_from) or (date_to and day > date_to):
                    continue
                row = stepwise[(day, agency_id, procedure_id)]
                for name, value in changes.items():
                    row[name] += value


__all__ = ["COUNTERS", "STEP_COUNTERS", "count_rating", "count_transition", "rebuild"]


def _paid_online(ids: list[int]) -> set[int]:
    """766 "thanh toán trực tuyến": paid through the national portal or through one of our
    gateways (a provider-confirmed payment)."""
    return portal.paid_online(ids) | payments.paid_online(ids)
