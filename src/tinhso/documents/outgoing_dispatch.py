"""Dispatch of an issued document and what follows: sending to each recipient, tracking each
copy, recall, replacement and correction.

Legal basis: Nghị định 30/2020/NĐ-CP Điều 16 (phát hành: the document is sent the day it is
issued, at the latest the next working day), Điều 18.3 (a document with an error of content is
replaced by a document of the same form; an error of format is corrected by an official letter
of the issuer; a wrongly sent one is recalled), Phụ lục IV (Sổ gửi văn bản đi bưu điện),
Phụ lục VI §III.8 (thu hồi, cập nhật, thay thế: the outgoing document and its metadata are
frozen, the copies recalled, the action logged).

Three ways out:
- INTERNAL — an agency of this system: at once, a PENDING incoming Document in the receiver
  (channel INTERNAL, source = this document, a copy of the sealed file). It is NOT registered
  here; the receiver's clerk registers it (tinhso.documents.incoming.register, part 1).
- EXTERNAL — an organ outside the system, named with its mã định danh (Quyết định
  20/2020/QĐ-TTg): `hand_to_exchange` marks the copy "chờ gửi liên thông" for the exchange
  issue (issue 15, trục liên thông văn bản quốc gia), which picks those rows up and sends them.
- PAPER — a postal address: a row of the postal register (PostalDispatch).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.core.files import delete_on_rollback
from tinhso.documents import access, search
from tinhso.documents.incoming_notice import tell_clerks
from tinhso.documents.kinds import CONG_VAN, Channel, Direction
from tinhso.documents.models import Document, DocumentFile, DocumentState
from tinhso.documents.models.base import FileRole
from tinhso.documents.models.outgoing import (
    OutgoingDetail,
    OutgoingRecipient,
    OutgoingRelation,
    PostalDispatch,
    RecipientEvent,
    RecipientKind,
    RecipientStatus,
)
from tinhso.documents.outgoing import DraftData, apply_transition, draft_create
from tinhso.documents.outgoing_flow import Action, OutgoingError, check_transition
from tinhso.documents.reactions import ChangeAction, DocumentChange, react

RECEIVED_STATES = frozenset(
    {
        DocumentState.REGISTERED,
        DocumentState.ASSIGNED,
        DocumentState.IN_PROGRESS,
        DocumentState.DONE,
    }
)


def _event(recipient: OutgoingRecipient, status: str, user: Any = None, note: str = "") -> None:
    recipient.status = status
    recipient.save(update_fields=["status", "sent_at", "received_at", "read_at"])
    RecipientEvent.objects.create(
        recipient=recipient, status=status, note=note[:500], by=user, at=timezone.now()
    )


def _copy_internal(document: Document, recipient: OutgoingRecipient, user: Any) -> Document:
    """The receiver's PENDING incoming copy with the sealed file (registered by part 1)."""
    from tinhso.documents.outgoing_signing import current_main, file_bytes

    if recipient.agency is None:
        raise OutgoingError(f"Nơi nhận {recipient.name} không phải cơ quan trong hệ thống.")
    copy = Document.objects.create(
        direction=Direction.INCOMING,
        agency=recipient.agency,
        state=DocumentState.PENDING,
        channel=Channel.INTERNAL,
        source=document,
        doc_type=document.doc_type,
        subject=document.subject,
        code_number=document.code_number,
        code_notation=document.code_notation,
        issued_date=document.issued_date,
        organ_name=document.organ_name,
        issuer_agency=document.agency,
        signer_name=document.signer_name,
        signer_position=document.signer_position,
        urgency=document.urgency,
        confidentiality=document.confidentiality,
        is_normative=document.is_normative,
        page_amount=document.page_amount,
        arrival_at=timezone.now(),
        full_text=document.full_text,
    )
    main = current_main(document)
    if main is not None:
        data = file_bytes(main)
        row = DocumentFile(
            document=copy,
            role=FileRole.MAIN,
            name=main.name,
            content_type=main.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            pages=main.pages,
            created_by=user,
        )
        row.file.save(main.name, ContentFile(data), save=False)
        delete_on_rollback(row.file.storage, row.file.name or "")
        row.save()
    return copy


def hand_to_exchange(recipient: OutgoingRecipient) -> OutgoingRecipient:
    """An external copy: "chờ gửi liên thông" until the exchange context (tinhso.exchange)
    has sent it over the axis to `recipient.organ_id` (mã định danh, QĐ 20/2020/QĐ-TTg); the
    outbox row is written in this transaction (reactions), the statuses the receiver reports
    come back through `tinhso.documents.exchange_events`. Called inside the caller's
    transaction."""
    recipient.sent_at = None
    _event(recipient, RecipientStatus.EXCHANGE_WAITING, note="Chờ gửi qua trục liên thông")
    react(DocumentChange(recipient.document, ChangeAction.TO_EXCHANGE, recipient=recipient))
    return recipient


