"""Taking packages from the axis: verify, register once, answer with a status.

`receive_due` reads our inbox on the route (messages addressed to any of our agencies),
fetches each package and handles it in one transaction, then tells the route it was taken
(DONE) or refused (FAIL). A package is handled once: by the route's message id (the unique
`exchange_in_once` row) and, for a document, by its DocumentId at the addressed agency (the
documents context's unique (agency, exchange_id)) — a package delivered twice, or fetched
again because our acknowledgement was lost, creates nothing new (DHX rule 3).

What comes in and what it sets off (regulations.md §4.6; QĐ 28/2018/QĐ-TTg):
- a new document (business type 0) → a PENDING incoming copy for the clerk; status 01 back;
- an update or replacement (2, 3) → the same, and the earlier copy is frozen (REPLACED,
  Phụ lục VI §III.8);
- a recall (1, status 13 at our side) → recorded for the clerk, who answers 15 (the copy is
  frozen as RECALLED) or 16 with a reason (`answer_recall`);
- a status about a document we sent → the copy's tracking (tinhso.documents.exchange_events);
- anything malformed, unsigned, untrusted or addressed to no agency of ours → refused with a
  status 02 and the reason (or, for a status message, logged only: a status is never answered).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.core.files import delete_on_rollback
from tinhso.documents import exchange_events
from tinhso.documents.models import DocumentState
from tinhso.exchange import outbox, packages
from tinhso.exchange.edxml.model import STATUS_CODES, BusinessDocType, EdxmlError
from tinhso.exchange.models import Direction, ExchangeMessage, State
from tinhso.exchange.transport.base import (
    InboxItem,
    InboxState,
    MessageType,
    Transport,
    TransportError,
)
from tinhso.organisation.models import Agency

logger = logging.getLogger(__name__)
_DOCUMENT_ID = re.compile(rb"<(?:\w+:)?DocumentId>([^<]{1,120})</(?:\w+:)?DocumentId>")


@dataclass
class ReceiveOutcome:
    received: int = 0
    duplicates: int = 0
    refused: int = 0
    statuses: int = 0
    error: str = ""


def receive_due(*, transport: Transport | None = None, limit: int = 100) -> ReceiveOutcome:
    from tinhso.exchange.transport import get_transport

    route = transport or get_transport()
    outcome = ReceiveOutcome()
    try:
        items = route.pending(limit)
    except TransportError as exc:
        outcome.error = str(exc)
        return outcome
    for item in items:
        try:
            result = take(item, route)
        except TransportError as exc:  # fetch failed: the item stays in the inbox for next time
            outcome.error = str(exc)
            continue
        setattr(outcome, result, getattr(outcome, result) + 1)
    return outcome


def take(item: InboxItem, route: Transport) -> str:
    """Handle one inbox item; returns the ReceiveOutcome field it counts in."""
    seen = ExchangeMessage.objects.filter(
        direction=Direction.IN, route=route.name, remote_id=item.remote_id
    ).first()
    if seen is not None:  # handled before; our acknowledgement was lost
        route.acknowledge(item.remote_id, _ack_state(seen.state))
        return "duplicates"
    try:
        body = route.fetch(item.remote_id)
    except TransportError as exc:
        if not exc.permanent:
            raise  # the route is down: the item waits for the next round
        with transaction.atomic():  # too large, unreadable: refused, taken off the inbox
            row = _record(item, route.name, b"")
            result = _refuse(row, str(exc))
        route.acknowledge(item.remote_id, InboxState.FAIL)
        return result
    try:
        with transaction.atomic():
            row = _record(item, route.name, body)
            result = _handle(row, body)
    except IntegrityError:  # another receiver took it at the same moment
        return "duplicates"
    route.acknowledge(item.remote_id, _ack_state(row.state))
    return result


def _ack_state(state: str) -> str:
    return InboxState.FAIL if state == State.REFUSED else InboxState.DONE


def _record(item: InboxItem, route: str, body: bytes) -> ExchangeMessage:
    row = ExchangeMessage(
        direction=Direction.IN,
        message_type=item.message_type,
        state=State.RECEIVED,
        from_organ_id=item.from_organ_id[:40],
        to_organ_id=item.to_organ_id[:40],
        edxml_document_id=_loose_document_id(body),
        remote_id=item.remote_id[:120],
        route=route,
        body_sha256=hashlib.sha256(body).hexdigest(),
        body_size=len(body),
        done_at=timezone.now(),
    )
    if body:
        row.body.save(f"in-{row.message_id}.xml", ContentFile(body), save=False)
        delete_on_rollback(row.body.storage, row.body.name or "")
    row.save()
    return row


def _loose_document_id(body: bytes) -> str:
    """The DocumentId as written, read before parsing, so that even a package refused as
    malformed can be answered (a status 02 names the document it refuses)."""
    found = _DOCUMENT_ID.search(body[:262144])
    return found.group(1).decode("utf-8", "replace").strip()[:120] if found else ""


def _handle(row: ExchangeMessage, body: bytes) -> str:
    from tinhso.exchange.edxml.parse import kind_of, parse_edoc, parse_status

    try:
        if kind_of(body) == "status":
            parsed_status = parse_status(body)
            row.message_type = MessageType.STATUS
            return _status_in(row, parsed_status)
        parsed = parse_edoc(body)
    except EdxmlError as exc:
        return _refuse(row, exc.reason, answer=row.message_type != MessageType.STATUS)
    row.signer_subject = getattr(parsed.signer, "subject", "")[:300]
    return _edoc_in(row, parsed.package)


def _agency(organ_id: str) -> Agency | None:
    return Agency.objects.filter(code=organ_id, is_active=True).first()


def _edoc_in(row: ExchangeMessage, package: Any) -> str:
    agency = _agency(row.to_organ_id)
    row.edxml_document_id = package.document_id[:120]
    if agency is None:
        return _refuse(row, f"Không có cơ quan mang mã định danh {row.to_organ_id} tại nơi nhận.")
    business = package.business.doc_type
    if business == BusinessDocType.REVOKE:
        return _recall_in(row, agency, package)
    document, created = exchange_events.receive_external(
        agency, packages.incoming_of(package), _files(package), arrived_at=timezone.now()
    )
    row.document = document
    if not created:
        row.state = State.IGNORED
        row.save()
        return "duplicates"
    row.save()
    outbox.queue_status(
        document=document,
        from_organ_id=agency.code,
        to_organ_id=package.sender.organ_id,
        code="01",
    )
    if (
        business in (BusinessDocType.UPDATE, BusinessDocType.REPLACE)
        and package.business.document_id
    ):
        earlier = exchange_events.incoming_copy(agency, package.business.document_id)
        if earlier is not None:
            exchange_events.freeze_copy(
                earlier,
                state=DocumentState.REPLACED,
                reason=package.business.reason or f"Thay thế bởi văn bản {package.document_id}",
            )
    return "received"


def _files(package: Any) -> list[exchange_events.ExchangeFile]:
    return [
        exchange_events.ExchangeFile(a.name, a.content_type, a.data) for a in package.attachments
    ]


def _recall_in(row: ExchangeMessage, agency: Agency, package: Any) -> str:
    target = package.business.document_id or package.document_id
    copy = exchange_events.incoming_copy(agency, target)
    row.message_type = MessageType.REVOCATION
    row.status_code = "13"
    row.description = package.business.reason[:1000]
    row.edxml_document_id = target[:120]
    if copy is None:
        row.state = State.REFUSED
        row.last_error = "Không có văn bản được yêu cầu thu hồi."
        row.save()
        _answer(agency.code, row.from_organ_id, None, target, "16", row.last_error)
        return "refused"
    row.document = copy
    row.save()
    audit_record(
        actor=None,
        action="exchange.recall_requested",
        target=copy,
        summary=f"Cơ quan gửi yêu cầu thu hồi văn bản: {row.description[:300]}",
        changes={"message_id": str(row.message_id)},
    )
    return "received"


def _status_in(row: ExchangeMessage, parsed: Any) -> str:
    status = parsed.status
    row.edxml_document_id = status.response_for.document_id[:120]
    row.status_code = status.status_code
    row.description = status.description[:1000]
    row.from_organ_id = status.sender.organ_id[:40]
    sent = (
        ExchangeMessage.objects.filter(
            direction=Direction.OUT,
            edxml_document_id=status.response_for.document_id,
            to_organ_id=status.sender.organ_id,
            recipient__isnull=False,
        )
        .exclude(message_type=MessageType.STATUS)
        .order_by("-pk")
        .first()
    )
    if sent is None:
        row.state = State.REFUSED
        row.last_error = "Trạng thái của một văn bản không do cơ quan trong hệ thống gửi."
        row.save()
        logger.warning("exchange: status for an unknown document %s", row.edxml_document_id)
        return "refused"
    row.document_id = sent.document_id
    row.recipient_id = sent.recipient_id
    row.save()
    assert sent.recipient_id is not None
    exchange_events.record_status(
        sent.recipient_id,
        status.status_code,
        STATUS_CODES.get(status.status_code, ""),
        status.description,
        status.timestamp,
    )
    return "statuses"


def _refuse(row: ExchangeMessage, reason: str, *, answer: bool = True) -> str:
    row.state = State.REFUSED
    row.last_error = reason[:2000]
    row.save()
    audit_record(
        actor=None,
        action="exchange.refused",
        target=row,
        summary=f"Từ chối gói tin từ {row.from_organ_id}: {reason[:300]}",
        changes={"remote_id": row.remote_id, "document_id": row.edxml_document_id},
    )
    agency = _agency(row.to_organ_id)
    # a status names the document it is about: without a DocumentId there is nothing to answer
    if answer and agency is not None and row.from_organ_id and row.edxml_document_id:
        _answer(agency.code, row.from_organ_id, None, row.edxml_document_id, "02", reason)
    return "refused"


def _answer(
    from_organ: str, to_organ: str, document: Any, document_id: str, code: str, reason: str
) -> None:
    """A status about a package we hold no copy of (refused before a copy existed)."""
    outbox.queue_orphan_status(
        from_organ_id=from_organ,
        to_organ_id=to_organ,
        document_id=document_id,
        code=code,
        description=reason,
    )
