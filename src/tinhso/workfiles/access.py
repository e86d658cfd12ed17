"""Who may read and act on a work file — the one place these rules live (issue 14, items 4, 8).

- A province leader or system administrator reads every work file (reads only: acting needs
  a role in the file).
- A clerk (văn thư) or leader of an agency reads all its work files; a head of department
  reads the files of their department.
- The person in charge, the participants, whoever holds the file now or moved it on, and its
  author read it.
- A delegate (ủy quyền, WorkDelegation) reads and acts on the delegator's own files of the
  delegation's agency, only from its start date to its end date and until revoked.
- Anyone else gets 404, exactly like a missing file.

What someone is to a file (Actor) decides which transitions of workflow.py they may take.
Basis: Nghị định 30/2020/NĐ-CP Điều 28 (the officer given a task opens and keeps its file;
the head of the unit directs and checks it), Phụ lục VI §III (theo dõi, đôn đốc tiến độ; ủy
quyền xử lý).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tinhso.accounts.access import (
    AccessDenied,
    agencies_of,
    user_is_staff,
    user_reads_whole_province,
)
from tinhso.accounts.models import StaffRole, User
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role
from tinhso.workfiles.models import Participant, WorkDelegation, WorkFile

NOT_FOUND = "Không tìm thấy hồ sơ công việc, hoặc hồ sơ không thuộc phạm vi của bạn."
STAFF_ONLY = "Hồ sơ công việc dành cho cán bộ, công chức."
NOT_A_LEADER = "Trang điều hành văn bản dành cho lãnh đạo cơ quan và lãnh đạo tỉnh."
AGENCY_READERS = frozenset({Role.CLERK, Role.AGENCY_LEADER})
WORKING_ROLES = frozenset(
    {Role.SPECIALIST, Role.HEAD_OF_DEPARTMENT, Role.AGENCY_LEADER, Role.CLERK}
)


class Actor(StrEnum):
    IN_CHARGE = "in_charge"
    PARTICIPANT = "participant"
    HEAD = "head"
    LEADER = "leader"


ACTOR_LABELS = {
    Actor.IN_CHARGE: "người chủ trì hồ sơ",
    Actor.PARTICIPANT: "người tham gia xử lý",
    Actor.HEAD: "lãnh đạo phòng của đơn vị xử lý",
    Actor.LEADER: "lãnh đạo cơ quan",
}
MANAGERS = frozenset({Actor.IN_CHARGE, Actor.HEAD, Actor.LEADER})
WORKERS = MANAGERS | {Actor.PARTICIPANT}


class WorkFileNotFound(Http404):
    pass


@dataclass(frozen=True)
class Capacity:
    """What the user is to a file, in their own right (on_behalf_of None) or as delegate."""

    actors: frozenset[Actor]
    on_behalf_of: User | None = None


def active_delegations(user: Any, today: date | None = None) -> QuerySet[WorkDelegation]:
    """The delegations the user holds today (start ≤ today ≤ end, not revoked)."""
    if not user_is_staff(user):
        return WorkDelegation.objects.none()
    today = today or timezone.localdate()
    return WorkDelegation.objects.filter(
        to_user=user, start_date__lte=today, end_date__gte=today, revoked_at__isnull=True
    ).select_related("from_user")


def _personal(user_ids: list[int]) -> Q:
    return (
        Q(in_charge_id__in=user_ids)
        | Q(holder_id__in=user_ids)
        | Q(participants__user_id__in=user_ids)
        # who moved it on in their own right still follows it (not a former delegate)
        | Q(steps__from_user_id__in=user_ids, steps__on_behalf_of__isnull=True)
    )


def _head_departments(user: Any) -> list[int]:
    return list(
        StaffRole.objects.filter(
            user=user, is_active=True, role=Role.HEAD_OF_DEPARTMENT, department__isnull=False
        ).values_list("department_id", flat=True)
    )


def readable_work_files(user: Any) -> QuerySet[WorkFile]:
    """Every work file the user may read (the base of every list, page and API call)."""
    if not user_is_staff(user):
        return WorkFile.objects.none()
    if user_reads_whole_province(user):
        return WorkFile.objects.all()
    visible = (
        Q(agency__in=agencies_of(user, AGENCY_READERS))
        | _personal([user.pk])
        | Q(created_by=user)
        | Q(department_id__in=_head_departments(user))
    )
    for d in active_delegations(user):
        visible |= Q(agency_id=d.agency_id) & _personal([d.from_user_id])
    return WorkFile.objects.filter(pk__in=WorkFile.objects.filter(visible).values("pk"))


def readable_work_file(user: Any, pk: int) -> WorkFile:
    """The file, or 404 whether it is missing or not the user's to read."""
    found = readable_work_files(user).filter(pk=pk).select_related("agency").first()
    if found is None:
        raise WorkFileNotFound(NOT_FOUND)
    return found