def send(user: Any, document: Document) -> Document:
    """Phát hành: every waiting recipient at once, in one transaction."""
    check_transition(user, document, Action.SEND)
    now = timezone.now()
    with transaction.atomic():
        for recipient in document.recipients.select_for_update().filter(
            status=RecipientStatus.WAITING
        ):
            if recipient.kind == RecipientKind.INTERNAL:
                recipient.internal_copy = _copy_internal(document, recipient, user)
                tell_clerks(recipient.internal_copy)
                recipient.sent_at = now
                recipient.save(update_fields=["internal_copy", "sent_at"])
                _event(recipient, RecipientStatus.SENT, user, "Đã chuyển trong hệ thống")
            elif recipient.kind == RecipientKind.EXTERNAL:
                hand_to_exchange(recipient)
            else:
                PostalDispatch.objects.create(
                    recipient=recipient,
                    agency=document.agency,
                    handed_on=timezone.localdate(now),
                    number_and_symbol=document.number_and_symbol,
                    destination=f"{recipient.name}, {recipient.address}"[:300],
                    envelopes=1,
                )
                recipient.sent_at = now
                _event(recipient, RecipientStatus.SENT, user, "Đã vào sổ gửi bưu điện")
        apply_transition(
            document, Action.SEND, user, changes={"recipients": document.recipients.count()}
        )
    document.refresh_from_db()
    return document


def sync_tracking(document: Document) -> list[OutgoingRecipient]:
    """Tracking per recipient: the receiving copy's state shows back here (registered → "Đã
    vào sổ đến", a read receipt → "Đã xem", refused → "Bị từ chối nhận")."""
    rows = list(document.recipients.select_related("internal_copy", "agency").order_by("id"))
    for r in rows:
        copy = r.internal_copy
        if copy is None or r.status in (RecipientStatus.RECALLED, RecipientStatus.CANCELLED):
            continue
        with transaction.atomic():
            if copy.state == DocumentState.REFUSED and r.status != RecipientStatus.REFUSED:
                _event(r, RecipientStatus.REFUSED, note="Cơ quan nhận từ chối")
                continue
            if copy.state in RECEIVED_STATES and r.received_at is None:
                r.received_at = copy.registered_at or timezone.now()
                _event(r, RecipientStatus.RECEIVED, note="Đã vào sổ văn bản đến")
            read = copy.assignments.filter(read_at__isnull=False).order_by("read_at").first()
            if read is not None and r.read_at is None:
                r.read_at = read.read_at
                _event(r, RecipientStatus.READ, note="Đã có người xem")
    return rows


def _recall_copy(recipient: OutgoingRecipient, user: Any, reason: str) -> None:
    copy = recipient.internal_copy
    if copy is not None and copy.state != DocumentState.RECALLED:
        search.update_documents(
            Document.objects.filter(pk=copy.pk),
            state=DocumentState.RECALLED,
            version=copy.version + 1,
            updated_at=timezone.now(),
        )
    status = (
        RecipientStatus.CANCELLED
        if recipient.status == RecipientStatus.EXCHANGE_WAITING
        else RecipientStatus.RECALLED
    )
    _event(recipient, status, user, reason)
    # an unsent external copy is taken out of the outbox; a sent one is recalled at the
    # receiver (edXML business type 1, answered by a status 15 or 16)
    react(DocumentChange(recipient.document, ChangeAction.COPY_RECALLED, user, reason, recipient))


def _check_recaller(user: Any, document: Document) -> None:
    if not (
        access.user_can_sign_outgoing(user, document)
        or access.user_can_issue_outgoing(user, document)
    ):
        raise access.AccessDenied("Chỉ lãnh đạo hoặc văn thư cơ quan được thu hồi văn bản.")


def recall(user: Any, document: Document, reason: str) -> Document:
    """Thu hồi (Phụ lục VI §III.8): the document and its metadata are frozen (state RECALLED:
    no edit, no recipient, no sending), every copy recalled — internal copies become RECALLED
    and leave the receivers' inboxes —, the recall logged."""
    check_transition(user, document, Action.RECALL, reason)
    with transaction.atomic():
        copies = []
        for r in document.recipients.select_for_update(of=("self",)).select_related(
            "internal_copy"
        ):
            if r.status in (RecipientStatus.RECALLED, RecipientStatus.CANCELLED):
                continue
            _recall_copy(r, user, reason)
            copies.append(r.pk)
        OutgoingDetail.objects.filter(document=document).update(
            recalled_at=timezone.now(), recalled_by=user, recall_reason=reason.strip()[:500]
        )
        apply_transition(document, Action.RECALL, user, reason, changes={"copies": copies})
    document.refresh_from_db()
    return document


