from django.db.models import Q, QuerySet

from tinhso.core.outbox import state_of
from tinhso.core.outbox_registry import OutboxState
from tinhso.notifications.constants import Status
from tinhso.notifications.models import Notification


def for_reference(reference: str) -> QuerySet[Notification]:
    """The notifications about one dossier (or other reference), newest first."""
    return Notification.objects.filter(reference=reference).order_by("-created_at", "-id")


def event_notified(event_key: str) -> bool:
    """True when a message for this event (notify's `event_key`) was already queued."""
    return Notification.objects.filter(event_key=event_key).exists()


def outbox_state() -> OutboxState:
    """Waiting: pending, or failed with a retry to come; failed: given up (needs a person)."""
    waiting = Q(status=Status.PENDING) | Q(status=Status.FAILED, next_attempt_at__isnull=False)
    return state_of(
        "notifications",
        "Thông báo thư điện tử, SMS",
        pending=Notification.objects.filter(waiting),
        failed=Notification.objects.filter(status=Status.FAILED, next_attempt_at__isnull=True),
    )
