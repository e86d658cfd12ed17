from django.db.models import QuerySet

from tinhso.notifications.models import Notification


def for_reference(reference: str) -> QuerySet[Notification]:
    """The notifications about one dossier (or other reference), newest first."""
    return Notification.objects.filter(reference=reference).order_by("-created_at", "-id")


def event_notified(event_key: str) -> bool:
    """True when a message for this event (notify's `event_key`) was already queued."""
    return Notification.objects.filter(event_key=event_key).exists()
