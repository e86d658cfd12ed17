"""The handling slip of an incoming document (phiếu giải quyết văn bản đến / bút phê), read
receipts, progress and completion.

Legal basis: Nghị định 30/2020/NĐ-CP, Điều 23 (the leader gives the handling instruction:
the unit or person that leads, those who co-ordinate, the deadline), Điều 24 (handling,
follow-up and reminders; the head of a unit hands work on within the unit), Phụ lục IV
(Phiếu giải quyết văn bản đến; Sổ theo dõi giải quyết văn bản đến). Deadlines are counted in
working days (tinhso.workcalendar). A line's deadline never passes its parent's, nor the
document's (the "Bad input" of issue 14: refused with a Vietnamese message, nothing saved).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.models import StaffRole
from tinhso.audit.services import audit_record
from tinhso.documents import access
from tinhso.documents.incoming import IncomingError
from tinhso.documents.incoming_flow import (
    IncomingAction,
    NotAllowed,
    reaches,
    transition_for,
)
from tinhso.documents.kinds import AssignmentRole, Confidentiality
from tinhso.documents.models import Assignment, Document, DocumentState, IncomingDetail
from tinhso.documents.reactions import ChangeAction, DocumentChange, react
from tinhso.notifications.services import notify
from tinhso.workcalendar import calendar

STALE = "Văn bản vừa được người khác cập nhật. Tải lại trang rồi thực hiện lại."


@dataclass
class SlipLine:
    """One line of the slip: a person or a unit, its role, its deadline (a date, or a number
    of working days from today) and the instruction."""

    role: str
    assignee: Any = None
    department: Any = None
    working_days: int | None = None
    deadline: date | None = None
    instruction: str = ""


def deadline_in_working_days(start: date, working_days: int) -> date:
    """The n-th working day after `start` (weekends, Tết and other holidays skipped)."""
    return calendar.add_working_days(start, working_days)


def _who(line: SlipLine) -> str:
    if line.assignee is not None:
        return str(getattr(line.assignee, "full_name", "") or line.assignee)
    return str(getattr(line.department, "name", "") or "")


def _line_errors(
    lines: Sequence[SlipLine],
    document: Document,
    today: date,
    limit: date | None,
    limit_label: str,
    members: set[int] | None,
) -> tuple[list[date | None], dict[str, str]]:
    errors: dict[str, str] = {}
    deadlines: list[date | None] = []
    staff = set(
        StaffRole.objects.filter(agency=document.agency, is_active=True).values_list(
            "user_id", flat=True
        )
    )
    seen: set[tuple[str, int]] = set()
    for i, line in enumerate(lines, start=1):
        key = f"line{i}"
        if line.role not in AssignmentRole.values:
            errors[key] = f"Dòng {i}: vai trò không hợp lệ."
        if (line.assignee is None) == (line.department is None):
            errors[key] = f"Dòng {i}: chọn một người hoặc một đơn vị nhận."
            deadlines.append(None)
            continue
        ident = ("u", line.assignee.pk) if line.assignee is not None else ("d", line.department.pk)
        if ident in seen:
            errors[key] = f"Dòng {i}: {_who(line)} đã có trong phiếu."
        seen.add(ident)
        if line.assignee is not None and line.assignee.pk not in staff:
            errors[key] = f"Dòng {i}: {_who(line)} không phải cán bộ của cơ quan."
        if line.assignee is not None and members is not None and line.assignee.pk not in members:
            errors[key] = f"Dòng {i}: {_who(line)} không thuộc đơn vị được giao."
        if line.department is not None:
            if members is not None:
                errors[key] = f"Dòng {i}: chỉ giao lại cho người trong đơn vị."
            elif line.department.agency_id != document.agency_id:
                errors[key] = f"Dòng {i}: {_who(line)} không thuộc cơ quan."
            elif document.confidentiality != Confidentiality.NORMAL:
                errors[key] = f"Dòng {i}: văn bản mật chỉ giao đích danh từng người."
        deadline = line.deadline
        if line.working_days is not None:
            if line.working_days < 0 or line.working_days > 365:
                errors[key] = f"Dòng {i}: số ngày làm việc từ 0 đến 365."
                deadlines.append(None)
                continue
            deadline = deadline_in_working_days(today, line.working_days)
        if deadline is None and line.role != AssignmentRole.INFORM:
            deadline = limit
        if deadline is not None and deadline < today:
            errors[key] = f"Dòng {i}: hạn xử lý đã qua (trước ngày {today:%d/%m/%Y})."
        elif deadline is not None and limit is not None and deadline > limit:
            errors[key] = (
                f"Dòng {i}: hạn xử lý của {_who(line)} ({deadline:%d/%m/%Y}) vượt quá "
                f"{limit_label} ({limit:%d/%m/%Y})."
            )
        deadlines.append(deadline)
    return deadlines, errors


class StaleVersion(IncomingError):
    """The document changed since the caller read it (optimistic lock on `version`)."""

    def __init__(self) -> None:
        super().__init__({"version": STALE})


def _locked(document: Document, version: int | None) -> Document:
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if version is not None and version != locked.version:
        raise StaleVersion()
    return locked


def _tell(document: Document, assignment: Assignment) -> None:
    user = assignment.assignee
    if user is None or not (user.email or user.phone):
        return
    notify(
        reference=f"VB-DEN-{document.pk}",
        subject=f"Văn bản đến giao {assignment.get_role_display().lower()}: "
        f"{document.subject[:120]}",
        body=(
            f"Đồng chí được giao {assignment.get_role_display().lower()} xử lý văn bản đến số "
            f"{document.book_number}: {document.subject}"
            + (f"\nHạn xử lý: {assignment.deadline:%d/%m/%Y}." if assignment.deadline else "")
            + (f"\nÝ kiến chỉ đạo: {assignment.instruction}" if assignment.instruction else "")
        ),
        email=user.email,
        user=user,
        event_key=f"document:{document.pk}:assignment:{assignment.pk}",
    )


def _create_lines(
    document: Document,
    lines: Sequence[SlipLine],
    deadlines: list[date | None],
    actor: Any,
    moment: datetime,
    parent: Assignment | None,
) -> list[Assignment]:
    created = []
    for line, deadline in zip(lines, deadlines, strict=True):
        row = Assignment.objects.create(
            document=document,
            role=line.role,
            assignee=line.assignee,
            department=line.department,
            parent=parent,
            deadline=deadline,
            instruction=line.instruction.strip(),
            assigned_by=actor,
            assigned_at=moment,
        )
        if line.assignee is not None and document.confidentiality != Confidentiality.NORMAL:
            document.named_readers.add(line.assignee)  # the leader names who reads it
        created.append(row)
    return created


def assign(
    document: Document,
    *,
    actor: Any,
    lines: Sequence[SlipLine],
    due_date: date | None = None,
    version: int | None = None,
    moment: datetime | None = None,
    request: HttpRequest | None = None,
) -> list[Assignment]:
    """Bút phê: the leader's slip. Exactly one line leads; a new slip replaces the old one
    (its lines stay in the history, inactive). `due_date` sets the document's own deadline."""
    moment = moment or timezone.now()
    today = timezone.localtime(moment).date()
    with transaction.atomic():
        locked = _locked(document, version)
        transition_for(locked, IncomingAction.ASSIGN, actor)
        limit = due_date or locked.due_date
        deadlines, errors = _line_errors(
            lines, locked, today, limit, "hạn giải quyết văn bản", None
        )
        if due_date is not None and due_date < today:
            errors["due_date"] = "Hạn giải quyết văn bản đã qua."
        leads = [line for line in lines if line.role == AssignmentRole.LEAD]
        if len(leads) != 1:
            errors["lead"] = "Phiếu giải quyết phải có đúng một đơn vị hoặc cá nhân chủ trì."
        if errors:
            raise IncomingError(errors)
        before = locked.state
        locked.assignments.filter(is_active=True).update(is_active=False)
        created = _create_lines(locked, lines, deadlines, actor, moment, None)
        locked.due_date = limit
        locked.state = DocumentState.ASSIGNED
        locked.version += 1
        locked.save(update_fields=["due_date", "state", "version", "updated_at"])
        IncomingDetail.objects.update_or_create(
            document=locked,
            defaults={"transferred_to": _who(leads[0])[:300], "transferred_at": moment},
        )
        audit_record(
            actor=actor,
            action="document.incoming.assign",
            target=locked,
            summary="Phân công xử lý: "
            + "; ".join(
                f"{AssignmentRole(a.role).label} {_who(line)}"
                + (f" (hạn {a.deadline:%d/%m/%Y})" if a.deadline else "")
                for a, line in zip(created, lines, strict=True)
            ),
            changes={"state": [before, locked.state], "assignments": [a.pk for a in created]},
            request=request,
        )
        for row in created:
            _tell(locked, row)
        react(DocumentChange(locked, ChangeAction.ASSIGNED, actor))
    return created


