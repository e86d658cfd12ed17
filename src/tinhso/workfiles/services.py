"""Changes to work files: open, route (the transition table), undo, link documents, add
participants, opinions and progress. Each is one `transaction.atomic` and one audit record.

Basis: Nghị định 30/2020/NĐ-CP Điều 28 (lập hồ sơ: open a file for each task, gather its
documents, keep it up to date, close it), Phụ lục VI §III (theo dõi, đôn đốc tiến độ: deadlines,
routing history, opinions). Deadlines are working days of tinhso.workcalendar.calendar.
Delegations (ủy quyền) are in workfiles/delegations.py.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.models import StaffRole, User
from tinhso.audit.services import audit_record
from tinhso.documents.access import readable_document
from tinhso.documents.kinds import Direction
from tinhso.documents.models import Document, DocumentState
from tinhso.notifications.services import notify
from tinhso.organisation.models import Agency, Department
from tinhso.organisation.roles import Role
from tinhso.workcalendar import calendar
from tinhso.workfiles import access
from tinhso.workfiles.access import MANAGERS, Actor
from tinhso.workfiles.models import (
    LinkRole,
    RoutingStep,
    WorkFile,
    WorkFileLink,
    WorkFileState,
)
from tinhso.workfiles.workflow import (
    Action,
    HandsTo,
    NotAllowed,
    TransitionError,
    WorkFileTransition,
    transition_for,
)

MAX_DEADLINE_DAYS = 365
DRAFT_STATES = frozenset(
    {DocumentState.DRAFT, DocumentState.IN_REVIEW, DocumentState.APPROVED, DocumentState.SIGNED}
)
STALE = "Hồ sơ vừa được người khác cập nhật; hãy tải lại trang và thử lại."


class WorkFileError(TransitionError):
    """Bad input: the message says what is wrong, in Vietnamese; nothing was saved."""


class StaleWorkFile(TransitionError):
    """The file changed since the caller read it (optimistic lock on `version`)."""


def _d(value: datetime) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"


def _deadline_days(value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError) as exc:
        raise WorkFileError("Thời hạn phải là số ngày làm việc (số nguyên).") from exc
    if not 1 <= days <= MAX_DEADLINE_DAYS:
        raise WorkFileError(f"Thời hạn phải từ 1 đến {MAX_DEADLINE_DAYS} ngày làm việc.")
    return days


def _text(value: str, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise WorkFileError(f"{label} không được để trống.")
    if len(value) > limit:
        raise WorkFileError(f"{label} dài quá {limit} ký tự.")
    return value


def _tell(user: User | None, wf: WorkFile, subject: str, body: str, key: str) -> None:
    if user is None or not user.email:
        return
    notify(
        reference=wf.code,
        subject=subject,
        body=body,
        email=user.email,
        user=user,
        event_key=f"workfile:{wf.pk}:{key}:{user.pk}",
    )


def _check(user: User, wf: WorkFile, wanted: frozenset[Actor], what: str) -> access.Capacity:
    found = access.capacity_for(user, wf, wanted)
    if found is None:
        who = ", ".join(sorted({access.ACTOR_LABELS[a] for a in wanted}))
        raise NotAllowed(f"Chỉ {who} được {what}.")
    return found


def _mark_acted(wf: WorkFile, user: User, now: datetime) -> None:
    """The receiver of the last move acted on the file: that move may no longer be undone."""
    step = wf.steps.filter(undone_at__isnull=True).order_by("pk").last()
    if (
        step is not None
        and step.acted_at is None
        and step.from_user_id != user.pk
        and access.acts_for(user, step.to_user_id, wf.agency_id)
    ):
        step.acted_at = now
        step.save(update_fields=["acted_at"])


def _open_check(wf: WorkFile) -> None:
    if wf.state == WorkFileState.DONE:
        raise WorkFileError("Hồ sơ công việc đã hoàn thành, không thay đổi được nữa.")


def _code(agency: Agency, year: int, ordinal: int) -> str:
    return f"HSCV-{agency.abbreviation or agency.code}-{year}-{ordinal:03d}"


def _role_of(document: Document) -> str:
    if document.direction == Direction.INCOMING:
        return LinkRole.INCOMING
    return LinkRole.DRAFT if document.state in DRAFT_STATES else LinkRole.OUTGOING


# --- opening a file ----------------------------------------------------------------------------


def _in_agency(person: User | None, agency: Agency, label: str) -> User | None:
    if person is not None and not access.agency_staff(agency.pk).filter(pk=person.pk).exists():
        raise WorkFileError(f"{label} phải là cán bộ của {agency.name}.")
    return person


def create_work_file(
    *,
    user: User,
    agency: Agency,
    title: str,
    deadline_days: Any,
    department: Department | None = None,
    in_charge: User | None = None,
    parent: WorkFile | None = None,
    description: str = "",
    from_document: Document | None = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> WorkFile:
    """Open a work file (or a sub-task of `parent`), optionally from an incoming document the
    user may read. Its code takes the next ordinal of the agency's year (Điều 28: mã hồ sơ)."""
    now = now or timezone.now()
    if parent is not None:
        agency = parent.agency
        _check(user, parent, MANAGERS, "giao nhiệm vụ con của hồ sơ này")
        _open_check(parent)
    elif not access.creatable_agencies(user).filter(pk=agency.pk).exists():
        raise NotAllowed(f"Bạn không công tác tại {agency.name}, không mở hồ sơ ở đó được.")
    title = _text(title, "Tiêu đề hồ sơ", 300)
    description = _text(description, "Nội dung, yêu cầu", 5000, required=False)
    days = _deadline_days(deadline_days)
    if department is not None and department.agency_id != agency.pk:
        raise WorkFileError("Đơn vị xử lý không thuộc cơ quan của hồ sơ.")
    in_charge = _in_agency(in_charge, agency, "Người chủ trì") or user
    if in_charge != user and parent is None and not access.user_assigns_in(user, agency):
        raise NotAllowed("Chỉ lãnh đạo cơ quan hoặc lãnh đạo phòng được giao hồ sơ cho người khác.")
    due = calendar.due_at(now, working_days=days)
    if parent is not None and due > parent.due_at:
        raise WorkFileError(
            f"Hạn nhiệm vụ con ({_d(due)}) vượt hạn của hồ sơ cha ({_d(parent.due_at)})."
        )
    if from_document is not None:
        from_document = readable_document(user, from_document.pk)  # 404 if not the user's
        if from_document.agency_id != agency.pk:
            raise WorkFileError("Văn bản không thuộc cơ quan của hồ sơ.")
    year = timezone.localtime(now).year
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one ordinal at a time
        last = WorkFile.objects.filter(agency=agency, year=year).aggregate(m=Max("ordinal"))["m"]
        ordinal = (last or 0) + 1
        wf = WorkFile.objects.create(
            agency=agency,
            year=year,
            ordinal=ordinal,
            code=_code(agency, year, ordinal),
            title=title,
            department=department,
            in_charge=in_charge,
            holder=in_charge,
            parent=parent,
            deadline_days=days,
            due_at=due,
            description=description,
            opened_at=now,
            created_by=user,
        )
        RoutingStep.objects.create(
            work_file=wf,
            action=Action.OPEN,
            from_state=WorkFileState.NEW,
            to_state=WorkFileState.NEW,
            from_user=user,
            to_user=in_charge,
            at=now,
            note=f"Từ văn bản {from_document}" if from_document else "",
        )
        if from_document is not None:
            WorkFileLink.objects.create(
                work_file=wf, document=from_document, role=_role_of(from_document), linked_by=user
            )
        audit_record(
            actor=user,
            action="workfile.open",
            target=wf,
            summary=f"Mở hồ sơ công việc {wf.code}, hạn {_d(due)}",
            changes={"in_charge": in_charge.pk, "parent": parent.pk if parent else None},
            request=request,
        )
        if in_charge != user:
            _tell(
                in_charge, wf, f"Hồ sơ công việc mới: {wf.code}", f"{title}\nHạn: {_d(due)}", "open"
            )
    return wf


