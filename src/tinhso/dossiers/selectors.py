"""The officers' queues and what a dossier page lists (steps, timeline).

Who may read which dossier is tinhso.dossiers.access: every queue starts from what it allows.
"""

from datetime import datetime, time

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tinhso.accounts.access import active_roles, user_reads_whole_province
from tinhso.accounts.models import StaffRole, User
from tinhso.dossiers import clocks
from tinhso.dossiers.access import readable_dossiers
from tinhso.dossiers.constants import Status, StepState
from tinhso.dossiers.models import Dossier, DossierStep
from tinhso.dossiers.overdue import due_soon_q, overdue_q
from tinhso.organisation.roles import Role
from tinhso.workcalendar import calendar

QUEUE_FIELDS = ("procedure_version", "receiving_agency", "competent_agency", "current_step")


RECEPTION_STATUSES = frozenset({Status.SUBMITTED, Status.RESULT_READY})
STEP_STATUSES = frozenset({Status.PROCESSING, Status.AWAITING_SUPPLEMENT})


def _work_filter(roles: list[StaffRole], statuses: frozenset[str], within: Q | None = None) -> Q:
    """Dossiers in `statuses` waiting for one of the user's roles: at reception or at a step.

    A step's dossiers are found through the active step (index active_step_queue), then the
    dossier pointing at it (index dossier_current_step_open): two index look-ups however many
    closed dossiers the agency has.

    `within` (overdue, due soon) is a condition that itself keeps to `statuses`; it then stands
    in for the status test instead of being added to it. PostgreSQL multiplies the selectivity
    of two tests of one column, expected 40 times too few rows and reached the overdue list of
    a large agency through every open dossier of the province (issue 17, a million dossiers:
    88 ms instead of 21).
    """
    clauses: list[Q] = []
    at_reception = sorted(statuses & RECEPTION_STATUSES)
    at_step = sorted(statuses & STEP_STATUSES)
    for r in roles:
        if r.role == Role.RECEPTION and at_reception:
            place = Q(receiving_agency_id=r.agency_id)
            clauses.append(place & (within or Q(status__in=at_reception)))
        if not at_step:
            continue
        active = DossierStep.objects.filter(
            state=StepState.ACTIVE, agency_id=r.agency_id, role=r.role
        )
        if r.department_id is not None:
            active = active.filter(Q(department_id__isnull=True) | Q(department_id=r.department_id))
        at_active = Q(current_step__in=active.values("pk"))
        clauses.append(at_active & (within or Q(status__in=at_step)))
        if r.role == Role.AGENCY_LEADER and Status.PROCESSING in at_step:
            # A proposal to refuse waits for the competent agency's leader (docs/decisions.md).
            proposal = Q(
                competent_agency_id=r.agency_id,
                refusal_proposed_at__isnull=False,
                status=Status.PROCESSING,
            )
            clauses.append(proposal & within if within is not None else proposal)
    if len(clauses) < 2:
        return clauses[0] if clauses else Q(pk__in=[])
    # Several places (a leader's step and the refusals proposed to them, a one-stop officer
    # who also processes): the UNION of each place's dossiers. Joined by OR in one WHERE, the
    # places could not each use their index and a leader's page walked all million dossiers
    # in deadline order (issue 17: 855 ms; 7 ms as a union).
    places = [Dossier.objects.filter(c).values("pk").order_by() for c in clauses]
    return Q(pk__in=places[0].union(*places[1:]))


def soon_limit(now: datetime | None = None) -> datetime:
    """The close of office on the second working day from today (sắp đến hạn)."""
    today = timezone.localdate(now or timezone.now())
    day = calendar.add_working_days(today, 2)
    closes = time.fromisoformat(settings.OFFICE_CLOSES_AT)
    return timezone.make_aware(datetime.combine(day, closes))


QUEUES = {
    "viec-cua-toi": "Việc của tôi",
    "cho-tiep-nhan": "Chờ tiếp nhận",
    "sap-den-han": "Sắp đến hạn (2 ngày làm việc)",
    "qua-han": "Quá hạn",
    "cho-tra-ket-qua": "Chờ trả kết quả",
    "ket-qua-chua-nhan": "Kết quả chưa nhận",
    "tat-ca": "Tất cả hồ sơ được xem",
}


# Each work queue: the statuses it shows and what else it asks of the dossier.
WORK_QUEUES: dict[str, frozenset[str]] = {
    "viec-cua-toi": RECEPTION_STATUSES | STEP_STATUSES,
    "cho-tiep-nhan": frozenset({Status.SUBMITTED}),
    "cho-tra-ket-qua": frozenset({Status.RESULT_READY}),
    "sap-den-han": frozenset({Status.PROCESSING}),
    "qua-han": STEP_STATUSES,  # a dossier waiting for a supplement may be overdue too
    # Issue 12 §16: results ready for RESULT_UNCOLLECTED_DAYS working days (dossiers.clocks).
    "ket-qua-chua-nhan": frozenset({Status.RESULT_READY}),
}