def delegate(
    parent: Assignment,
    *,
    actor: Any,
    lines: Sequence[SlipLine],
    moment: datetime | None = None,
    request: HttpRequest | None = None,
) -> list[Assignment]:
    """The head of the unit named on a line hands it on to people of the unit (child lines),
    each deadline within the unit's."""
    moment = moment or timezone.now()
    today = timezone.localtime(moment).date()
    with transaction.atomic():
        locked = _locked(parent.document, None)
        transition_for(locked, IncomingAction.DELEGATE, actor)
        parent = Assignment.objects.select_for_update().get(pk=parent.pk)
        if (
            not parent.is_active
            or parent.department_id is None
            or parent.department_id not in access.headed_departments(actor)
        ):
            raise NotAllowed("Chỉ trưởng đơn vị được giao mới giao lại trong đơn vị mình.")
        members = set(
            StaffRole.objects.filter(
                department_id=parent.department_id, is_active=True
            ).values_list("user_id", flat=True)
        )
        limit = parent.deadline or locked.due_date
        deadlines, errors = _line_errors(
            lines, locked, today, limit, "hạn của đơn vị được giao", members
        )
        if not lines:
            errors["lines"] = "Chọn ít nhất một người nhận."
        if errors:
            raise IncomingError(errors)
        created = _create_lines(locked, lines, deadlines, actor, moment, parent)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            action="document.incoming.delegate",
            target=locked,
            summary=f"Giao lại trong {parent.department}: "
            + "; ".join(_who(line) for line in lines),
            changes={"parent": parent.pk, "assignments": [a.pk for a in created]},
            request=request,
        )
        for row in created:
            _tell(locked, row)
    return created