def recall_copy(user: Any, recipient: OutgoingRecipient, reason: str) -> OutgoingRecipient:
    """Recall (or cancel, if not yet sent over the exchange) one copy only."""
    document = recipient.document
    _check_recaller(user, document)
    if not reason.strip():
        raise OutgoingError("Vui lòng nhập lý do thu hồi.")
    if recipient.status in (
        RecipientStatus.RECALLED,
        RecipientStatus.CANCELLED,
        RecipientStatus.WAITING,
    ):
        raise OutgoingError("Bản này chưa gửi hoặc đã được thu hồi.")
    with transaction.atomic():
        _recall_copy(recipient, user, reason)
        audit_record(
            actor=user,
            action="documents.outgoing_recall_copy",
            target=document,
            summary=f"Thu hồi bản gửi {recipient.name}: {reason[:200]}",
            changes={"recipient": recipient.pk},
        )
    return recipient


def start_successor(
    user: Any, old: Document, relation: str, reason: str, upload: Any, subject: str = ""
) -> Document:
    """Điều 18.3: a content error → a new document of the same type that replaces the old
    (REPLACES); a format error → an official letter (công văn) correcting it (CORRECTS);
    an update (UPDATES) → a new document of the same type. A new draft referencing the old,
    with the old's recipients; the old becomes REPLACED when a replacement is issued."""
    if not (
        access.user_can_sign_outgoing(user, old)
        or access.user_can_issue_outgoing(user, old)
        or access.user_can_edit_draft(user, old)
    ):
        raise access.AccessDenied("Bạn không được thay thế hay đính chính văn bản này.")
    if old.state not in (DocumentState.ISSUED, DocumentState.SENT):
        raise OutgoingError("Chỉ thay thế hoặc đính chính văn bản đã ban hành.")
    if relation not in OutgoingRelation.values:
        raise OutgoingError("Hình thức xử lý không hợp lệ.")
    if not reason.strip():
        raise OutgoingError("Vui lòng nhập lý do thay thế / đính chính.")
    doc_type = CONG_VAN if relation == OutgoingRelation.CORRECTS else old.doc_type
    verb = {"replaces": "thay thế", "corrects": "đính chính", "updates": "cập nhật"}[relation]
    subject = subject.strip() or f"V/v {verb} văn bản số {old.number_and_symbol}: {old.subject}"
    with transaction.atomic():
        new = draft_create(
            user,
            DraftData(
                doc_type=doc_type,
                subject=subject[:500],
                urgency=old.urgency,
                confidentiality=old.confidentiality,
                is_normative=old.is_normative,
            ),
            upload,
            note=f"Dự thảo {verb}: {reason[:200]}",
        )
        OutgoingDetail.objects.filter(document=new).update(
            related=old, relation=relation, relation_reason=reason.strip()[:500]
        )
        for r in old.recipients.exclude(status=RecipientStatus.CANCELLED):
            OutgoingRecipient.objects.create(
                document=new,
                kind=r.kind,
                agency=r.agency,
                name=r.name,
                organ_id=r.organ_id,
                address=r.address,
                copies=r.copies,
                status=RecipientStatus.WAITING,
            )
        audit_record(
            actor=user,
            action=f"documents.outgoing_{relation}",
            target=old,
            summary=f"Lập dự thảo {verb} văn bản {old.number_and_symbol}: {reason[:200]}",
            changes={"successor": new.pk},
        )
    return Document.objects.get(pk=new.pk)


def on_issued(document: Document, user: Any) -> None:
    """After a successor is issued: a replacement makes the old document REPLACED."""
    detail = OutgoingDetail.objects.filter(document=document).select_related("related").first()
    if detail is None or detail.related is None:
        return
    if detail.relation in (OutgoingRelation.REPLACES, OutgoingRelation.UPDATES):
        old = detail.related
        if old.state in (DocumentState.ISSUED, DocumentState.SENT):
            apply_transition(
                old,
                Action.REPLACE,
                user,
                detail.relation_reason,
                system=True,
                changes={"replaced_by": document.pk, "number": document.number_and_symbol},
            )


def perform(user: Any, document: Document, action: str, note: str = "") -> tuple[str, str]:
    """One button of outgoing_flow.TRANSITIONS, for the pages and the API alike. Returns
    ("pending", signing session id) when an asynchronous signing was started, else
    ("done", "")."""
    from tinhso.documents import outgoing as drafting
    from tinhso.documents import outgoing_signing as signing
    from tinhso.documents.models.outgoing import ApprovalKind

    if action == Action.SUBMIT:
        drafting.submit(user, document)
    elif action == Action.APPROVE_CONTENT:
        drafting.approve(user, document, ApprovalKind.CONTENT, note)
    elif action == Action.APPROVE_FORMAT:
        drafting.approve(user, document, ApprovalKind.FORMAT, note)
    elif action == Action.RETURN:
        drafting.return_draft(user, document, note)
    elif action == Action.SIGN:
        status, detail = signing.sign(user, document)
        return ("pending", detail) if status == "pending" else ("done", "")
    elif action == Action.ISSUE:
        signing.number_and_seal(user, document)
    elif action == Action.SEND:
        send(user, document)
    else:
        raise OutgoingError("Thao tác không hợp lệ.")
    return "done", ""
