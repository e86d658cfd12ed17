"""The exchange outbox: queued with the change, sent after it, retried until delivered.

`queue_*` only write a row, inside the transaction of the change that sets it off (roll the
change back and nothing is sent). `send_due` claims due rows one by one (a lease, so two
senders never send one row), builds and signs the edXML at the first attempt (kept: a retry
sends the same bytes with the same message id, which the axis and the receiver deduplicate),
and hands it to the route. A route that cannot be reached is tried again with exponential
back-off capped at EXCHANGE_RETRY_MAX_SECONDS (DHX rule: resend with back-off; an axis or
receiver down for an hour is retried at least every 15 minutes and loses nothing). A refusal
(misaddressed, bad credentials) is not retried: the row is FAILED and shows on the operator
page, where "Gửi lại" queues it again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.core.outbox import Backoff, claim, enqueue, state_of
from tinhso.core.outbox_registry import OutboxState
from tinhso.documents import exchange_events
from tinhso.exchange.edxml.model import EdxmlError, SignerUnavailable
from tinhso.exchange.models import OPEN_STATES, Direction, ExchangeMessage, State
from tinhso.exchange.transport.base import (
    MessageType,
    OutgoingMessage,
    Transport,
    TransportError,
)

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_PER_RUN = 500


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … capped at 15 min (EXCHANGE_RETRY_BASE_SECONDS, _MAX_SECONDS), with
    ±10 % jitter so that a crowd of messages queued during an outage does not come back in one
    burst."""
    return Backoff(
        first=timedelta(seconds=settings.EXCHANGE_RETRY_BASE_SECONDS),
        cap=timedelta(seconds=settings.EXCHANGE_RETRY_MAX_SECONDS),
        jitter=0.1,
    ).wait(attempts)


def _queue(*, send_now: bool = True, **fields: Any) -> ExchangeMessage:
    message = ExchangeMessage.objects.create(
        direction=Direction.OUT, state=State.QUEUED, next_attempt_at=timezone.now(), **fields
    )
    if send_now and getattr(settings, "EXCHANGE_SEND_AFTER_COMMIT", False):
        transaction.on_commit(lambda: _send_later(message.pk), robust=True)
    return message


def queue_document(recipient: Any, message_type: str, *, send_now: bool = True) -> ExchangeMessage:
    """An external copy of an issued document (edoc, update or replacement)."""
    document = recipient.document
    return _queue(
        send_now=send_now,
        message_type=message_type,
        from_organ_id=document.agency.code,
        to_organ_id=recipient.organ_id,
        edxml_document_id=exchange_events.exchange_document_id(document),
        document=document,
        recipient=recipient,
    )


def queue_recall(recipient: Any, reason: str) -> ExchangeMessage:
    """Thu hồi a copy already sent: a revocation (business type 1; status 13 at the receiver)."""
    document = recipient.document
    return _queue(
        message_type=MessageType.REVOCATION,
        from_organ_id=document.agency.code,
        to_organ_id=recipient.organ_id,
        edxml_document_id=exchange_events.exchange_document_id(document),
        status_code="13",
        description=reason[:1000],
        document=document,
        recipient=recipient,
    )


def cancel_unsent(recipient: Any) -> int:
    """A copy cancelled before it left: its queued rows are dropped (nothing was sent)."""
    return ExchangeMessage.objects.filter(
        recipient=recipient, direction=Direction.OUT, state__in=OPEN_STATES, attempts=0
    ).update(state=State.CANCELLED, done_at=timezone.now())


def queue_status(
    *, document: Any, from_organ_id: str, to_organ_id: str, code: str, description: str = ""
) -> ExchangeMessage:
    """A status about a document we received (01–06, 02, 15, 16) back to its sender."""
    return _queue(
        message_type=MessageType.STATUS,
        from_organ_id=from_organ_id,
        to_organ_id=to_organ_id,
        edxml_document_id=document.exchange_id if document is not None else "",
        status_code=code,
        description=description[:1000],
        document=document,
    )


def queue_orphan_status(
    *, from_organ_id: str, to_organ_id: str, document_id: str, code: str, description: str
) -> ExchangeMessage:
    """A status about a package we hold no copy of (02 for a package refused as it came in,
    16 for a recall of a document we never had)."""
    return _queue(
        message_type=MessageType.STATUS,
        from_organ_id=from_organ_id,
        to_organ_id=to_organ_id,
        edxml_document_id=document_id,
        status_code=code,
        description=description[:1000],
    )


def _send_later(pk: int) -> None:
    from tinhso.exchange.tasks import send

    enqueue(send, [pk])


# --- sending -------------------------------------------------------------------------------


@dataclass
class SendOutcome:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _take(now: datetime, only: list[int] | None) -> list[int]:
    """Claim the next due row for LEASE (core.outbox.claim: of two senders exactly one wins).
    One at a time, just before it is sent, so a slow route never outlasts a lease."""
    qs = ExchangeMessage.objects.filter(
        direction=Direction.OUT, state__in=OPEN_STATES, next_attempt_at__lte=now
    ).filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
    if only is not None:
        qs = qs.filter(pk__in=only)
    return claim(
        qs.order_by("next_attempt_at", "pk"),
        values={"lease_until": now + LEASE, "last_attempt_at": now},
        limit=1,
    )


def outbox_state() -> OutboxState:
    outgoing = ExchangeMessage.objects.filter(direction=Direction.OUT)
    return state_of(
        "exchange",
        "Tin liên thông văn bản gửi đi",
        pending=outgoing.filter(state__in=OPEN_STATES),
        failed=outgoing.filter(state=State.FAILED),
    )