# --- routing: the transition table ----------------------------------------------------------


def _holders_of(agency_id: int, role: Role, department_id: int | None = None) -> list[User]:
    roles = StaffRole.objects.filter(agency_id=agency_id, role=role, is_active=True)
    if department_id is not None:
        roles = roles.filter(department_id=department_id)
    return list(User.objects.filter(pk__in=roles.values("user_id"), is_active=True).order_by("pk"))


def _receiver(t: WorkFileTransition, wf: WorkFile, to_user: User | None) -> User | None:
    if t.hands_to == HandsTo.SAME:
        return wf.holder or wf.in_charge
    if t.hands_to == HandsTo.IN_CHARGE:
        return wf.in_charge
    if t.hands_to == HandsTo.NOBODY:
        return None
    if t.hands_to == HandsTo.CHOSEN:
        if to_user is None:
            raise WorkFileError("Hãy chọn người nhận hồ sơ.")
        if to_user == wf.in_charge:
            raise WorkFileError("Người nhận đang là người chủ trì hồ sơ.")
        return _in_agency(to_user, wf.agency, "Người nhận")
    if t.hands_to == HandsTo.LEADER:
        leaders = _holders_of(wf.agency_id, Role.AGENCY_LEADER)
        if to_user is not None and to_user not in leaders:
            raise WorkFileError("Người nhận trình ký phải là lãnh đạo cơ quan.")
        if to_user is None and not leaders:
            raise WorkFileError("Cơ quan chưa có lãnh đạo nào để trình ký.")
        return to_user or leaders[0]
    # HandsTo.HEAD: the head of the file's department unless someone is named
    if to_user is not None:
        return _in_agency(to_user, wf.agency, "Người nhận")
    heads = _holders_of(wf.agency_id, Role.HEAD_OF_DEPARTMENT, wf.department_id or -1)
    if not heads:
        raise WorkFileError("Đơn vị xử lý chưa có lãnh đạo phòng: hãy chọn người nhận.")
    return heads[0]


