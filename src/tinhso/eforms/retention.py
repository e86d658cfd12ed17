"""Retention of e-form answers (rule "closed_dossiers" of tinhso.privacy.retention): with the
dossier's snapshot (tinhso.dossiers.retention), the answers of a dossier closed before the
cut-off are emptied (Luật 91/2025/QH15 Điều 14); the form's title and schema stay."""

from datetime import datetime

from tinhso.dossiers.constants import FINAL_STATUSES
from tinhso.eforms.models import EFormAnswers


def closed_answers_clear(before: datetime, dry_run: bool) -> int:
    due = EFormAnswers.objects.filter(
        dossier__status__in=FINAL_STATUSES, dossier__closed_at__lt=before
    ).exclude(answers={})
    if dry_run:
        return due.count()
    return due.update(answers={})
