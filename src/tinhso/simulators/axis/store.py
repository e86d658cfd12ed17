"""The one store behind both simulated protocols: route a message to each addressee's inbox,
list, give and close inbox items, and answer the directory. Each failure is an `AxisError`
carrying the HTTP status the protocols answer with."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from tinhso.exchange.transport.base import InboxState, MessageType
from tinhso.simulators.axis.models import (
    AxisInboxItem,
    AxisMessage,
    AxisOrganisation,
    AxisSystem,
)

CLOSING_STATES = (
    InboxState.ACCEPTANCE,
    InboxState.REJECTION,
    InboxState.PROCESSING,
    InboxState.DONE,
    InboxState.FAIL,
)


class AxisError(Exception):
    def __init__(self, http_status: int, description: str, **extra: object) -> None:
        super().__init__(description)
        self.http_status = http_status
        self.description = description
        self.extra = extra


def served_organs(system: AxisSystem) -> list[str]:
    return list(system.organs.values_list("code", flat=True))


def send(
    system: AxisSystem,
    *,
    message_id: str,
    message_type: str,
    from_organ: str,
    to_organs: Iterable[str],
    body: bytes,
) -> tuple[AxisMessage, bool]:
    """Store a message once and put it in every addressee's inbox. A second send with the same
    sender's message id and content answers the first message (created False)."""
    addressees = sorted({code.strip() for code in to_organs if code.strip()})
    if not message_id or len(message_id) > 100:
        raise AxisError(400, "Thiếu mã gói tin của bên gửi (msgid) hoặc mã quá dài.")
    if message_type not in MessageType.ALL:
        raise AxisError(400, f"Loại gói tin không hợp lệ: {message_type!r}.")
    if not addressees:
        raise AxisError(400, "Gói tin không có cơ quan nhận.")
    if not body:
        raise AxisError(400, "Gói tin rỗng.")
    if from_organ not in served_organs(system):
        raise AxisError(403, f"Hệ thống {system.system_id} không gửi thay cơ quan {from_organ}.")
    known = set(
        AxisOrganisation.objects.filter(code__in=addressees, is_active=True).values_list(
            "code", flat=True
        )
    )
    unknown = [code for code in addressees if code not in known]
    if unknown:
        raise AxisError(
            422,
            "Không có cơ quan nào trên trục với mã định danh: " + ", ".join(unknown) + ".",
            unknownOrgans=unknown,
        )
    digest = hashlib.sha256(body).hexdigest()
    previous = AxisMessage.objects.filter(sender=system, sender_message_id=message_id).first()
    if previous is None:
        try:
            with transaction.atomic():
                message = AxisMessage.objects.create(
                    sender=system,
                    sender_message_id=message_id,
                    message_type=message_type,
                    from_organ=from_organ,
                    body=body,
                    sha256=digest,
                )
                AxisInboxItem.objects.bulk_create(
                    [AxisInboxItem(message=message, to_organ=code) for code in addressees]
                )
            return message, True
        except IntegrityError:  # the same message id, sent at the same moment
            previous = AxisMessage.objects.get(sender=system, sender_message_id=message_id)
    if previous.sha256 != digest:
        raise AxisError(409, f"Mã gói tin {message_id} đã dùng cho một nội dung khác.")
    return previous, False


def pending(system: AxisSystem, *, limit: int = 100, message_type: str = "") -> list[AxisInboxItem]:
    items = AxisInboxItem.objects.filter(
        to_organ__in=served_organs(system), status=InboxState.INBOX
    ).select_related("message")
    if message_type:
        items = items.filter(message__message_type=message_type)
    return list(items.order_by("created_at", "id")[: max(1, min(limit, 1000))])


def inbox_item(system: AxisSystem, doc_id: str) -> AxisInboxItem:
    """One item of the system's own inboxes; another system's is as unknown as a wrong id."""
    try:
        key = uuid.UUID(str(doc_id))
    except ValueError:
        raise AxisError(404, f"Không có gói tin {doc_id!r} trong hộp thư.") from None
    item = (
        AxisInboxItem.objects.filter(doc_id=key, to_organ__in=served_organs(system))
        .select_related("message")
        .first()
    )
    if item is None:
        raise AxisError(404, f"Không có gói tin {doc_id} trong hộp thư.")
    return item


def acknowledge(system: AxisSystem, doc_id: str, state: str) -> AxisInboxItem:
    if state not in CLOSING_STATES:
        raise AxisError(400, f"Trạng thái không hợp lệ: {state!r}.")
    item = inbox_item(system, doc_id)
    item.status = state
    item.save(update_fields=["status", "updated_at"])
    return item


def directory() -> list[AxisOrganisation]:
    return list(AxisOrganisation.objects.filter(is_active=True).order_by("code"))
