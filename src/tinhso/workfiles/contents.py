"""What a work file gathers: documents, participants, opinions, progress (Nghị định
30/2020/NĐ-CP Điều 28: collect and update the file's documents; Phụ lục VI §III: opinions
and progress of the handling). Each change is one `transaction.atomic` and one audit record.
"""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.documents.access import readable_document
from tinhso.workcalendar import calendar
from tinhso.workfiles import access
from tinhso.workfiles.access import MANAGERS, WORKERS
from tinhso.workfiles.models import (
    Opinion,
    Participant,
    ParticipantRole,
    WorkFile,
    WorkFileLink,
)
from tinhso.workfiles.services import (
    WorkFileError,
    _check,
    _d,
    _deadline_days,
    _in_agency,
    _locked,
    _mark_acted,
    _open_check,
    _role_of,
    _tell,
    _text,
)
from tinhso.workfiles.workflow import NotAllowed


def link_document(
    *, user: User, work_file: WorkFile, document_id: int, request: HttpRequest | None = None
) -> WorkFileLink:
    """Gather a document the user may read (documents.access; 404 otherwise) into the file.
    Its role (incoming, draft, outgoing) follows from the document itself."""
    document = readable_document(user, document_id)
    with transaction.atomic():
        wf = _locked(work_file, None)
        _check(user, wf, WORKERS, "gắn văn bản vào hồ sơ")
        _open_check(wf)
        if document.agency_id != wf.agency_id:
            raise WorkFileError("Văn bản không thuộc cơ quan của hồ sơ.")
        if wf.links.filter(document=document).exists():
            raise WorkFileError("Văn bản này đã có trong hồ sơ.")
        link = WorkFileLink.objects.create(
            work_file=wf, document=document, role=_role_of(document), linked_by=user
        )
        _mark_acted(wf, user, timezone.now())
        audit_record(
            actor=user,
            action="workfile.link",
            target=wf,
            summary=f"Gắn {link.get_role_display().lower()} {document} vào {wf.code}",
            changes={"document": document.pk},
            request=request,
        )
    return link


def add_participant(
    *,
    user: User,
    work_file: WorkFile,
    person: User,
    role: str = ParticipantRole.COORDINATE,
    deadline_days: Any = None,
    request: HttpRequest | None = None,
) -> Participant:
    """Add a co-lead or co-ordinator with their own deadline, never past the file's."""
    if role not in ParticipantRole.values:
        raise WorkFileError("Vai trò phải là chủ trì hoặc phối hợp.")
    now = timezone.now()
    with transaction.atomic():
        wf = _locked(work_file, None)
        _check(user, wf, MANAGERS, "thêm người tham gia")
        _open_check(wf)
        _in_agency(person, wf.agency, "Người tham gia")
        if person == wf.in_charge or wf.participants.filter(user=person).exists():
            raise WorkFileError(f"{person.full_name} đã tham gia hồ sơ này.")
        due = None
        if deadline_days not in (None, ""):
            due = calendar.due_at(now, working_days=_deadline_days(deadline_days))
            if due > wf.due_at:
                raise WorkFileError(
                    f"Hạn của người tham gia ({_d(due)}) vượt hạn hồ sơ ({_d(wf.due_at)})."
                )
        row = Participant.objects.create(
            work_file=wf, user=person, role=role, due_at=due, added_by=user
        )
        audit_record(
            actor=user,
            action="workfile.participant",
            target=wf,
            summary=f"Thêm {person.full_name} ({row.get_role_display()}) vào {wf.code}",
            changes={"user": person.pk, "role": role},
            request=request,
        )
        _tell(person, wf, f"Tham gia hồ sơ công việc {wf.code}", wf.title, "participant")
    return row


