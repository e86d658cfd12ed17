"""Who may read a dossier, see its applicant's personal data, download its files, and what
a user is to it (applicant, reception, step, leader) — the one place these rules live.

- An officer reads the dossiers their agency received, decides (competent agency), or has
  (had) a step of; a province leader or system administrator reads all; a citizen or
  business reads their own. A dossier the user may not read answers 404 exactly like a
  missing one, so codes of other agencies' dossiers cannot be confirmed.
- Personal data (CCCD, phone, address): the applicant and officers of an agency that handles
  the dossier; province-wide readers see the case, not the person (Nghị định 13/2023/NĐ-CP:
  personal data only for the purpose it was collected for).
- What a user may *do* is the transition table of tinhso.dossiers.workflow, which asks
  `actors_of` here who the user is to the dossier.

Pairs: `user_can_X(user, obj) -> bool` answers; `check_user_can_X(user, obj) -> None` raises
DossierNotFound (404) or tinhso.accounts.access.AccessDenied (403). See docs/access.md.
"""

from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from tinhso.accounts.access import (
    active_roles,
    agencies_of,
    user_is_applicant,
    user_is_signed_in,
    user_is_staff,
    user_reads_whole_province,
)
from tinhso.accounts.models import StaffRole
from tinhso.dossiers.constants import FINAL_STATUSES, FileKind, Status
from tinhso.dossiers.decisions import agency_at_fault_id
from tinhso.dossiers.models import Dossier, DossierFile, DossierStep
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role

NOT_FOUND = "Không tìm thấy hồ sơ, hoặc hồ sơ không thuộc phạm vi của bạn."
NOT_MINE = "Không tìm thấy hồ sơ này trong danh sách hồ sơ của bạn."
READ_RELATED = ("procedure_version", "receiving_agency", "competent_agency", "current_step")
MAX_CODE_LENGTH = 40


class DossierNotFound(Http404):
    """The dossier does not exist or the user may not read it: the same answer, 404."""


class Actor(StrEnum):
    """Who may take a transition, relative to the dossier."""

    RECEPTION = "reception"  # cán bộ một cửa of the receiving agency
    STEP = "step"  # the role and agency (and department) of the current step
    LEADER = "leader"  # lãnh đạo of the competent agency
    APPLICANT = "applicant"  # the account that filed the dossier
    # lãnh đạo of the agency at fault for a delay (tinhso.dossiers.decisions.agency_at_fault)
    FAULT_LEADER = "fault_leader"


# --- reading --------------------------------------------------------------------------------


def readable_dossiers(user: Any) -> QuerySet[Dossier]:
    """Every dossier the user may open."""
    qs = Dossier.objects.all()
    if user_is_applicant(user):
        return qs.filter(applicant=user)
    if not user_is_staff(user):
        return qs.none()
    if user_reads_whole_province(user):
        return qs
    agency_ids = sorted({r.agency_id for r in active_roles(user)})
    if not agency_ids:
        return qs.none()
    had_step = DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id__in=agency_ids)
    return qs.filter(
        Q(receiving_agency_id__in=agency_ids)
        | Q(competent_agency_id__in=agency_ids)
        | Exists(had_step)
    )


def user_can_read_dossier(user: Any, dossier: Dossier) -> bool:
    return readable_dossiers(user).filter(pk=dossier.pk).exists()


def check_user_can_read_dossier(user: Any, dossier: Dossier) -> None:
    if not user_can_read_dossier(user, dossier):
        raise DossierNotFound(NOT_FOUND)


def dossier_for(user: Any, code: str) -> Dossier | None:
    """The dossier if this user may read it; None both when missing and when forbidden."""
    if len(code) > MAX_CODE_LENGTH:
        return None
    return readable_dossiers(user).select_related(*READ_RELATED).filter(code=code).first()


def readable_dossier(user: Any, code: str) -> Dossier:
    """The dossier if this user may read it; DossierNotFound (404) otherwise."""
    dossier = dossier_for(user, code)
    if dossier is None:
        raise DossierNotFound(NOT_FOUND)
    return dossier


# --- the applicant's own dossiers -----------------------------------------------------------


def own_dossiers(user: Any) -> QuerySet[Dossier]:
    """The dossiers filed by the user's own account (none for staff and visitors)."""
    if not user_is_applicant(user):
        return Dossier.objects.none()
    return Dossier.objects.filter(applicant=user)


def user_is_applicant_of(user: Any, dossier: Dossier) -> bool:
    """The account that filed the dossier (the only one that rates it, supplements it…)."""
    return (
        user_is_signed_in(user)
        and dossier.applicant_id is not None
        and dossier.applicant_id == user.pk
    )


def check_user_is_applicant_of(user: Any, dossier: Dossier) -> None:
    if not user_is_applicant_of(user, dossier):
        raise DossierNotFound(NOT_MINE)


