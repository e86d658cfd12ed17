"""Lists of outgoing documents, always within what the user may read (documents.access)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tinhso.accounts.access import agencies_of, user_reads_whole_province
from tinhso.accounts.models import StaffRole
from tinhso.documents.access import BOOK_KEEPERS, office_department_q, readable_documents
from tinhso.documents.kinds import Direction
from tinhso.documents.models import Document, DocumentState
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role

S = DocumentState
IN_WORK = (S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SIGNED)
ISSUED = (S.ISSUED, S.SENT, S.RECALLED, S.REPLACED)


def _outgoing(user: Any) -> QuerySet[Document]:
    return readable_documents(user).filter(direction=Direction.OUTGOING)


def _headed(user: Any) -> list[int]:
    return list(
        StaffRole.objects.filter(user=user, is_active=True, role=Role.HEAD_OF_DEPARTMENT)
        .exclude(department=None)
        .values_list("department_id", flat=True)
    )


def my_drafts(user: Any) -> QuerySet[Document]:
    """ "Dự thảo của tôi": drafts I wrote, and my unit's if I head it, not yet issued."""
    mine = Q(created_by=user) | Q(drafting_department_id__in=_headed(user))
    return _outgoing(user).filter(mine, state__in=IN_WORK).order_by("-updated_at")


def awaiting_format_check(user: Any) -> QuerySet[Document]:
    """Drafts in review in the agencies where the user checks the format (clerk, Văn phòng)."""
    office = StaffRole.objects.filter(user=user, is_active=True).filter(
        Q(role=Role.CLERK) | office_department_q()
    )
    return (
        _outgoing(user)
        .filter(state=S.IN_REVIEW, agency_id__in=office.values("agency_id"))
        .order_by("updated_at")
    )


def awaiting_signature(user: Any) -> QuerySet[Document]:
    """ "Chờ ký": approved documents of the agencies the user leads."""
    return (
        _outgoing(user)
        .filter(state=S.APPROVED, agency__in=agencies_of(user, [Role.AGENCY_LEADER]))
        .order_by("updated_at")
    )


def awaiting_issue(user: Any) -> QuerySet[Document]:
    """ "Chờ cấp số/ban hành": signed (to number and seal) and issued (to send) documents of
    the agencies whose clerk the user is."""
    return (
        _outgoing(user)
        .filter(state__in=(S.SIGNED, S.ISSUED), agency__in=agencies_of(user, [Role.CLERK]))
        .order_by("state", "updated_at")
    )


def book_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies whose outgoing book the user may open (clerk, leader; province readers)."""
    if user_reads_whole_province(user):
        return Agency.objects.all().order_by("name")
    return agencies_of(user, BOOK_KEEPERS).order_by("name")


def outgoing_book(user: Any, agency: Agency, year: int) -> QuerySet[Document]:
    return (
        _outgoing(user)
        .filter(agency=agency, state__in=ISSUED, issued_date__year=year)
        .order_by("-book_number")
    )