def add_opinion(
    *,
    user: User,
    work_file: WorkFile,
    text: str,
    reply_to_id: int | None = None,
    request: HttpRequest | None = None,
) -> Opinion:
    """An opinion in the file's thread, by anyone who reads the file (a leader's bút phê too)."""
    text = _text(text, "Ý kiến", 5000)
    with transaction.atomic():
        wf = _locked(work_file, None)
        reply_to = None
        if reply_to_id is not None:
            reply_to = wf.opinions.filter(pk=reply_to_id).first()
            if reply_to is None:
                raise WorkFileError("Ý kiến được trả lời không thuộc hồ sơ này.")
        own = access.capacities(user, wf)
        behalf = next((c.on_behalf_of for c in own[1:] if not own[0].actors), None)
        opinion = Opinion.objects.create(
            work_file=wf, author=user, on_behalf_of=behalf, text=text, reply_to=reply_to
        )
        _mark_acted(wf, user, timezone.now())
        audit_record(
            actor=user,
            action="workfile.opinion",
            target=wf,
            summary=f"Ý kiến trong {wf.code}",
            changes={"opinion": opinion.pk, "reply_to": reply_to_id},
            request=request,
        )
    return opinion


def forward_opinion(
    *,
    user: User,
    work_file: WorkFile,
    opinion_id: int,
    to_user: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> Opinion:
    """Send an opinion on to someone who reads the file (chuyển tiếp ý kiến)."""
    note = _text(note, "Lời nhắn", 2000, required=False)
    with transaction.atomic():
        wf = _locked(work_file, None)
        original = wf.opinions.filter(pk=opinion_id).first()
        if original is None:
            raise WorkFileError("Ý kiến không thuộc hồ sơ này.")
        if not access.readable_work_files(to_user).filter(pk=wf.pk).exists():
            raise WorkFileError(
                f"{to_user.full_name} chưa tham gia hồ sơ này: hãy thêm làm người phối hợp trước."
            )
        row = Opinion.objects.create(
            work_file=wf,
            author=user,
            text=note,
            forwarded_from=original,
            addressed_to=to_user,
        )
        audit_record(
            actor=user,
            action="workfile.opinion_forward",
            target=wf,
            summary=f"Chuyển ý kiến trong {wf.code} cho {to_user.full_name}",
            changes={"opinion": original.pk, "to": to_user.pk},
            request=request,
        )
        _tell(to_user, wf, f"Ý kiến chuyển đến: {wf.code}", original.text, f"fw{row.pk}")
    return row


def set_progress(
    *, user: User, work_file: WorkFile, progress: Any, request: HttpRequest | None = None
) -> WorkFile:
    try:
        value = int(progress)
    except (TypeError, ValueError) as exc:
        raise WorkFileError("Tiến độ phải là số phần trăm từ 0 đến 100.") from exc
    if not 0 <= value <= 100:
        raise WorkFileError("Tiến độ phải là số phần trăm từ 0 đến 100.")
    with transaction.atomic():
        wf = _locked(work_file, None)
        _check(user, wf, WORKERS, "cập nhật tiến độ")
        _open_check(wf)
        old, wf.progress = wf.progress, value
        wf.version += 1
        wf.save(update_fields=["progress", "version"])
        _mark_acted(wf, user, timezone.now())
        audit_record(
            actor=user,
            action="workfile.progress",
            target=wf,
            summary=f"Tiến độ {wf.code}: {old}% → {value}%",
            changes={"progress": [old, value]},
            request=request,
        )
    return wf


def participant_done(
    *, user: User, work_file: WorkFile, request: HttpRequest | None = None
) -> Participant:
    """A participant (or their delegate) reports their part done (báo cáo hoàn thành phần
    việc phối hợp); the time is kept against their own deadline."""
    now = timezone.now()
    with transaction.atomic():
        wf = _locked(work_file, None)
        _open_check(wf)
        rows = [p for p in wf.participants.all() if access.acts_for(user, p.user_id, wf.agency_id)]
        row = next((p for p in rows if p.user_id == user.pk), rows[0] if rows else None)
        if row is None:
            raise NotAllowed("Chỉ người tham gia xử lý mới báo hoàn thành phần việc của mình.")
        if row.done_at is not None:
            raise WorkFileError(f"Phần việc đã báo hoàn thành lúc {_d(row.done_at)}.")
        row.done_at = now
        row.save(update_fields=["done_at"])
        _mark_acted(wf, user, now)
        late = row.due_at is not None and now > row.due_at
        audit_record(
            actor=user,
            action="workfile.participant_done",
            target=wf,
            summary=f"{row.user.full_name} hoàn thành phần việc trong {wf.code}"
            + (" (quá hạn)" if late else ""),
            changes={"participant": row.pk, "late": late},
            request=request,
        )
    return row
