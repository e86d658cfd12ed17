"""Drafting outgoing documents (văn bản đi): drafts with versions and comments, approvals of
content and of format, recipients, and the one function that applies a state transition.

Legal basis: Nghị định 30/2020/NĐ-CP Điều 10 (soạn thảo: the drafting unit, its head answers for
the content), Điều 13 (the office checks format and presentation, then the competent person
signs), Phụ lục VI §III (the system keeps the history of drafts, comments and approvals).
Signing, numbering and sealing: tinhso.documents.outgoing_signing; dispatch, tracking, recall
and replacement: tinhso.documents.outgoing_dispatch. The states: outgoing_flow.TRANSITIONS.

Concurrent edits: every change of a draft names the Document.version it was made from; the
version is bumped with a conditional UPDATE, so of two people who opened version 3, the first
save wins and the second is refused with STALE (their input stays in their form; nothing of
either is lost or overwritten).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from tinhso.accounts.models import StaffRole
from tinhso.audit.services import audit_record
from tinhso.core.files import delete_on_rollback
from tinhso.documents import access, search
from tinhso.documents.kinds import Channel, Confidentiality, Direction, Urgency, document_type
from tinhso.documents.models import Document, DocumentState
from tinhso.documents.models.outgoing import (
    Approval,
    ApprovalDecision,
    ApprovalKind,
    DraftComment,
    DraftVersion,
    OutgoingDetail,
    OutgoingRecipient,
    RecipientKind,
    RecipientStatus,
)
from tinhso.documents.outgoing_flow import Action, OutgoingError, check_transition
from tinhso.dossiers.intake import FileRefused, file_check
from tinhso.organisation.models import Agency

# Mã định danh điện tử của cơ quan, tổ chức (Quyết định 20/2020/QĐ-TTg): "000.00.00.G12".
ORGAN_ID = re.compile(r"^[0-9A-Z]{2,3}(\.[0-9A-Z]{2,3}){2,4}$")
STALE = (
    "Dự thảo vừa được người khác cập nhật sau khi bạn mở trang. Thay đổi của bạn CHƯA được lưu "
    "(nội dung bạn nhập vẫn còn trên biểu mẫu); hãy tải lại dự thảo, xem phiên bản mới rồi lưu lại."
)
DRAFT_TYPES = ("pdf", "docx", "doc")
EDITABLE = frozenset({DocumentState.DRAFT})
OPEN_FOR_RECIPIENTS = frozenset(
    {
        DocumentState.DRAFT,
        DocumentState.IN_REVIEW,
        DocumentState.APPROVED,
        DocumentState.SIGNED,
        DocumentState.ISSUED,
    }
)


class StaleDraft(OutgoingError):
    """Optimistic lock: the draft changed since the user read it."""


@dataclass(frozen=True)
class DraftData:
    doc_type: str
    subject: str
    urgency: str = Urgency.NORMAL
    confidentiality: str = Confidentiality.NORMAL
    is_normative: bool = False
    description: str = ""
    archive_copy: str = ""
    signer_id: int | None = None


def _clean(data: DraftData) -> DraftData:
    try:
        document_type(data.doc_type)
    except ValueError as exc:
        raise OutgoingError(str(exc)) from exc
    subject = " ".join(data.subject.split())
    if not subject:
        raise OutgoingError("Vui lòng nhập trích yếu nội dung văn bản.")
    if len(subject) > 500:
        raise OutgoingError("Trích yếu nội dung không quá 500 ký tự.")
    if data.urgency not in Urgency.values:
        raise OutgoingError("Mức độ khẩn không hợp lệ.")
    if data.confidentiality not in Confidentiality.values:
        raise OutgoingError("Độ mật không hợp lệ.")
    return DraftData(
        data.doc_type,
        subject,
        data.urgency,
        data.confidentiality,
        data.is_normative,
        data.description.strip()[:500],
        data.archive_copy.strip()[:200],
        data.signer_id,
    )


def place_of(user: Any) -> StaffRole:
    """The agency and unit a user drafts for: their first active role with a department."""
    role = (
        StaffRole.objects.filter(user=user, is_active=True)
        .select_related("agency", "department")
        .order_by(F("department").asc(nulls_last=True), "pk")
        .first()
    )
    if role is None:
        raise access.AccessDenied("Chỉ cán bộ của cơ quan mới soạn thảo văn bản đi.")
    return role


def _checked(upload: File[bytes]) -> tuple[bytes, str, str]:
    """(bytes, display name, content type) — the type derived from the bytes (intake rules)."""
    try:
        checked = file_check(upload, DRAFT_TYPES)
    except FileRefused as exc:
        raise OutgoingError(str(exc)) from exc
    upload.seek(0)
    data = upload.read()
    return bytes(data), checked.display_name, checked.content_type


def _bump(document: Document, expected_version: int) -> None:
    """Take the optimistic lock: refuse unless the row still has `expected_version`."""
    changed = search.update_documents(
        Document.objects.filter(pk=document.pk, version=expected_version),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if changed != 1:
        raise StaleDraft(STALE)
    document.version = expected_version + 1


def _store_version(
    document: Document, user: Any, data: bytes, name: str, ctype: str, note: str
) -> DraftVersion:
    number = document.drafts.order_by("-number").values_list("number", flat=True).first() or 0
    version = DraftVersion(
        document=document,
        number=number + 1,
        name=name,
        content_type=ctype,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        note=note.strip()[:500],
        author=user,
    )
    version.file.save(name, ContentFile(data), save=False)
    delete_on_rollback(version.file.storage, version.file.name or "")
    version.save()
    return version


def draft_create(user: Any, data: DraftData, upload: File[bytes], note: str = "") -> Document:
    """Dự thảo mới: an outgoing Document in DRAFT with its first version (Điều 10)."""
    role = place_of(user)
    clean = _clean(data)
    content, name, ctype = _checked(upload)
    agency: Agency = role.agency
    with transaction.atomic():
        document = Document.objects.create(
            direction=Direction.OUTGOING,
            agency=agency,
            state=DocumentState.DRAFT,
            channel=Channel.DRAFTED,
            doc_type=clean.doc_type,
            subject=clean.subject,
            urgency=clean.urgency,
            confidentiality=clean.confidentiality,
            is_normative=clean.is_normative,
            description=clean.description,
            organ_name=agency.name,
            issuer_agency=agency,
            drafting_department=role.department,
            created_by=user,
        )
        if clean.confidentiality != Confidentiality.NORMAL:
            document.named_readers.add(user)
        OutgoingDetail.objects.create(
            document=document, signer_id=clean.signer_id, archive_copy=clean.archive_copy
        )
        version = _store_version(document, user, content, name, ctype, note or "Dự thảo lần đầu")
        audit_record(
            actor=user,
            action="documents.draft_create",
            target=document,
            summary=f"Tạo dự thảo {document.get_doc_type_display()}: {document.subject[:80]}",
            changes={"version": version.number},
        )
    return document


def _editable(user: Any, document: Document) -> None:
    access.check_outgoing(user, document, "edit")
    if document.state not in EDITABLE:
        raise OutgoingError(
            "Chỉ sửa được dự thảo khi đang ở trạng thái «Dự thảo»; văn bản đã trình hoặc đã ký "
            "thì không sửa được."
        )


def draft_add_version(
    user: Any, document: Document, upload: File[bytes], note: str, *, expected_version: int
) -> DraftVersion:
    """A new version of the draft; refused if someone saved since `expected_version`."""
    _editable(user, document)
    content, name, ctype = _checked(upload)
    with transaction.atomic():
        _bump(document, expected_version)
        version = _store_version(document, user, content, name, ctype, note)
        audit_record(
            actor=user,
            action="documents.draft_version",
            target=document,
            summary=f"Dự thảo lần {version.number}: {name}",
            changes={"note": version.note},
        )
    return version


def draft_update(
    user: Any, document: Document, data: DraftData, *, expected_version: int
) -> Document:
    """Change the draft's metadata (type, subject, urgency …) under the optimistic lock."""
    _editable(user, document)
    clean = _clean(data)
    with transaction.atomic():
        _bump(document, expected_version)
        before = {"subject": document.subject, "doc_type": document.doc_type}
        for field in (
            "doc_type",
            "subject",
            "urgency",
            "confidentiality",
            "is_normative",
            "description",
        ):
            setattr(document, field, getattr(clean, field))
        document.save(
            update_fields=[
                "doc_type",
                "subject",
                "urgency",
                "confidentiality",
                "is_normative",
                "description",
                "updated_at",
            ]
        )
        OutgoingDetail.objects.filter(document=document).update(
            signer_id=clean.signer_id, archive_copy=clean.archive_copy
        )
        audit_record(
            actor=user,
            action="documents.draft_update",
            target=document,
            summary="Cập nhật thông tin dự thảo",
            changes={"before": before},
        )
    return document


