"""Retention of a closed dossier's personal data (rule "closed_dossiers" of
tinhso.privacy.retention).

"Purge" for a closed dossier is anonymisation, not deletion: once the rule's period has passed
since it closed (returned, refused, withdrawn or stopped), the applicant's snapshot — name,
CCCD/tax code, phone, e-mail, addresses — the free-text note and the link to the account are
removed, while the procedure, agencies, dates, status, timeliness and fees stay, so the
statistics and the 766 figures of past periods do not change (Luật 91/2025/QH15 Điều 2: data
made anonymous is no longer personal data; Điều 14: deleted when the retention period ends).
The original dossier and result are kept by the competent agency's archive (Luật Lưu trữ 2024),
not by this working copy.
"""

from datetime import datetime

from tinhso.core import cache_keys
from tinhso.dossiers.constants import FINAL_STATUSES
from tinhso.dossiers.models import Dossier

ANONYMISED_NAME = "(đã khử nhận dạng)"


def closed_dossiers_anonymise(before: datetime, dry_run: bool) -> int:
    """Anonymise dossiers closed before `before` (only count them when `dry_run`)."""
    due = Dossier.objects.filter(status__in=FINAL_STATUSES, closed_at__lt=before).exclude(
        applicant_name=ANONYMISED_NAME
    )
    if dry_run:
        return due.count()
    cache_keys.bump(cache_keys.DOSSIERS)  # cached tracking pages show the masked name
    return due.update(
        applicant=None,
        applicant_name=ANONYMISED_NAME,
        applicant_cccd="",
        applicant_phone="",
        applicant_email="",
        applicant_address="",
        postal_address="",
        note="",
    )
