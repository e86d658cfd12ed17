"""Who may read and act on a document — the one place these rules live (issue 14, item 8).

- A province leader or system administrator reads every document.
- A clerk (văn thư) or leader of an agency reads its books: every non-confidential document
  the agency holds, incoming and outgoing.
- A head of department reads what is assigned to the department or any of its people, and
  the drafts the department writes; a specialist reads what is assigned to them or to their
  department, and what they drafted.
- A confidential document (Mật, Tối mật, Tuyệt mật) is read only by the people named on it,
  those assigned to it by name, its author and province-wide readers (Luật Bảo vệ bí mật nhà
  nước 2018, Điều 11: only people with a task that needs it).
- Anyone else gets 404, exactly like a missing document, so numbers of other agencies'
  documents cannot be confirmed.

Pairs: `user_can_X(user, obj) -> bool` answers; `check_user_can_X(user, obj)` raises
DocumentNotFound (404) or tinhso.accounts.access.AccessDenied (403).
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tinhso.accounts.access import (
    AccessDenied,
    agencies_of,
    user_is_staff,
    user_reads_whole_province,
)
from tinhso.accounts.models import StaffRole
from tinhso.documents.kinds import Confidentiality
from tinhso.documents.models import Assignment, Document
from tinhso.organisation.roles import Role

NOT_FOUND = "Không tìm thấy văn bản, hoặc văn bản không thuộc phạm vi của bạn."
BOOK_KEEPERS = frozenset({Role.CLERK, Role.AGENCY_LEADER})
CLERKS_ONLY = "Chỉ văn thư của cơ quan mới thực hiện được thao tác này."
LEADERS_ONLY = "Chỉ lãnh đạo cơ quan mới thực hiện được thao tác này."


class DocumentNotFound(Http404):
    pass


# The roles a department's assignment reaches: its head and its specialists. A clerk's or a
# leader's role may name a department too (where they sit), which gives no share of its work.
UNIT_MEMBERS = frozenset({Role.HEAD_OF_DEPARTMENT, Role.SPECIALIST})


def _departments(user: Any) -> list[int]:
    return list(
        StaffRole.objects.filter(
            user=user, is_active=True, department__isnull=False, role__in=UNIT_MEMBERS
        )
        .values_list("department_id", flat=True)
        .distinct()
    )


def readable_documents(user: Any) -> QuerySet[Document]:
    """Every document the user may read (the base of every list, search and API).

    One filter on the document table with no OR of `id IN (subquery)` at its top: PostgreSQL
    can only test such an OR row by row over the whole table (a clerk's book count read all
    1,000,000 documents: bench/documents_million_bench.py). See `_visible_to` for the shapes.
    """
    if not user_is_staff(user):
        return Document.objects.none()
    if user_reads_whole_province(user):
        return Document.objects.all()
    return Document.objects.filter(_visible_to(user))


def _visible_to(user: Any) -> Q:
    """Book keepers: `agency_id IN (books) AND (normal OR reached by name)`, which PostgreSQL
    walks on the agency's index newest first; the documents of other agencies the user reaches
    by name are listed beforehand (a handful). Everyone else: `id IN (one UNION of the sets
    that reach the user)` — their unit's lines, their unit's drafts, their own — and the
    confidentiality test on those rows only."""
    book_agencies, departments = _books_and_units(user)
    # personal_grants with its two id sets read beforehand (a few hundred ids at most): as
    # `id IN (subquery)` each was a hashed subplan that PostgreSQL costs again for every
    # probe of a nested loop, so it chose to read every document of the agency instead.
    by_name = Assignment.objects.filter(is_active=True, assignee_id=user.pk).values("document_id")
    named = Document.named_readers.through.objects.filter(user_id=user.pk).values("document_id")
    granted = sorted(set(by_name.union(named).values_list("document_id", flat=True)))
    may_see = (
        Q(confidentiality=Confidentiality.NORMAL) | Q(created_by_id=user.pk) | Q(pk__in=granted)
    )
    reaching = _personal_ids(user)
    if departments:
        # A list, not a nested subquery: PostgreSQL then estimates the unit's lines well and
        # hashes them once; with the nested subquery it guessed half a million lines (a
        # specialist's search took 60 s at 1,000,000 documents).
        colleagues = list(
            StaffRole.objects.filter(department_id__in=departments, is_active=True)
            .values_list("user_id", flat=True)
            .distinct()
        )
        # each part read from an index alone (assignment_unit_docs, assignment_person_docs,
        # doc_unit_drafts): no OR inside a part, which would make it read the table
        active = Assignment.objects.filter(is_active=True)
        unit_lines = active.filter(department_id__in=departments).values("document_id")
        colleagues_lines = active.filter(assignee_id__in=colleagues).values("document_id")
        drafted = Document.objects.filter(
            drafting_department_id__in=departments, created_by__isnull=False
        ).values("pk")
        reaching = reaching.union(unit_lines, colleagues_lines, drafted)
    if not book_agencies:
        return Q(pk__in=reaching) & may_see
    visible = Q(agency_id__in=book_agencies) & may_see
    if departments:
        visible |= Q(pk__in=reaching) & may_see
    elif found := _reached_elsewhere(user, book_agencies):
        visible |= Q(pk__in=found)
    return visible


def _roles(user: Any) -> list[tuple[int, str, int | None]]:
    return list(
        StaffRole.objects.filter(user=user, is_active=True).values_list(
            "agency_id", "role", "department_id"
        )
    )


def _books_and_units(user: Any) -> tuple[list[int], list[int]]:
    """The agencies whose books the user keeps and the units whose work reaches the user."""
    roles = _roles(user)
    book_agencies = sorted({agency for agency, role, _ in roles if role in BOOK_KEEPERS})
    departments = sorted(
        {department for _, role, department in roles if department and role in UNIT_MEMBERS}
    )
    return book_agencies, departments


def _reached_elsewhere(user: Any, agencies: list[int]) -> list[int]:
    """Documents outside `agencies` that reach the user by name (usually none)."""
    elsewhere = Document.objects.filter(pk__in=_personal_ids(user)).exclude(agency_id__in=agencies)
    return list(elsewhere.values_list("pk", flat=True))


def reads_whole_books(user: Any) -> bool:
    """The user reads agencies' whole books (clerk, agency leader) and no unit's work."""
    book_agencies, departments = _books_and_units(user)
    return bool(book_agencies) and not departments


def agency_scope(user: Any) -> list[int] | None:
    """The agencies that hold every document the user may read; None when that is not known
    (province-wide readers, or someone reached by name by another agency's document). The
    search asks its index for these agencies' documents only, on top of readable_documents.

    A unit's lines and drafts are its agency's documents: the agency's leader assigns them to
    the agency's units and people (Nghị định 30/2020/NĐ-CP, Điều 23–24), and a unit drafts for
    its own agency (Điều 10)."""
    if not user_is_staff(user) or user_reads_whole_province(user):
        return None
    agencies = sorted(
        {
            agency
            for agency, role, department in _roles(user)
            if role in BOOK_KEEPERS or (department and role in UNIT_MEMBERS)
        }
    )
    if not agencies or _reached_elsewhere(user, agencies):
        return None
    return agencies


def _personal_ids(user: Any) -> QuerySet[Any]:
    """The ids of the documents `personal_grants` reaches, as one UNION (each part indexed)."""
    by_name = Assignment.objects.filter(is_active=True, assignee_id=user.pk).values("document_id")
    named = Document.named_readers.through.objects.filter(user_id=user.pk).values("document_id")
    own = Document.objects.filter(created_by_id=user.pk).values("pk")
    return by_name.union(named, own)


def personal_grants(user: Any, prefix: str = "") -> Q:
    """What reaches a document whatever its confidentiality: assigned to the user by name, the
    user's own, or the user named on it. `prefix` ("document__") applies it from a related
    model (the inbox's assignment lines)."""
    by_name = Assignment.objects.filter(is_active=True, assignee_id=user.pk)
    named = Document.named_readers.through.objects.filter(user_id=user.pk)
    return (
        Q(**{f"{prefix}pk__in": by_name.values("document_id")})
        | Q(**{f"{prefix}created_by_id": user.pk})
        | Q(**{f"{prefix}pk__in": named.values("document_id")})
    )


def confidential_ok(user: Any, prefix: str = "") -> Q:
    """The documents' confidentiality does not hide them from the user: normal ones, or
    confidential ones that reach the user by name (Luật Bảo vệ bí mật nhà nước 2018, Điều 11);
    every one for province-wide readers. What readable_documents applies to confidential
    documents, for lists that reach documents another way (by unit)."""
    if user_reads_whole_province(user):
        return Q()
    normal = Q(**{f"{prefix}confidentiality": Confidentiality.NORMAL})
    return normal | personal_grants(user, prefix)


def user_can_read_document(user: Any, document: Document) -> bool:
    return readable_documents(user).filter(pk=document.pk).exists()


def check_user_can_read_document(user: Any, document: Document) -> None:
    if not user_can_read_document(user, document):
        raise DocumentNotFound(NOT_FOUND)


def readable_document(user: Any, pk: int) -> Document:
    """The document, or 404 whether it is missing or not the user's to read."""
    document = readable_documents(user).filter(pk=pk).first()
    if document is None:
        raise DocumentNotFound(NOT_FOUND)
    return document


def user_is_clerk_of(user: Any, agency_id: int) -> bool:
    return agencies_of(user, [Role.CLERK]).filter(pk=agency_id).exists()


def check_user_is_clerk_of(user: Any, agency_id: int) -> None:
    if not user_is_clerk_of(user, agency_id):
        raise AccessDenied(CLERKS_ONLY)


def user_leads(user: Any, agency_id: int) -> bool:
    """An agency leader of the agency (assigns incoming, approves and signs outgoing)."""
    return agencies_of(user, [Role.AGENCY_LEADER]).filter(pk=agency_id).exists()


def check_user_leads(user: Any, agency_id: int) -> None:
    if not user_leads(user, agency_id):
        raise AccessDenied(LEADERS_ONLY)


def clerk_agencies(user: Any) -> QuerySet[Any]:
    """The agencies whose books the user keeps as clerk."""
    return agencies_of(user, [Role.CLERK])


# --- incoming documents (issue 14 items 2 and 8) ----------------------------------------------

ASSIGNERS_ONLY = (
    "Chỉ lãnh đạo cơ quan (hoặc trưởng đơn vị trong phạm vi đơn vị mình) mới giao xử lý "
    "văn bản đến."
)


def headed_departments(user: Any) -> list[int]:
    """The departments the user heads (trưởng đơn vị): they re-assign within them."""
    if not user_is_staff(user):
        return []
    return list(
        StaffRole.objects.filter(
            user=user,
            is_active=True,
            role=Role.HEAD_OF_DEPARTMENT,
            department__isnull=False,
        ).values_list("department_id", flat=True)
    )


def user_departments(user: Any) -> list[int]:
    """The departments whose assignments reach the user: those the user heads or works in as
    a specialist (UNIT_MEMBERS)."""
    return _departments(user) if user_is_staff(user) else []


def pending_incoming(user: Any) -> QuerySet[Document]:
    """Incoming documents waiting to be registered in the agencies whose books the user keeps
    as clerk, confidential ones included: the clerk registers every document that arrives
    (Nghị định 30/2020/NĐ-CP, Điều 21–22)."""
    if not user_is_staff(user):
        return Document.objects.none()
    return Document.objects.filter(agency__in=clerk_agencies(user), direction="in", state="pending")


def registrable_document(user: Any, pk: int) -> Document:
    """A pending incoming document the user may register or refuse as clerk; 404 otherwise."""
    document = pending_incoming(user).filter(pk=pk).first()
    if document is None:
        raise DocumentNotFound(NOT_FOUND)
    return document


def user_may_assign(user: Any, document: Document) -> bool:
    """The agency's leader writes the handling slip (Điều 23–24)."""
    return user_leads(user, document.agency_id) and user_can_read_document(user, document)


def check_user_may_assign(user: Any, document: Document) -> None:
    check_user_can_read_document(user, document)
    if not user_leads(user, document.agency_id):
        raise AccessDenied(ASSIGNERS_ONLY)


# --- the access log (issue 14, item 6; Phụ lục VI §III "lưu vết truy cập") -----------------


def user_can_read_access_log(user: Any, document: Document) -> bool:
    """The agency's clerk and leader keep the books, so they read who opened its documents;
    province-wide readers too. The document must also be readable by the user."""
    if not user_can_read_document(user, document):
        return False
    if user_reads_whole_province(user):
        return True
    return agencies_of(user, BOOK_KEEPERS).filter(pk=document.agency_id).exists()


def check_user_can_read_access_log(user: Any, document: Document) -> None:
    check_user_can_read_document(user, document)  # 404 first: do not confirm it exists
    if not user_can_read_access_log(user, document):
        raise AccessDenied("Chỉ văn thư, lãnh đạo cơ quan xem được nhật ký truy cập văn bản.")


# --- outgoing documents (part 2; Nghị định 30/2020/NĐ-CP Điều 10–16) ---------------------------
OFFICE_CODES = frozenset({"VP"})  # Văn phòng: checks format (thể thức) with the clerk, Điều 13


def office_department_q(prefix: str = "department__") -> Q:
    """Departments that are an agency's Văn phòng: code "VP" or "<AGENCY>.VP"."""
    q = Q()
    for code in OFFICE_CODES:
        q |= Q(**{f"{prefix}code": code}) | Q(**{f"{prefix}code__endswith": f".{code}"})
    return q


def _heads_of(user: Any, department_id: int | None) -> bool:
    if department_id is None:
        return False
    return StaffRole.objects.filter(
        user=user, is_active=True, role=Role.HEAD_OF_DEPARTMENT, department_id=department_id
    ).exists()


def user_can_edit_draft(user: Any, document: Document) -> bool:
    """The author of a draft and the head of its drafting unit edit it (Điều 10.1)."""
    return document.created_by_id == getattr(user, "pk", None) or _heads_of(
        user, document.drafting_department_id
    )


def user_can_approve_content(user: Any, document: Document) -> bool:
    """The head of the drafting unit answers for the content (Điều 10.1.b, 13.1)."""
    return _heads_of(user, document.drafting_department_id)


def user_can_approve_format(user: Any, document: Document) -> bool:
    """The office checks format and presentation: the agency's clerk or staff of its Văn phòng
    (Điều 13.2; Phụ lục VI §III: phê duyệt thể thức)."""
    if user_is_clerk_of(user, document.agency_id):
        return True
    return (
        StaffRole.objects.filter(
            user=user,
            is_active=True,
            agency_id=document.agency_id,
        )
        .filter(office_department_q())
        .exists()
    )


def user_can_sign_outgoing(user: Any, document: Document) -> bool:
    """The competent person, the agency's leader, signs (Điều 13.3)."""
    return user_leads(user, document.agency_id)


def user_can_issue_outgoing(user: Any, document: Document) -> bool:
    """The clerk takes the number and applies the agency's seal (Điều 15, 16)."""
    return user_is_clerk_of(user, document.agency_id)


def check_outgoing(user: Any, document: Document, rule: str) -> None:
    """Raise 403 unless `rule` (a user_can_* name of this module) allows the user."""
    allowed = {
        "edit": (user_can_edit_draft, "Chỉ người soạn thảo và trưởng đơn vị soạn thảo được sửa."),
        "content": (user_can_approve_content, "Chỉ trưởng đơn vị soạn thảo duyệt nội dung."),
        "format": (user_can_approve_format, "Chỉ văn thư hoặc Văn phòng kiểm tra thể thức."),
        "sign": (user_can_sign_outgoing, LEADERS_ONLY),
        "issue": (user_can_issue_outgoing, CLERKS_ONLY),
    }[rule]
    if not allowed[0](user, document):
        raise AccessDenied(allowed[1])
