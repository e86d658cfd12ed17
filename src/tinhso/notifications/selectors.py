from django.db.models import QuerySet

from tinhso.notifications.models import Notification


def for_reference(reference: str) -> QuerySet[Notification]:
    """The notifications about one dossier (or other reference), newest first."""
    return Notification.objects.filter(reference=reference).order_by("-created_at", "-id")
