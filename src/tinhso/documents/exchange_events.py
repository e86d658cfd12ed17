"""What the exchange context (tinhso.exchange) asks of documents: the services it calls.

Receiving: a document that arrived over the axis becomes a PENDING incoming copy of the
addressed agency, registered by its clerk like any other (tinhso.documents.incoming), once
per DocumentId (the unique (agency, exchange_id) constraint: a package delivered twice is
registered once, DHX rule 3). Sending: what an external copy carries, and the statuses its
receiver reports, shown per recipient (Quyết định 28/2018/QĐ-TTg; Phụ lục VI §III.8 for
recall, update and replacement). Secret documents never travel over the axis: the law
(Luật Bảo vệ bí mật nhà nước 2018) keeps them off public networks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.core.files import delete_on_rollback
from tinhso.documents import search
from tinhso.documents.incoming_notice import tell_clerks
from tinhso.documents.kinds import BY_CODE, CONG_VAN, Channel, Confidentiality, Direction
from tinhso.documents.models import Document, DocumentFile, DocumentState
from tinhso.documents.models.base import FileRole
from tinhso.documents.models.outgoing import (
    OutgoingDetail,
    OutgoingRecipient,
    RecipientEvent,
    RecipientStatus,
)
from tinhso.organisation.models import Agency


@dataclass(frozen=True)
class ExchangeFile:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ExternalDocument:
    """The metadata a package carries, in our terms (tinhso.exchange.packages maps edXML)."""

    exchange_id: str  # DocumentId
    doc_type: str  # our code (kinds.BY_CODE)
    subject: str
    organ_name: str
    code_number: str
    code_notation: str
    issued_date: date | None
    signer_name: str = ""
    signer_position: str = ""
    urgency: str = "normal"
    due_date: date | None = None
    page_amount: int = 1
    description: str = ""


def _store_file(document: Document, item: ExchangeFile, role: str) -> None:
    digest = hashlib.sha256(item.data).hexdigest()
    extension = item.name.rsplit(".", 1)[-1].lower()[:8] if "." in item.name else "bin"
    row = DocumentFile(
        document=document,
        role=role,
        name=item.name[:255],
        content_type=item.content_type[:100],
        size=len(item.data),
        sha256=digest,
        pages=0,
    )
    row.file.save(f"{digest[:32]}.{extension}", ContentFile(item.data))
    delete_on_rollback(row.file.storage, row.file.name or "")


def receive_external(
    agency: Agency, data: ExternalDocument, files: list[ExchangeFile], *, arrived_at: datetime
) -> tuple[Document, bool]:
    """The PENDING incoming copy of a document received over the axis, and whether it is new.
    Call inside the receiving transaction; the clerks are told once it commits."""
    existing = Document.objects.filter(agency=agency, exchange_id=data.exchange_id).first()
    if existing is not None:
        return existing, False
    doc_type = data.doc_type if data.doc_type in BY_CODE else CONG_VAN
    try:
        with transaction.atomic():  # a concurrent receiver may insert the same DocumentId
            document = Document.objects.create(
                direction=Direction.INCOMING,
                agency=agency,
                state=DocumentState.PENDING,
                channel=Channel.EXCHANGE,
                exchange_id=data.exchange_id[:100],
                doc_type=doc_type,
                subject=data.subject[:500],
                organ_name=data.organ_name[:200],
                code_number=data.code_number[:11],
                code_notation=data.code_notation[:30].upper(),
                issued_date=data.issued_date,
                signer_name=data.signer_name[:50],
                signer_position=data.signer_position[:100],
                urgency=data.urgency,
                confidentiality=Confidentiality.NORMAL,
                due_date=data.due_date,
                page_amount=max(1, min(data.page_amount, 32767)),
                description=data.description[:500],
                arrival_at=arrived_at,
            )
    except IntegrityError:
        return Document.objects.get(agency=agency, exchange_id=data.exchange_id), False
    for index, item in enumerate(files):
        _store_file(document, item, FileRole.MAIN if index == 0 else FileRole.ATTACHMENT)
    tell_clerks(document)
    audit_record(
        actor=None,
        action="document.incoming.arrived",
        target=document,
        summary=f"Văn bản {document.number_and_symbol} của {document.organ_name} đến qua trục "
        "liên thông, chờ vào sổ",
        changes={"exchange_id": data.exchange_id, "files": len(files)},
    )
    return document, True


def incoming_copy(agency: Agency, exchange_id: str) -> Document | None:
    return Document.objects.filter(
        agency=agency, exchange_id=exchange_id, direction=Direction.INCOMING
    ).first()


def freeze_copy(document: Document, *, state: str, reason: str, actor: Any = None) -> Document:
    """Phụ lục VI §III.8: a copy recalled (15 agreed) or replaced by its sender is frozen:
    no more handling, kept with its history and searchable."""
    if state not in (DocumentState.RECALLED, DocumentState.REPLACED):
        raise ValueError(state)
    before = document.state
    if before == state:
        return document
    search.update_documents(
        Document.objects.filter(pk=document.pk),
        state=state,
        version=document.version + 1,
        updated_at=timezone.now(),
    )
    document.assignments.filter(is_active=True).update(is_active=False)
    label = "thu hồi" if state == DocumentState.RECALLED else "thay thế"
    audit_record(
        actor=actor,
        action=f"document.incoming.{state}",
        target=document,
        summary=f"Văn bản bị cơ quan gửi {label}: {reason[:300]}",
        changes={"state": [before, state], "reason": reason[:500]},
    )
    document.refresh_from_db()
    return document


# --- the sending side -------------------------------------------------------------------------


@dataclass(frozen=True)
class OutgoingPayload:
    """What one external copy carries: the issued document, its files and addressees."""

    document: Document
    recipient: OutgoingRecipient
    external_organ_ids: tuple[str, ...]  # every external addressee of the document (edXML To)
    to_places: tuple[str, ...]  # nơi nhận as printed
    files: tuple[ExchangeFile, ...]  # the sealed main file first
    relation: str  # "", "replaces", "updates", "corrects" (OutgoingDetail.relation)
    related_exchange_id: str  # DocumentId of the document replaced / updated
    reason: str


def exchange_document_id(document: Document) -> str:
    """DocumentId of our issued document: "<OrganId>,<yyyy/MM/dd>,<number/symbol>"."""
    if document.exchange_id:
        return document.exchange_id
    issued = document.issued_date or timezone.localdate()
    return f"{document.agency.code},{issued:%Y/%m/%d},{document.number_and_symbol}"


def payload_for(recipient_id: int) -> OutgoingPayload:
    from tinhso.documents.outgoing_signing import file_bytes

    recipient = OutgoingRecipient.objects.select_related("document__agency").get(pk=recipient_id)
    document = recipient.document
    if document.confidentiality != Confidentiality.NORMAL:
        raise ValueError("Văn bản mật không được gửi qua trục liên thông.")
    rows = list(document.recipients.exclude(status=RecipientStatus.CANCELLED))
    files = [
        ExchangeFile(f.name, f.content_type, file_bytes(f))
        for f in document.files.filter(
            is_current=True, role__in=(FileRole.MAIN, FileRole.ATTACHMENT)
        ).order_by("role", "pk")
    ]
    files.sort(key=lambda f: 0 if f.content_type == "application/pdf" else 1)
    detail = OutgoingDetail.objects.filter(document=document).select_related("related").first()
    related = detail.related if detail is not None else None
    return OutgoingPayload(
        document=document,
        recipient=recipient,
        external_organ_ids=tuple(r.organ_id for r in rows if r.kind == "external" and r.organ_id),
        to_places=tuple(r.name for r in rows),
        files=tuple(files),
        relation=(detail.relation or "") if detail is not None else "",
        related_exchange_id=exchange_document_id(related) if related is not None else "",
        reason=(detail.relation_reason or "") if detail is not None else "",
    )


# The receiver's status codes (regulations.md §4.6) as they show on our copy's tracking.
_TRACKING: dict[str, str] = {
    "02": RecipientStatus.REFUSED,
    "03": RecipientStatus.RECEIVED,
    "15": RecipientStatus.RECALLED,
}


def record_sent(recipient_id: int, at: datetime) -> None:
    with transaction.atomic():
        recipient = OutgoingRecipient.objects.select_for_update().get(pk=recipient_id)
        if recipient.status != RecipientStatus.EXCHANGE_WAITING:
            return
        recipient.sent_at = at
        recipient.status = RecipientStatus.SENT
        recipient.save(update_fields=["sent_at", "status"])
        RecipientEvent.objects.create(
            recipient=recipient,
            status=RecipientStatus.SENT,
            note="Đã gửi qua trục liên thông",
            at=at,
        )


def record_status(recipient_id: int, code: str, label: str, description: str, at: datetime) -> None:
    """A status the receiver reported: in the copy's history; 02, 03 and 15 also move it."""
    with transaction.atomic():
        recipient = OutgoingRecipient.objects.select_for_update().get(pk=recipient_id)
        target = _TRACKING.get(code, recipient.status)
        fields = ["status"]
        if code == "03" and recipient.received_at is None:
            recipient.received_at = at
            fields.append("received_at")
        if code in ("04", "05", "06") and recipient.read_at is None:
            recipient.read_at = at
            fields.append("read_at")
        recipient.status = target
        recipient.save(update_fields=fields)
        note = f"{code} {label}".strip() + (f": {description}" if description else "")
        # edXML timestamps have whole seconds: never show an answer before what it answers
        last = recipient.events.order_by("-at").values_list("at", flat=True).first()
        at = max(at, last) if last is not None else at
        RecipientEvent.objects.create(recipient=recipient, status=target, note=note[:500], at=at)


def relation_of(document: Document) -> str:
    """ "replaces", "updates", "corrects" or "" (Điều 18.3): what the document does to another."""
    detail = OutgoingDetail.objects.filter(document=document).only("relation").first()
    return (detail.relation or "") if detail is not None else ""
