"""Retention of online drafts (rule "drafts" of tinhso.privacy.retention).

A draft nobody has changed for the rule's period is abandoned, or its dossier already holds a
copy of what it held: the draft and its uploaded files are deleted (Luật 91/2025/QH15 Điều 14:
the purpose of processing is done). Papers picked from the data store are the citizen's own
and stay there.
"""

from datetime import datetime
from functools import partial

from django.db import transaction

from tinhso.submission.models import Draft, DraftFile


def drafts_purge(before: datetime, dry_run: bool) -> int:
    """Delete drafts last changed before `before` (only count them when `dry_run`)."""
    old = Draft.objects.filter(updated_at__lt=before)
    if dry_run:
        return old.count()
    for stored in DraftFile.objects.filter(draft__in=old).exclude(file=""):
        transaction.on_commit(partial(stored.file.storage.delete, stored.file.name), robust=True)
    count = old.count()
    old.delete()
    return count