def mark_read(
    document: Document, *, user: Any, moment: datetime | None = None, request: Any = None
) -> int:
    """Read receipt: the lines that reach the user and were not read yet get read_at now."""
    departments = access.user_departments(user)
    lines = [
        a
        for a in document.assignments.filter(is_active=True, read_at__isnull=True)
        if reaches(a, user, departments)
    ]
    if not lines:
        return 0
    moment = moment or timezone.now()
    with transaction.atomic():
        count = Assignment.objects.filter(
            pk__in=[a.pk for a in lines], read_at__isnull=True
        ).update(read_at=moment)
        audit_record(
            actor=user,
            action="document.incoming.read",
            target=document,
            summary=f"Đã đọc văn bản đến ({count} dòng phân công)",
            changes={"assignments": [a.pk for a in lines]},
            request=request,
        )
    return count


def _own_line(document: Document, user: Any, assignment_id: int | None) -> Assignment:
    departments = access.user_departments(user)
    lines = [
        a
        for a in document.assignments.filter(is_active=True).order_by("parent_id", "pk")
        if reaches(a, user, departments)
    ]
    if assignment_id is not None:
        lines = [a for a in lines if a.pk == assignment_id]
    if not lines:
        raise NotAllowed("Đồng chí không có phần việc nào được giao trong văn bản này.")
    return lines[0]


def report_progress(
    document: Document,
    *,
    actor: Any,
    percent: int,
    note: str = "",
    assignment_id: int | None = None,
    moment: datetime | None = None,
    request: HttpRequest | None = None,
) -> Assignment:
    """The assignee's progress (0–100 %) on their line; the document becomes "Đang xử lý"."""
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise IncomingError({"progress": "Tiến độ là số nguyên từ 0 đến 100 (%)."})
    moment = moment or timezone.now()
    with transaction.atomic():
        locked = _locked(document, None)
        t = transition_for(locked, IncomingAction.REPORT_PROGRESS, actor)
        line = _own_line(locked, actor, assignment_id)
        before = (locked.state, line.progress)
        line.progress = percent
        line.done_at = moment if percent == 100 else None
        line.read_at = line.read_at or moment
        line.save(update_fields=["progress", "done_at", "read_at"])
        locked.state = t.target
        locked.version += 1
        locked.save(update_fields=["state", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="document.incoming.progress",
            target=locked,
            summary=f"Tiến độ {percent}%" + (f": {note.strip()}" if note.strip() else ""),
            changes={
                "state": [before[0], locked.state],
                "assignment": line.pk,
                "progress": [before[1], percent],
                "note": note.strip()[:500],
            },
            request=request,
        )
        if before[0] != locked.state:  # the first report: "đang xử lý"
            react(DocumentChange(locked, ChangeAction.PROGRESS, actor))
    return line


def complete(
    document: Document,
    *,
    actor: Any,
    reply_notation: str = "",
    note: str = "",
    moment: datetime | None = None,
    request: HttpRequest | None = None,
) -> Document:
    """Hoàn thành: the lead (or the leader) closes the document; the lead lines reach 100 %."""
    moment = moment or timezone.now()
    if len(reply_notation.strip()) > 60:
        raise IncomingError({"reply_notation": "Số, ký hiệu văn bản trả lời quá dài."})
    with transaction.atomic():
        locked = _locked(document, None)
        transition_for(locked, IncomingAction.COMPLETE, actor)
        before = locked.state
        locked.assignments.filter(
            is_active=True, role=AssignmentRole.LEAD, parent__isnull=True
        ).update(progress=100, done_at=moment)
        locked.state = DocumentState.DONE
        locked.version += 1
        locked.save(update_fields=["state", "version", "updated_at"])
        IncomingDetail.objects.update_or_create(
            document=locked,
            defaults={"completed_at": moment, "reply_notation": reply_notation.strip()},
        )
        audit_record(
            actor=actor,
            action="document.incoming.complete",
            target=locked,
            summary="Hoàn thành xử lý văn bản đến"
            + (f"; văn bản trả lời {reply_notation.strip()}" if reply_notation.strip() else "")
            + (f"; {note.strip()}" if note.strip() else ""),
            changes={"state": [before, locked.state], "reply": reply_notation.strip()},
            request=request,
        )
        react(DocumentChange(locked, ChangeAction.COMPLETED, actor, reply_notation.strip()))
    return locked