def own_dossier(user: Any, code: str) -> Dossier:
    """One of the user's own dossiers; DossierNotFound (404) when missing or someone else's."""
    if len(code) > MAX_CODE_LENGTH:
        raise DossierNotFound(NOT_MINE)
    dossier = own_dossiers(user).select_related(*READ_RELATED).filter(code=code).first()
    if dossier is None:
        raise DossierNotFound(NOT_MINE)
    return dossier


# --- personal data and files ----------------------------------------------------------------


def _handles(user: Any, dossier: Dossier) -> bool:
    """One of the user's agencies received, decides or has (had) a step of the dossier."""
    agency_ids = {r.agency_id for r in active_roles(user)}
    if agency_ids & {dossier.receiving_agency_id, dossier.competent_agency_id}:
        return True
    return dossier.steps.filter(agency_id__in=agency_ids).exists()


def user_sees_personal_data(user: Any, dossier: Dossier) -> bool:
    """CCCD, phone and address: the applicant, and officers of an agency that handles it.

    Province-wide readers (leaders, administrators) see the case, not the person
    (Nghị định 13/2023/NĐ-CP: personal data only for the purpose it was collected for).
    """
    if user_is_applicant_of(user, dossier):
        return True
    if not user_is_staff(user):
        return False
    return _handles(user, dossier)


def applicant_may_download(stored: DossierFile) -> bool:
    """What the applicant downloads of their own dossier: what was filed, and the result
    once it is returned to them (not while the officers may still replace it)."""
    return stored.kind != FileKind.RESULT or stored.dossier.status == Status.RETURNED


def user_can_download_file(user: Any, stored: DossierFile) -> bool:
    """An officer of an agency that handles the dossier downloads every file of it; the
    applicant what they filed, and the result once it is returned to them.

    The papers are the applicant's personal data (a CCCD copy, a birth certificate): a
    province-wide reader sees which papers a dossier has, not the papers themselves, as they
    see the case and not the person (Nghị định 13/2023/NĐ-CP)."""
    dossier = stored.dossier
    if user_is_staff(user):
        return user_sees_personal_data(user, dossier)
    return user_is_applicant_of(user, dossier) and applicant_may_download(stored)


def user_can_download_files_of(user: Any, dossier: Dossier) -> bool:
    """Whether the officer's dossier page links its files (user_can_download_file's rule)."""
    return user_is_staff(user) and user_sees_personal_data(user, dossier)


def check_user_can_download_file(user: Any, stored: DossierFile) -> None:
    if not user_can_download_file(user, stored):
        raise DossierNotFound("Không tìm thấy tệp này trong hồ sơ.")


# --- what the user is to the dossier --------------------------------------------------------


def actors_of(user: Any, dossier: Dossier, roles: list[StaffRole] | None = None) -> set[Actor]:
    """What the user is to this dossier. Province-wide readers are none of these."""
    found: set[Actor] = set()
    if user_is_applicant_of(user, dossier):
        found.add(Actor.APPLICANT)
    if not user_is_staff(user):
        return found
    if roles is None:
        roles = active_roles(user)
    step = dossier.current_step
    for r in roles:
        if r.role == Role.RECEPTION and r.agency_id == dossier.receiving_agency_id:
            found.add(Actor.RECEPTION)
        if r.role == Role.AGENCY_LEADER and r.agency_id == dossier.competent_agency_id:
            found.add(Actor.LEADER)
        if (
            step is not None
            and r.agency_id == step.agency_id
            and r.role == step.role
            and (step.department_id is None or r.department_id in (None, step.department_id))
        ):
            found.add(Actor.STEP)
    leader_of = {r.agency_id for r in roles if r.role == Role.AGENCY_LEADER}
    if (
        leader_of
        and dossier.status == Status.PROCESSING
        and step is not None
        and agency_at_fault_id(dossier) in leader_of
    ):
        found.add(Actor.FAULT_LEADER)
    return found


def user_can_change_delivery(user: Any, dossier: Dossier) -> bool:
    """How the result is returned: the applicant, or the one-stop officer of the receiving
    agency on the applicant's request, until the result is returned (Nghị định 118/2025)."""
    if dossier.status in FINAL_STATUSES:
        return False
    return user_is_delivery_party(user, dossier)


def user_is_delivery_party(user: Any, dossier: Dossier) -> bool:
    """Who may choose how the result is returned, whatever the dossier's status."""
    return bool(actors_of(user, dossier) & {Actor.APPLICANT, Actor.RECEPTION})


# --- registers ------------------------------------------------------------------------------


def user_sees_register_personal_data(user: Any, agency: Agency) -> bool:
    """The applicants' names, addresses and phones in an agency's sổ theo dõi (Mẫu 07): its
    own officers, who received the dossiers; a province-wide reader sees the register with
    the names only, as on the dossier page (Nghị định 13/2023/NĐ-CP)."""
    return agencies_of(user).filter(pk=agency.pk).exists()


def register_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies whose sổ theo dõi hồ sơ (Mẫu 07) the user may print: every active agency
    for province-wide readers, else the agencies where the user holds a role."""
    if user_reads_whole_province(user):
        return Agency.objects.filter(is_active=True)
    return agencies_of(user)
