"""What the exchange does when a document changes (listed in tinhso.documents.reactions)."""

from __future__ import annotations

from tinhso.documents import exchange_events
from tinhso.documents.models import Document
from tinhso.documents.reactions import ChangeAction, DocumentChange
from tinhso.exchange import outbox
from tinhso.exchange.models import Direction, ExchangeMessage
from tinhso.exchange.transport.base import MessageType

# Our changes of an incoming copy and the status each reports to its sender (§4.6):
# registered → 03 (đã tiếp nhận), assigned → 04 (phân công), first progress → 05 (đang xử
# lý), completed → 06 (hoàn thành), refused → 02 with the reason.
STATUS_OF_CHANGE = {
    ChangeAction.REGISTERED: "03",
    ChangeAction.ASSIGNED: "04",
    ChangeAction.PROGRESS: "05",
    ChangeAction.COMPLETED: "06",
    ChangeAction.REFUSED: "02",
}
# 04 and 05 are said once: a second slip or a later progress report is not news to the sender
ONCE = frozenset({"03", "05", "06", "02"})


def _sender_of(document: Document) -> str:
    """Who sent us the copy: the From of the package it came in, else the issuer in its
    DocumentId."""
    came = (
        ExchangeMessage.objects.filter(direction=Direction.IN, document=document)
        .exclude(message_type__in=(MessageType.STATUS, MessageType.REVOCATION))
        .order_by("pk")
        .first()
    )
    if came is not None and came.from_organ_id:
        return came.from_organ_id
    return document.exchange_id.split(",", 1)[0]


def report_status(change: DocumentChange) -> None:
    code = STATUS_OF_CHANGE.get(change.action)
    if code is None:
        return
    document = change.document
    already = ExchangeMessage.objects.filter(
        direction=Direction.OUT,
        message_type=MessageType.STATUS,
        document=document,
        status_code=code,
    ).exists()
    if already and (code in ONCE or code == "04"):
        return
    outbox.queue_status(
        document=document,
        from_organ_id=document.agency.code,
        to_organ_id=_sender_of(document),
        code=code,
        description=change.note if code == "02" else "",
    )


def queue_outgoing(change: DocumentChange) -> None:
    recipient = change.recipient
    if change.action == ChangeAction.TO_EXCHANGE:
        relation = exchange_events.relation_of(recipient.document)
        message_type = {
            "replaces": MessageType.REPLACEMENT,
            "updates": MessageType.UPDATE,
        }.get(relation or "", MessageType.EDOC)
        outbox.queue_document(recipient, message_type)
        return
    if change.action == ChangeAction.COPY_RECALLED:
        if outbox.cancel_unsent(recipient):
            return  # it never left: nothing to recall at the receiver
        if recipient.status == "recalled":
            outbox.queue_recall(recipient, change.note)