def check_user_is_staff(user: Any) -> None:
    if not user_is_staff(user):
        raise AccessDenied(STAFF_ONLY)


def _own_actors(user_id: int, wf: WorkFile) -> frozenset[Actor]:
    found: set[Actor] = set()
    if wf.in_charge_id == user_id:
        found.add(Actor.IN_CHARGE)
    if Participant.objects.filter(work_file=wf, user_id=user_id).exists():
        found.add(Actor.PARTICIPANT)
    roles = StaffRole.objects.filter(user_id=user_id, agency_id=wf.agency_id, is_active=True)
    if roles.filter(role=Role.AGENCY_LEADER).exists():
        found.add(Actor.LEADER)
    if (
        wf.department_id
        and roles.filter(role=Role.HEAD_OF_DEPARTMENT, department_id=wf.department_id).exists()
    ):
        found.add(Actor.HEAD)
    return frozenset(found)


def _is_personal(user_id: int, wf: WorkFile) -> bool:
    return (
        wf.in_charge_id == user_id
        or wf.holder_id == user_id
        or Participant.objects.filter(work_file=wf, user_id=user_id).exists()
    )


def capacities(user: Any, wf: WorkFile, today: date | None = None) -> list[Capacity]:
    """The user's own capacity first, then one per delegator whose file this is."""
    if not user_is_staff(user):
        return []
    found = [Capacity(_own_actors(user.pk, wf))]
    for d in active_delegations(user, today).filter(agency_id=wf.agency_id):
        if _is_personal(d.from_user_id, wf):
            found.append(Capacity(_own_actors(d.from_user_id, wf), d.from_user))
    return found


def actors_of(user: Any, wf: WorkFile) -> frozenset[Actor]:
    """Everything the user may act as on the file, own and delegated."""
    out: set[Actor] = set()
    for c in capacities(user, wf):
        out |= c.actors
    return frozenset(out)


def capacity_for(user: Any, wf: WorkFile, wanted: frozenset[Actor]) -> Capacity | None:
    """The first capacity (own before delegated) that holds one of `wanted`."""
    for c in capacities(user, wf):
        if c.actors & wanted:
            return c
    return None


def acts_for(user: Any, principal_id: int | None, agency_id: int) -> bool:
    """The user is the principal, or holds an active delegation from them in the agency."""
    if principal_id is None:
        return False
    if user.pk == principal_id:
        return True
    return active_delegations(user).filter(from_user_id=principal_id, agency_id=agency_id).exists()


def creatable_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies in which the user may open a work file (has a working role there)."""
    return agencies_of(user, WORKING_ROLES)


def user_assigns_in(user: Any, agency: Agency) -> bool:
    """A leader or head of the agency may put someone else in charge of a new file."""
    return (
        agencies_of(user, [Role.AGENCY_LEADER, Role.HEAD_OF_DEPARTMENT])
        .filter(pk=agency.pk)
        .exists()
    )


def agency_staff(agency_id: int) -> QuerySet[User]:
    """The officers holding a working role in the agency (who a file may go to)."""
    ids = StaffRole.objects.filter(
        agency_id=agency_id, is_active=True, role__in=WORKING_ROLES
    ).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "pk")


# --- the leaders' panel (điều hành văn bản) --------------------------------------------------

WHOLE_PROVINCE = None


def panel_scope(user: Any) -> list[int] | None:
    """None = the whole province; a list = the agencies the user leads; 403 for others."""
    check_user_is_staff(user)
    if user_reads_whole_province(user):
        return WHOLE_PROVINCE
    led = list(agencies_of(user, [Role.AGENCY_LEADER]).values_list("pk", flat=True))
    if not led:
        raise AccessDenied(NOT_A_LEADER)
    return led


def user_opens_panel(user: Any) -> bool:
    try:
        panel_scope(user)
    except AccessDenied:
        return False
    return True


def signing_agencies(user: Any) -> list[int]:
    """Where the user signs: the agencies they lead (as agency or province leader)."""
    return list(
        agencies_of(user, [Role.AGENCY_LEADER, Role.PROVINCE_LEADER]).values_list("pk", flat=True)
    )
