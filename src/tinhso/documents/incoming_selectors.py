"""Queries of the incoming-document pages and API: lists, the assignee's inbox, history."""

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from tinhso.accounts.access import agencies_of, user_is_staff, user_reads_whole_province
from tinhso.audit.models import AuditEvent
from tinhso.documents import access
from tinhso.documents.kinds import Direction
from tinhso.documents.models import Assignment, Document, DocumentBook, DocumentState

OPEN_STATES = (DocumentState.REGISTERED, DocumentState.ASSIGNED, DocumentState.IN_PROGRESS)
INCOMING_STATES = [
    (s.value, s.label)
    for s in (
        DocumentState.REGISTERED,
        DocumentState.ASSIGNED,
        DocumentState.IN_PROGRESS,
        DocumentState.DONE,
        DocumentState.REFUSED,
    )
]


def incoming_documents(
    user: Any,
    *,
    q: str = "",
    state: str = "",
    urgency: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Document]:
    """The agency's incoming book as the user may read it, newest first, filtered."""
    qs = access.readable_documents(user).filter(direction=Direction.INCOMING)
    qs = qs.exclude(state=DocumentState.PENDING)
    if q.strip():
        term = q.strip()
        qs = qs.filter(
            Q(subject__icontains=term)
            | Q(code_notation__icontains=term)
            | Q(organ_name__icontains=term)
            | Q(code_number=term)
        )
    if state:
        qs = qs.filter(state=state)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if start:
        qs = qs.filter(arrival_at__date__gte=start)
    if end:
        qs = qs.filter(arrival_at__date__lte=end)
    return qs.select_related("agency").order_by("-registered_at", "-pk")


def inbox(user: Any, *, include_done: bool = False) -> QuerySet[Assignment]:
    """Văn bản đến của tôi: the active lines that reach the user (by name or by unit) on
    documents still open, nearest deadline first.

    Only documents the user may read (documents.access): a confidential document assigned
    to a department does not reach its members who are not named on it (Luật Bảo vệ bí mật
    nhà nước 2018, Điều 11)."""
    if not user_is_staff(user):
        return Assignment.objects.none()
    by_unit = Q(department_id__in=access.user_departments(user)) & access.confidential_ok(
        user, "document__"
    )
    qs = Assignment.objects.filter(Q(assignee=user) | by_unit, is_active=True)
    if include_done:
        qs = qs.filter(document__direction=Direction.INCOMING)
    else:
        # `id IN (open incoming documents)`: PostgreSQL hashes the few open documents from the
        # partial index doc_open_incoming instead of fetching the document of every line ever
        # given to the user and their unit, most of them long done (bench/documents_million_
        # bench.py: 147 ms → under 50 ms for a specialist among 1,000,000 documents).
        open_documents = Document.objects.filter(
            direction=Direction.INCOMING, state__in=OPEN_STATES
        ).values("pk")
        qs = qs.filter(document_id__in=open_documents)
    return qs.select_related("document", "document__agency", "department", "assignee").order_by(
        "read_at", "deadline", "-assigned_at"
    )


def books_of(user: Any) -> QuerySet[DocumentBook]:
    """The incoming books the user keeps or leads (clerk, agency leader) or reads province-wide."""
    qs = DocumentBook.objects.filter(direction=Direction.INCOMING).select_related("agency")
    if user_reads_whole_province(user):
        return qs.order_by("-year", "agency__name", "series")
    return qs.filter(agency__in=agencies_of(user, access.BOOK_KEEPERS)).order_by("-year", "series")


def history(document: Document) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type="documents.Document", object_id=str(document.pk)
    ).order_by("at", "id")


def slip(document: Document) -> list[Assignment]:
    return list(
        document.assignments.select_related("assignee", "department", "parent").order_by(
            "-is_active", "parent_id", "pk"
        )
    )