def queue(
    user: User, name: str, now: datetime | None = None, roles: list[StaffRole] | None = None
) -> QuerySet[Dossier]:
    """One of the officer's queues, most urgent first."""
    now = now or timezone.now()
    if name not in WORK_QUEUES:
        return readable_dossiers(user).select_related(*QUEUE_FIELDS).order_by("-submitted_at")
    roles = active_roles(user) if roles is None else roles
    # Overdue and due soon by the LEGAL deadline, whatever an extension says
    # (tinhso.dossiers.overdue; Nghị định 118/2025/NĐ-CP), most urgent first.
    if name == "qua-han":
        if user_reads_whole_province(user):
            qs = readable_dossiers(user).filter(overdue_q(now))  # it keeps to STEP_STATUSES
        else:
            qs = Dossier.objects.filter(_work_filter(roles, WORK_QUEUES[name], overdue_q(now)))
        return qs.select_related(*QUEUE_FIELDS).order_by("legal_due_at", "submitted_at")
    if name == "sap-den-han":
        within = due_soon_q(now, soon_limit(now))
        qs = Dossier.objects.filter(_work_filter(roles, WORK_QUEUES[name], within))
    else:
        qs = Dossier.objects.filter(_work_filter(roles, WORK_QUEUES[name]))
    if name == "ket-qua-chua-nhan":
        qs = qs.filter(uncollected_q(qs, now))
    return qs.select_related(*QUEUE_FIELDS).order_by("due_at", "submitted_at")


def uncollected_q(qs: QuerySet[Dossier], now: datetime) -> Q:
    """Those of `qs` whose result waits uncollected (clocks.result_uncollected): every result
    ready before clocks.surely_uncollected_before, and of the few days after it those the
    working-time count says."""
    surely = clocks.surely_uncollected_before(now)
    window = qs.filter(
        status=Status.RESULT_READY,
        result_ready_at__gt=surely,
        result_ready_at__lte=clocks.uncollected_candidates_before(now),
    ).only("pk", "status", "result_ready_at")
    counted = [d.pk for d in window if clocks.result_uncollected(d, now)]
    return Q(status=Status.RESULT_READY) & (Q(result_ready_at__lte=surely) | Q(pk__in=counted))


def queue_counts(
    user: User, known: dict[str, int] | None = None, roles: list[StaffRole] | None = None
) -> dict[str, int]:
    """How many dossiers each work queue holds (the tabs' badges); `known` saves counting one
    twice.

    One statement counts the queues that are slices of "Việc của tôi" (a conditional COUNT
    over the officer's work, which the planner reaches through the active steps: issue 17,
    the queue page on a million dossiers spent most of its time in one COUNT per tab); each
    slice is the same filter `queue` applies, so a badge always equals its list.
    """
    now = timezone.now()
    roles = active_roles(user) if roles is None else roles
    known = known or {}
    slices: dict[str, Q] = {
        "viec-cua-toi": Q(),
        "cho-tiep-nhan": Q(status=Status.SUBMITTED),
        "cho-tra-ket-qua": Q(status=Status.RESULT_READY),
        "sap-den-han": due_soon_q(now, soon_limit(now)),
    }
    whole_province_overdue = user_reads_whole_province(user)
    if not whole_province_overdue:
        slices["qua-han"] = overdue_q(now)
    wanted = {name: q for name, q in slices.items() if name not in known}
    counts = dict(known)
    if wanted:
        work = Dossier.objects.filter(_work_filter(roles, WORK_QUEUES["viec-cua-toi"]))
        counts.update(
            work.aggregate(
                **{
                    name.replace("-", "_"): Count("pk", filter=q) if q else Count("pk")
                    for name, q in wanted.items()
                }
            ).items()
        )
        counts = {name.replace("_", "-"): value for name, value in counts.items()}
    for name in WORK_QUEUES:
        if name not in counts:
            counts[name] = queue(user, name, now, roles=roles).count()
    return {name: counts[name] for name in WORK_QUEUES}


def timeline(dossier: Dossier):
    return dossier.events.select_related("step", "step__agency").order_by("at", "id")


def steps(dossier: Dossier) -> QuerySet[DossierStep]:
    return dossier.steps.select_related("agency", "department", "finished_by").order_by(
        "started_at", "id"
    )


def active_step_count(dossier: Dossier) -> int:
    return dossier.steps.filter(state=StepState.ACTIVE).count()


def mask_name(name: str) -> str:
    """'Nguyễn Thị Ánh' → 'N*** T*** Á***': the initials, enough for the applicant to
    recognise; every word gets the same three stars, so the lengths of the words (which narrow
    a name down) are not shown either (Luật 91/2025/QH15: no more personal data than needed)."""
    return " ".join(w[0] + "***" for w in name.split() if w)


def public_dossier(code: str) -> Dossier | None:
    return (
        Dossier.objects.select_related("procedure_version", "receiving_agency", "competent_agency")
        .filter(code=code.strip().upper())
        .first()
    )


def superseded_results(dossier: Dossier) -> set[int]:
    """RESULT files replaced by their signed version (kept as evidence, never handed out):
    issue 13 item 5, dossiers.result_signing."""
    from tinhso.dossiers.result_signing import superseded_result_ids

    return superseded_result_ids(dossier)