def send_due(
    *,
    transport: Transport | None = None,
    now: datetime | None = None,
    only: list[int] | None = None,
) -> SendOutcome:
    from tinhso.exchange.transport import get_transport

    outcome = SendOutcome()
    route = transport or get_transport()
    moment = now or timezone.now()
    for _ in range(MAX_PER_RUN):
        taken = _take(moment, only)
        if not taken:
            break
        message = ExchangeMessage.objects.get(pk=taken[0])
        result = _attempt(message, route, moment)
        setattr(outcome, result, getattr(outcome, result) + 1)
    return outcome


def _attempt(message: ExchangeMessage, route: Transport, now: datetime) -> str:
    try:
        body = _body(message)
    except SignerUnavailable as exc:  # the HSM did not answer: like a route that is down
        return _retry(message, str(exc), now, route.name)
    except (EdxmlError, ValueError, LookupError) as exc:  # no seal, bad data: needs a person
        return _fail(message, f"Không lập được gói tin edXML: {exc}", now)
    try:
        receipt = route.send(
            OutgoingMessage(
                message_id=str(message.message_id),
                message_type=message.message_type,
                from_organ_id=message.from_organ_id,
                to_organ_ids=(message.to_organ_id,),
                body=body,
            )
        )
    except TransportError as exc:
        if exc.permanent:
            return _fail(message, str(exc), now)
        return _retry(message, str(exc), now, route.name)
    with transaction.atomic():
        message.attempts += 1
        message.state = State.SENT
        message.remote_id = receipt.remote_id[:120]
        message.route = route.name
        message.done_at = now
        message.lease_until = None
        message.last_error = ""
        message.save()
        if message.recipient_id and message.message_type != MessageType.REVOCATION:
            exchange_events.record_sent(message.recipient_id, now)
    return "sent"


def _retry(message: ExchangeMessage, reason: str, now: datetime, route: str) -> str:
    message.attempts += 1
    message.state = State.RETRYING
    message.last_error = reason[:2000]
    message.next_attempt_at = now + backoff(message.attempts)
    message.lease_until = None
    message.route = route
    message.save(
        update_fields=["attempts", "state", "last_error", "next_attempt_at", "lease_until", "route"]
    )
    return "retrying"


def _fail(message: ExchangeMessage, reason: str, now: datetime) -> str:
    with transaction.atomic():
        message.attempts += 1
        message.state = State.FAILED
        message.last_error = reason[:2000]
        message.lease_until = None
        message.save(update_fields=["attempts", "state", "last_error", "lease_until"])
        audit_record(
            actor=None,
            action="exchange.send_failed",
            target=message,
            summary=f"Gửi liên thông không thành công tới {message.to_organ_id}: {reason[:300]}",
            changes={"message_id": str(message.message_id), "type": message.message_type},
        )
        if message.recipient_id:
            exchange_events.record_status(
                message.recipient_id, "", "Lỗi gửi liên thông", reason[:400], now
            )
    logger.warning("exchange: message %s failed: %s", message.message_id, reason)
    return "failed"


def _body(message: ExchangeMessage) -> bytes:
    """The signed edXML of the row: built once, then read back for every retry."""
    if message.body:
        with message.body.open("rb") as stored:
            return bytes(stored.read())
    data = _build(message)
    digest = hashlib.sha256(data).hexdigest()
    message.body.save(f"{message.message_id}.xml", ContentFile(data), save=False)
    message.body_sha256 = digest
    message.body_size = len(data)
    message.save(update_fields=["body", "body_sha256", "body_size"])
    return data


def _build(message: ExchangeMessage) -> bytes:
    from tinhso.exchange import packages
    from tinhso.exchange.edxml.build import build_edoc, build_status
    from tinhso.exchange.edxml.xmlsig import sign, signer_for_agency
    from tinhso.organisation.models import Agency

    agency = Agency.objects.filter(code=message.from_organ_id).first()
    if agency is None:
        raise LookupError(f"Không có cơ quan gửi mang mã định danh {message.from_organ_id}.")
    if message.message_type == MessageType.STATUS:
        xml = build_status(
            packages.status_for(
                agency,
                message.edxml_document_id,
                message.status_code,
                message.description,
                message.document,
            )
        )
    else:
        assert message.recipient_id is not None
        payload = exchange_events.payload_for(message.recipient_id)
        package = packages.edoc_for(payload, message.edxml_document_id)
        if message.message_type == MessageType.REVOCATION:
            package = packages.revocation_of(package, message.description)
        xml = build_edoc(package)
    return sign(xml, signer_for_agency(agency.pk))


def resend(messages: list[ExchangeMessage], *, actor: Any, request: Any = None) -> int:
    """The operator's "Gửi lại": failed or waiting rows become due now (same message id)."""
    count = 0
    now = timezone.now()
    with transaction.atomic():
        for message in messages:
            if message.direction != Direction.OUT or message.state not in (
                State.FAILED,
                State.RETRYING,
                State.QUEUED,
            ):
                continue
            message.state = State.QUEUED
            message.next_attempt_at = now
            message.lease_until = None
            message.save(update_fields=["state", "next_attempt_at", "lease_until"])
            count += 1
            audit_record(
                actor=actor,
                action="exchange.resend",
                target=message,
                summary=f"Gửi lại tin liên thông tới {message.to_organ_id}",
                changes={"message_id": str(message.message_id)},
                request=request,
            )
    return count
