"""The clerk's answer to a recall, and what the operator pages read.

A recall request (edXML business type 1; status 13) is answered by the receiving clerk:
15 — agreed, the copy is frozen as RECALLED (Phụ lục VI §III.8 of Nghị định 30/2020/NĐ-CP:
kept with its history, out of the handling); 16 — refused, with the reason (a document
already acted on, for instance). Either answer goes back to the sender as a status.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.documents import exchange_events
from tinhso.documents.models import DocumentState
from tinhso.exchange import access, outbox
from tinhso.exchange.models import OPEN_STATES, Direction, ExchangeMessage, State
from tinhso.exchange.transport.base import MessageType

STUCK_AFTER = timedelta(hours=1)


class ExchangeError(ValueError):
    pass


def recall_requests(user: Any) -> QuerySet[ExchangeMessage]:
    """Recall requests for the user's incoming copies, not yet answered."""
    return (
        access.visible_messages(user)
        .filter(
            direction=Direction.IN,
            message_type=MessageType.REVOCATION,
            state=State.RECEIVED,
            document__isnull=False,
        )
        .select_related("document")
    )


def answer_recall(
    user: Any, message: ExchangeMessage, *, agree: bool, reason: str = "", request: Any = None
) -> ExchangeMessage:
    reason = (reason or "").strip()
    if not agree and not reason:
        raise ExchangeError("Nhập lý do từ chối thu hồi (trạng thái 16).")
    if len(reason) > 1000:
        raise ExchangeError("Lý do không quá 1.000 ký tự.")
    if message.to_organ_id not in access.clerk_organ_ids(user):
        raise ExchangeError("Chỉ văn thư cơ quan nhận trả lời được yêu cầu thu hồi.")
    with transaction.atomic():
        locked = ExchangeMessage.objects.select_for_update().get(pk=message.pk)
        if locked.state != State.RECEIVED or locked.message_type != MessageType.REVOCATION:
            raise ExchangeError("Yêu cầu thu hồi này đã được trả lời.")
        copy = locked.document
        assert copy is not None
        code = "15" if agree else "16"
        if agree:
            exchange_events.freeze_copy(
                copy, state=DocumentState.RECALLED, reason=locked.description, actor=user
            )
        locked.state = State.ANSWERED
        locked.status_code = code
        locked.last_error = reason
        locked.save(update_fields=["state", "status_code", "last_error"])
        outbox.queue_status(
            document=copy,
            from_organ_id=locked.to_organ_id,
            to_organ_id=locked.from_organ_id,
            code=code,
            description=reason,
        )
        audit_record(
            actor=user,
            action="exchange.recall_answered",
            target=copy,
            summary=("Đồng ý thu hồi (15)" if agree else f"Từ chối thu hồi (16): {reason}"),
            changes={"message_id": str(locked.message_id), "code": code},
            request=request,
        )
    return locked


def problems(user: Any) -> QuerySet[ExchangeMessage]:
    """What needs a person: failed rows, and open rows waiting for more than an hour."""
    from django.db.models import Q

    old = timezone.now() - STUCK_AFTER
    return (
        access.visible_messages(user)
        .filter(
            Q(state=State.FAILED)
            | Q(state__in=OPEN_STATES, created_at__lt=old)
            | Q(direction=Direction.IN, state=State.REFUSED)
        )
        .order_by("-created_at", "-pk")
    )