def draft_comment(user: Any, document: Document, text: str) -> DraftComment:
    """Góp ý: anyone who may read the draft comments on its current version."""
    access.check_user_can_read_document(user, document)
    if document.state in (DocumentState.RECALLED, DocumentState.REPLACED):
        raise OutgoingError("Văn bản đã bị thu hồi hoặc thay thế; không góp ý thêm được.")
    text = text.strip()
    if not text:
        raise OutgoingError("Vui lòng nhập nội dung ý kiến.")
    if len(text) > 4000:
        raise OutgoingError("Ý kiến không quá 4000 ký tự.")
    with transaction.atomic():
        comment = DraftComment.objects.create(
            document=document,
            version=document.drafts.order_by("-number").first(),
            author=user,
            text=text,
        )
        audit_record(
            actor=user,
            action="documents.draft_comment",
            target=document,
            summary="Góp ý dự thảo",
            changes={"comment": comment.pk},
        )
    return comment


def current_version(document: Document) -> DraftVersion | None:
    return document.drafts.order_by("-number").first()


def approved_on_current(document: Document, kind: str) -> bool:
    """Has the current version an approval of `kind` not followed by a return?"""
    latest = current_version(document)
    last = document.approvals.filter(version=latest).order_by("-at", "-id").first()
    if last is None:
        return False
    if last.decision != ApprovalDecision.APPROVED:
        return False
    return document.approvals.filter(
        version=latest, kind=kind, decision=ApprovalDecision.APPROVED
    ).exists()


