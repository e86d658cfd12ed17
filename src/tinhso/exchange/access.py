"""Who may see and act on the exchange — the one place these rules live.

- An agency's clerk (văn thư) sees the messages of their agency (sent from it or addressed to
  it), resends its failed ones and answers recall requests for its incoming copies (Nghị định
  30/2020/NĐ-CP, Điều 21, 16: the clerk receives and dispatches documents).
- A system administrator (quản trị hệ thống) sees and resends every message: the operator page
  of stuck and failed messages. The directory synchronisation is theirs too.
- Anyone else gets 404, exactly like a message that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tinhso.accounts.access import agencies_of, user_is_staff
from tinhso.accounts.models import StaffRole
from tinhso.exchange.models import ExchangeMessage
from tinhso.organisation.roles import Role

NOT_FOUND = "Không tìm thấy tin liên thông, hoặc tin không thuộc phạm vi của bạn."


def is_operator(user: Any) -> bool:
    return bool(
        user_is_staff(user)
        and StaffRole.objects.filter(user=user, role=Role.SYSTEM_ADMIN, is_active=True).exists()
    )


def clerk_organ_ids(user: Any) -> list[str]:
    if not user_is_staff(user):
        return []
    return list(agencies_of(user, frozenset({Role.CLERK})).values_list("code", flat=True))


def may_use_exchange(user: Any) -> bool:
    return is_operator(user) or bool(clerk_organ_ids(user))


def visible_messages(user: Any) -> QuerySet[ExchangeMessage]:
    if is_operator(user):
        return ExchangeMessage.objects.all()
    organs = clerk_organ_ids(user)
    if not organs:
        return ExchangeMessage.objects.none()
    return ExchangeMessage.objects.filter(Q(from_organ_id__in=organs) | Q(to_organ_id__in=organs))


def message_for(user: Any, pk: int) -> ExchangeMessage:
    message = visible_messages(user).filter(pk=pk).first()
    if message is None:
        raise Http404(NOT_FOUND)
    return message
