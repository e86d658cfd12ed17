"""The leaders' panel (điều hành văn bản, issue 14 item 7): what waits for the leader's
signature, which units are late with their assignments, which work files are overdue or due
soon — per unit, on a phone.

Basis: Nghị định 30/2020/NĐ-CP Điều 24 (the head of the agency directs the handling of
incoming documents and checks it), Phụ lục VI §III ("theo dõi, đôn đốc tiến độ giải quyết").
Who reads which agencies is workfiles.access.panel_scope (403 for anyone but leaders).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import BigIntegerField, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tinhso.accounts.models import StaffRole
from tinhso.documents.access import readable_documents
from tinhso.documents.models import Assignment, Document, DocumentState
from tinhso.organisation.models import Agency, Department
from tinhso.workfiles import access
from tinhso.workfiles.models import OPEN_STATES, WorkFile
from tinhso.workfiles.selectors import soon_limit, with_marks

NO_UNIT = "Chưa giao phòng, ban"


@dataclass
class UnitRow:
    agency: str
    unit: str
    overdue: int = 0
    soon: int = 0


@dataclass
class Panel:
    awaiting_signature: list[Document]
    awaiting_signature_count: int
    assignments_by_unit: list[UnitRow]
    work_files_by_unit: list[UnitRow]
    overdue_files: list[WorkFile] = field(default_factory=list)

    @property
    def overdue_assignments(self) -> int:
        return sum(r.overdue for r in self.assignments_by_unit)

    @property
    def overdue_work_files(self) -> int:
        return sum(r.overdue for r in self.work_files_by_unit)

    @property
    def due_soon_work_files(self) -> int:
        return sum(r.soon for r in self.work_files_by_unit)


def awaiting_signature(user: Any, agency_ids: list[int] | None = None) -> QuerySet[Document]:
    """Approved documents (DocumentState.APPROVED, set by the outgoing flow) of the agencies
    where the user signs, that the user may read; oldest first."""
    signs = access.signing_agencies(user)
    if agency_ids is not None:
        signs = [pk for pk in signs if pk in agency_ids]
    return (
        readable_documents(user)
        .filter(state=DocumentState.APPROVED, agency_id__in=signs)
        .order_by("updated_at", "pk")
    )


def _names(agency_ids: set[int], department_ids: set[int]) -> tuple[dict[int, str], dict]:
    agencies = {a.pk: a.short_name or a.name for a in Agency.objects.filter(pk__in=agency_ids)}
    departments = dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "name"))
    return agencies, departments


def overdue_assignments_by_unit(scope: list[int] | None, today: date) -> list[UnitRow]:
    """Lines of handling slips past their deadline and not done, per agency and department
    (the line's department, else the assignee's department in that agency)."""
    qs = Assignment.objects.filter(is_active=True, done_at__isnull=True, deadline__lt=today)
    if scope is not None:
        qs = qs.filter(document__agency_id__in=scope)
    their_department = StaffRole.objects.filter(
        user_id=OuterRef("assignee_id"),
        agency_id=OuterRef("document__agency_id"),
        is_active=True,
        department__isnull=False,
    ).values("department_id")[:1]
    rows = list(
        qs.annotate(
            unit=Coalesce(
                "department_id", Subquery(their_department), output_field=BigIntegerField()
            )
        )
        .values("document__agency_id", "unit")
        .annotate(n=Count("id"))
        .order_by()
    )
    agencies, departments = _names(
        {r["document__agency_id"] for r in rows}, {r["unit"] for r in rows if r["unit"]}
    )
    out = [
        UnitRow(
            agencies.get(r["document__agency_id"], ""),
            departments.get(r["unit"], NO_UNIT),
            overdue=r["n"],
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: (-r.overdue, r.agency, r.unit))


def _open_files(scope: list[int] | None) -> QuerySet[WorkFile]:
    qs = WorkFile.objects.filter(state__in=OPEN_STATES)
    return qs if scope is None else qs.filter(agency_id__in=scope)


def work_files_by_unit(scope: list[int] | None, now: datetime) -> list[UnitRow]:
    """Open work files (a paused one's deadline does not run) overdue or due within
    SOON_WORKING_DAYS working days, per agency and department."""
    limit = soon_limit(now)
    rows = list(
        _open_files(scope)
        .values("agency_id", "department_id")
        .annotate(
            overdue=Count("id", filter=Q(due_at__lt=now)),
            soon=Count("id", filter=Q(due_at__gte=now, due_at__lte=limit)),
        )
        .filter(Q(overdue__gt=0) | Q(soon__gt=0))
        .order_by()
    )
    agencies, departments = _names(
        {r["agency_id"] for r in rows}, {r["department_id"] for r in rows if r["department_id"]}
    )
    out = [
        UnitRow(
            agencies.get(r["agency_id"], ""),
            departments.get(r["department_id"], NO_UNIT),
            overdue=r["overdue"],
            soon=r["soon"],
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: (-r.overdue, -r.soon, r.agency, r.unit))


def panel_for(user: Any, agency_ids: list[int] | None = None, list_size: int = 20) -> Panel:
    """The panel of a leader (raises AccessDenied for others); `agency_ids` narrows it to
    agencies inside the user's scope (the dashboard's agency page)."""
    scope = access.panel_scope(user)
    if agency_ids is not None:
        scope = agency_ids if scope is None else [pk for pk in scope if pk in agency_ids]
    now = timezone.now()
    signing = awaiting_signature(user, scope)
    late = _open_files(scope).filter(due_at__lt=now).select_related("agency", "in_charge")
    return Panel(
        awaiting_signature=list(signing.select_related("agency")[:list_size]),
        awaiting_signature_count=signing.count(),
        assignments_by_unit=overdue_assignments_by_unit(scope, timezone.localdate()),
        work_files_by_unit=work_files_by_unit(scope, now),
        overdue_files=with_marks(late.order_by("due_at", "pk")[:list_size], now),
    )


def panel_or_none(user: Any, agency_ids: list[int] | None = None) -> Panel | None:
    """For the dashboard's e-office card: the panel, or None when the user is no leader."""
    if not access.user_opens_panel(user):
        return None
    return panel_for(user, agency_ids, list_size=0)