def _snapshot(wf: WorkFile) -> dict[str, Any]:
    def iso(v: datetime | None) -> str | None:
        return v.isoformat() if v else None

    return {
        "state": wf.state,
        "holder_id": wf.holder_id,
        "in_charge_id": wf.in_charge_id,
        "due_at": iso(wf.due_at),
        "paused_at": iso(wf.paused_at),
        "closed_at": iso(wf.closed_at),
        "timeliness": wf.timeliness,
        "progress": wf.progress,
    }


def _restore(wf: WorkFile, before: dict[str, Any]) -> None:
    def dt(v: str | None) -> datetime | None:
        return datetime.fromisoformat(v) if v else None

    wf.state = before["state"]
    wf.holder_id = before["holder_id"]
    wf.in_charge_id = before["in_charge_id"]
    wf.due_at = dt(before["due_at"]) or wf.due_at
    wf.paused_at = dt(before["paused_at"])
    wf.closed_at = dt(before["closed_at"])
    wf.timeliness = before["timeliness"]
    wf.progress = before["progress"]


def _locked(wf: WorkFile, expected_version: int | None) -> WorkFile:
    fresh = WorkFile.objects.select_for_update(of=("self",)).select_related("agency").get(pk=wf.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleWorkFile(STALE)
    return fresh


def work_file_act(
    *,
    user: User,
    work_file: WorkFile,
    action: str,
    note: str = "",
    to_user: User | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> WorkFile:
    """Apply one row of workflow.TRANSITIONS; TransitionError/NotAllowed say why not."""
    now = now or timezone.now()
    note = _text(note, "Ghi chú", 2000, required=False)
    with transaction.atomic():
        wf = _locked(work_file, expected_version)
        t = transition_for(wf, action, user)
        if t.needs_note and not note:
            raise WorkFileError(f"Cần ghi lý do khi '{t.action.label}'.")
        capacity = _check(user, wf, t.actors, f"'{t.action.label}'")
        receiver = _receiver(t, wf, to_user)
        before = _snapshot(wf)
        _mark_acted(wf, user, now)
        from_state = wf.state
        wf.state = t.target
        wf.holder = receiver
        if t.action == Action.FORWARD and receiver is not None:
            wf.in_charge = receiver
        if t.action == Action.PAUSE:
            wf.paused_at = now
        if t.action == Action.RESUME and wf.paused_at is not None:
            wf.due_at = calendar.resume_due_at(wf.due_at, wf.paused_at, now)
            wf.paused_at = None
        if t.action == Action.COMPLETE:
            wf.closed_at = now
            wf.timeliness = calendar.timeliness(wf.due_at, now)
            wf.progress = 100
        wf.version += 1
        wf.save()
        RoutingStep.objects.create(
            work_file=wf,
            action=t.action,
            from_state=from_state,
            to_state=t.target,
            from_user=user,
            on_behalf_of=capacity.on_behalf_of,
            to_user=receiver,
            at=now,
            note=note,
            before=before,
        )
        audit_record(
            actor=user,
            action=f"workfile.{t.action}",
            target=wf,
            summary=f"{t.action.label}: {wf.code}" + (f" – {note}" if note else ""),
            changes={
                "state": [from_state, wf.state],
                "holder": [before["holder_id"], wf.holder_id],
                "on_behalf_of": capacity.on_behalf_of.pk if capacity.on_behalf_of else None,
            },
            request=request,
        )
        if receiver is not None and receiver != user:
            _tell(receiver, wf, f"{t.action.label}: {wf.code}", f"{wf.title}\n{note}", t.action)
    return wf


def last_undoable_step(wf: WorkFile) -> RoutingStep | None:
    return wf.steps.filter(undone_at__isnull=True).exclude(action=Action.OPEN).order_by("pk").last()


def user_may_undo(user: User, wf: WorkFile) -> bool:
    step = last_undoable_step(wf)
    return bool(
        step
        and step.from_user_id == user.pk
        and step.acted_at is None
        and step.to_state == wf.state
    )


def undo_last_step(
    *, user: User, work_file: WorkFile, request: HttpRequest | None = None
) -> WorkFile:
    """Undo the user's last move while its receiver has not acted on it (Siga's "desfazer
    tramitação"); everything the move changed comes back as it was."""
    now = timezone.now()
    with transaction.atomic():
        wf = _locked(work_file, None)
        step = last_undoable_step(wf)
        if step is None:
            raise TransitionError("Hồ sơ chưa có bước chuyển nào để hoàn tác.")
        label = Action(step.action).label
        if step.from_user_id != user.pk:
            raise NotAllowed(f"Chỉ người đã thực hiện bước '{label}' mới được hoàn tác bước đó.")
        if step.acted_at is not None:
            raise TransitionError(
                f"Không thể hoàn tác '{label}': người nhận đã xử lý hồ sơ lúc {_d(step.acted_at)}."
            )
        if step.to_state != wf.state:
            raise TransitionError(f"Không thể hoàn tác '{label}': hồ sơ đã đổi trạng thái.")
        current = wf.state
        _restore(wf, step.before)
        wf.version += 1
        wf.save()
        step.undone_at = now
        step.save(update_fields=["undone_at"])
        audit_record(
            actor=user,
            action="workfile.undo",
            target=wf,
            summary=f"Hoàn tác '{label}': {wf.code}",
            changes={"state": [current, wf.state], "step": step.pk},
            request=request,
        )
    return wf