def apply_transition(
    document: Document,
    action: Action,
    user: Any,
    note: str = "",
    *,
    system: bool = False,
    changes: dict[str, Any] | None = None,
) -> Document:
    """Apply one row of outgoing_flow.TRANSITIONS: lock, check, change state, audit.

    The caller may hold an outer transaction (signing, sending); this one is nested in it."""
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        t = check_transition(user, locked, action, note, system=system)
        before = locked.state
        locked.state = t.target
        locked.version += 1
        locked.save(update_fields=["state", "version", "updated_at"])
        audit_record(
            actor=user,
            action=f"documents.outgoing_{t.action.value}",
            target=locked,
            summary=f"{t.records} ({t.basis})",
            changes={"from": before, "to": t.target, "note": note, **(changes or {})},
        )
    document.state, document.version = locked.state, locked.version
    return locked


def submit(user: Any, document: Document) -> Document:
    """Trình: to the head (content), the office (format) and the leader (signature). A secret
    draft names them as its readers: they are the people whose task needs it (Luật Bảo vệ bí
    mật nhà nước 2018, Điều 11)."""
    with transaction.atomic():
        result = apply_transition(document, Action.SUBMIT, user)
        if document.confidentiality != Confidentiality.NORMAL:
            from tinhso.organisation.roles import Role

            who = StaffRole.objects.filter(agency_id=document.agency_id, is_active=True).filter(
                Q(role__in=[Role.CLERK, Role.AGENCY_LEADER])
                | Q(role=Role.HEAD_OF_DEPARTMENT, department_id=document.drafting_department_id)
            )
            document.named_readers.add(*set(who.values_list("user_id", flat=True)))
    return result


