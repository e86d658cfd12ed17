"""Retention of sent messages (rule "notifications" of tinhso.privacy.retention).

A message's text and recipient are personal data; once the rule's period has passed since it
was made, a sent or failed message is deleted (Luật 91/2025/QH15 Điều 14). Messages still
waiting to be sent are kept.
"""

from datetime import datetime

from tinhso.notifications.constants import Status
from tinhso.notifications.models import Notification


def notifications_purge(before: datetime, dry_run: bool) -> int:
    old = Notification.objects.filter(
        created_at__lt=before, status__in=[Status.SENT, Status.FAILED]
    )
    if dry_run:
        return old.count()
    deleted, _ = old.delete()
    return deleted
