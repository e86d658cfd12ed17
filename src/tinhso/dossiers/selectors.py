"""Who may read which dossiers, and the officers' queues.

An officer reads the dossiers their agency received, decides, or has (had) a step of; a
province leader or system administrator reads all; a citizen or business reads their own.
"""

from datetime import datetime, time

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tinhso.accounts.constants import AccountKind, Role
from tinhso.accounts.models import StaffRole, User
from tinhso.accounts.selectors import reads_whole_province
from tinhso.dossiers.constants import Status, StepState
from tinhso.dossiers.models import Dossier, DossierStep
from tinhso.workcalendar import calendar

QUEUE_FIELDS = ("procedure_version", "receiving_agency", "competent_agency", "current_step")


def _roles(user: User) -> list[StaffRole]:
    return list(StaffRole.objects.filter(user=user, is_active=True))


def visible_dossiers(user: User) -> QuerySet[Dossier]:
    """Every dossier the user may open."""
    qs = Dossier.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.kind != AccountKind.STAFF:
        return qs.filter(applicant=user)
    if reads_whole_province(user):
        return qs
    agency_ids = sorted({r.agency_id for r in _roles(user)})
    if not agency_ids:
        return qs.none()
    had_step = DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id__in=agency_ids)
    return qs.filter(
        Q(receiving_agency_id__in=agency_ids)
        | Q(competent_agency_id__in=agency_ids)
        | Exists(had_step)
    )


def dossier_for(user: User, code: str) -> Dossier | None:
    """The dossier if this user may read it; None both when missing and when forbidden."""
    return visible_dossiers(user).select_related(*QUEUE_FIELDS).filter(code=code).first()


def _work_filter(roles: list[StaffRole]) -> Q:
    """Dossiers waiting for one of the user's roles: at a step they hold, or at reception."""
    q = Q(pk__in=[])
    for r in roles:
        if r.role == Role.RECEPTION:
            q |= Q(
                receiving_agency_id=r.agency_id,
                status__in=[Status.SUBMITTED, Status.RESULT_READY],
            )
        step = Q(
            status__in=[Status.PROCESSING, Status.AWAITING_SUPPLEMENT],
            current_step__state=StepState.ACTIVE,  # lets PostgreSQL use active_step_queue
            current_step__agency_id=r.agency_id,
            current_step__role=r.role,
        )
        if r.department_id is not None:
            step &= Q(current_step__department_id__isnull=True) | Q(
                current_step__department_id=r.department_id
            )
        q |= step
    return q


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
    "tat-ca": "Tất cả hồ sơ được xem",
}


def queue(
    user: User, name: str, now: datetime | None = None, roles: list[StaffRole] | None = None
) -> QuerySet[Dossier]:
    """One of the officer's queues, most urgent first."""
    now = now or timezone.now()
    mine = Dossier.objects.filter(_work_filter(_roles(user) if roles is None else roles))
    match name:
        case "viec-cua-toi":
            qs = mine
        case "cho-tiep-nhan":
            qs = mine.filter(status=Status.SUBMITTED)
        case "cho-tra-ket-qua":
            qs = mine.filter(status=Status.RESULT_READY)
        case "sap-den-han":
            qs = mine.filter(status=Status.PROCESSING, due_at__gte=now, due_at__lte=soon_limit(now))
        case "qua-han":
            scope = visible_dossiers(user) if reads_whole_province(user) else mine
            qs = scope.filter(status=Status.PROCESSING, due_at__lt=now)
        case _:
            return visible_dossiers(user).select_related(*QUEUE_FIELDS).order_by("-submitted_at")
    return qs.select_related(*QUEUE_FIELDS).order_by("due_at", "submitted_at")


def queue_counts(user: User) -> dict[str, int]:
    roles = _roles(user)
    return {name: queue(user, name, roles=roles).count() for name in QUEUES if name != "tat-ca"}


def timeline(dossier: Dossier):
    return dossier.events.select_related("step", "step__agency").order_by("at", "id")


def steps(dossier: Dossier) -> QuerySet[DossierStep]:
    return dossier.steps.select_related("agency", "department", "finished_by").order_by(
        "started_at", "id"
    )


def active_step_count(dossier: Dossier) -> int:
    return dossier.steps.filter(state=StepState.ACTIVE).count()


def mask_name(name: str) -> str:
    """'Nguyễn Thị Ánh' → 'N*** T** Á**': enough for the applicant to recognise, no more."""
    return " ".join(w[0] + "*" * max(len(w) - 1, 2) for w in name.split() if w)


def public_dossier(code: str) -> Dossier | None:
    return (
        Dossier.objects.select_related("procedure_version", "receiving_agency", "competent_agency")
        .filter(code=code.strip().upper())
        .first()
    )


def sees_personal_data(user: User, dossier: Dossier) -> bool:
    """CCCD, phone and address: the applicant, and officers of an agency that handles it.

    Province-wide readers (leaders, administrators) see the case, not the person
    (Nghị định 13/2023/NĐ-CP: personal data only for the purpose it was collected for).
    """
    if dossier.applicant_id is not None and dossier.applicant_id == user.pk:
        return True
    if user.kind != AccountKind.STAFF:
        return False
    agency_ids = {r.agency_id for r in _roles(user)}
    involved = {dossier.receiving_agency_id, dossier.competent_agency_id}
    if agency_ids & involved:
        return True
    return dossier.steps.filter(agency_id__in=agency_ids).exists()