def _approval(user: Any, document: Document, kind: str, decision: str, note: str) -> None:
    """The reviewer's decision on the current version (an Approval row)."""
    Approval.objects.create(
        document=document,
        version=current_version(document),
        kind=kind,
        decision=decision,
        note=note.strip()[:500],
        by=user,
        at=timezone.now(),
    )


def approve(user: Any, document: Document, kind: str, note: str = "") -> Document:
    """Duyệt nội dung (head of the drafting unit) or thể thức (office); an Approval row."""
    action = Action.APPROVE_CONTENT if kind == ApprovalKind.CONTENT else Action.APPROVE_FORMAT
    with transaction.atomic():
        result = apply_transition(document, action, user, note)
        _approval(user, document, kind, ApprovalDecision.APPROVED, note)
    return result


def return_draft(user: Any, document: Document, note: str) -> Document:
    """Trả lại: the draft goes back to its author with the reason (an Approval row RETURNED)."""
    with transaction.atomic():
        kind = (
            ApprovalKind.CONTENT
            if access.user_can_approve_content(user, document)
            else ApprovalKind.FORMAT
        )
        result = apply_transition(document, Action.RETURN, user, note)
        _approval(user, document, kind, ApprovalDecision.RETURNED, note)
    return result


def recipient_add(
    user: Any,
    document: Document,
    kind: str,
    *,
    agency_id: int | None = None,
    name: str = "",
    organ_id: str = "",
    address: str = "",
    copies: int = 1,
) -> OutgoingRecipient:
    """Nơi nhận: an agency in the system, an external organ (name + mã định danh QĐ 20/2020),
    or a paper address. Added by the editors while drafting, by the clerk until it is sent."""
    if not (
        access.user_can_edit_draft(user, document) or access.user_can_issue_outgoing(user, document)
    ):
        raise access.AccessDenied("Chỉ người soạn thảo hoặc văn thư được sửa nơi nhận.")
    if document.state not in OPEN_FOR_RECIPIENTS:
        raise OutgoingError("Văn bản đã phát hành; không thêm nơi nhận được nữa.")
    if not 1 <= copies <= 999:
        raise OutgoingError("Số lượng bản phải từ 1 đến 999.")
    agency = None
    if kind == RecipientKind.INTERNAL:
        agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
        if agency is None:
            raise OutgoingError("Vui lòng chọn cơ quan nhận trong hệ thống.")
        if agency.pk == document.agency_id:
            raise OutgoingError("Không gửi văn bản cho chính cơ quan ban hành.")
        if document.recipients.filter(agency=agency).exists():
            raise OutgoingError(f"{agency.name} đã có trong nơi nhận.")
        name = agency.name
    elif kind == RecipientKind.EXTERNAL:
        organ_id = organ_id.strip().upper()
        if organ_id and not ORGAN_ID.match(organ_id):
            raise OutgoingError(
                f"Mã định danh «{organ_id}» không đúng dạng (ví dụ 000.00.00.G12, "
                "Quyết định 20/2020/QĐ-TTg)."
            )
        if not name.strip() or not organ_id:
            raise OutgoingError(
                "Cơ quan ngoài hệ thống cần tên và mã định danh (QĐ 20/2020/QĐ-TTg)."
            )
    elif kind == RecipientKind.PAPER:
        if not name.strip() or not address.strip():
            raise OutgoingError("Nơi nhận bản giấy cần tên và địa chỉ gửi.")
    else:
        raise OutgoingError("Hình thức gửi không hợp lệ.")
    with transaction.atomic():
        row = OutgoingRecipient.objects.create(
            document=document,
            kind=kind,
            agency=agency,
            name=name.strip()[:200],
            organ_id=organ_id.strip()[:40],
            address=address.strip()[:300],
            copies=copies,
            status=RecipientStatus.WAITING,
        )
        audit_record(
            actor=user,
            action="documents.recipient_add",
            target=document,
            summary=f"Thêm nơi nhận: {row.name}",
            changes={"kind": kind},
        )
    return row
