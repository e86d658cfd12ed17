"""Reads for the national-portal link: which dossiers came from it, what is due to be sent."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from tinhso.core.outbox import state_of
from tinhso.core.outbox_registry import OutboxState
from tinhso.dossiers.models import Dossier
from tinhso.nationalportal.constants import UNSENT_STATES, MessageState
from tinhso.nationalportal.models import PortalDossier, StatusMessage


def portal_dossier_by_external_id(external_id: str) -> PortalDossier | None:
    return PortalDossier.objects.select_related("dossier").filter(external_id=external_id).first()


def portal_dossier_of(dossier: Dossier) -> PortalDossier | None:
    """The national-portal record of a dossier, or None for a dossier filed elsewhere."""
    return PortalDossier.objects.filter(dossier=dossier).first()


def due_messages(now: datetime, dossier_id: int | None = None) -> QuerySet[StatusMessage]:
    """Messages whose time has come and that are first in line for their dossier.

    A message waits while an earlier message of the same dossier is unsent (pending, retrying
    or given up), so the portal never receives a later status before an earlier one.
    """
    earlier_unsent = StatusMessage.objects.filter(
        dossier=OuterRef("dossier"), sequence__lt=OuterRef("sequence")
    ).exclude(state=MessageState.SENT)
    qs = StatusMessage.objects.filter(
        state__in=[MessageState.PENDING, MessageState.RETRYING], next_attempt_at__lte=now
    ).exclude(Exists(earlier_unsent))
    if dossier_id is not None:
        qs = qs.filter(dossier_id=dossier_id)
    return qs.select_related("portal_dossier").order_by("next_attempt_at", "pk")


def messages_of(portal_dossier: PortalDossier) -> QuerySet[StatusMessage]:
    return portal_dossier.messages.order_by("sequence")


# --- for the Bộ chỉ số 766 (tinhso.statistics.index766) -------------------------------------


def synced_condition() -> Q:
    """On Dossier: the dossiers the national portal holds in their current status — linked to
    a portal record, and no status update of theirs left unsent (pending, retrying or given
    up). Quyết định 766/QĐ-TTg, nhóm "Công khai, minh bạch": hồ sơ được đồng bộ lên Cổng Dịch
    vụ công quốc gia (Nghị định 118/2025/NĐ-CP: tiến độ, kết quả được cập nhật lên Cổng)."""
    linked = PortalDossier.objects.filter(dossier=OuterRef("pk"))
    unsent = StatusMessage.objects.filter(
        portal_dossier__dossier=OuterRef("pk"), state__in=UNSENT_STATES
    )
    return Q(Exists(linked)) & ~Q(Exists(unsent))


def paid_online(dossier_ids: Iterable[int]) -> set[int]:
    """Of these dossiers, those with a fee paid through the national payment platform: a fee
    line the portal sent with a transaction code and an amount (the only online payments the
    system receives today; regulations.md §6.1)."""
    out: set[int] = set()
    rows = PortalDossier.objects.filter(dossier_id__in=list(dossier_ids)).values_list(
        "dossier_id", "fees"
    )
    for dossier_id, fees in rows:
        for line in fees if isinstance(fees, list) else []:
            if isinstance(line, dict) and line.get("transaction_id") and line.get("amount"):
                out.add(dossier_id)
                break
    return out


def outbox_state() -> OutboxState:
    return state_of(
        "nationalportal",
        "Tin trạng thái gửi Cổng Dịch vụ công quốc gia",
        pending=StatusMessage.objects.filter(
            state__in=[MessageState.PENDING, MessageState.RETRYING]
        ),
        failed=StatusMessage.objects.filter(state=MessageState.FAILED),
    )
