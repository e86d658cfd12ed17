"""Reads for the national-portal link: which dossiers came from it, what is due to be sent."""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from tinhso.dossiers.models import Dossier
from tinhso.nationalportal.constants import MessageState
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
