"""The one-time link to rate a closed dossier, for everyone served (issue 12 item 14).

When a dossier closes (result returned, refused, withdrawn or stopped) the applicant is sent
a link by e-mail and SMS (tinhso.dossiers.reactions runs `invite_on_close`). The link needs
no account: counter applicants without one rate like online ones (Thông tư 03/2025/TT-VPCP:
the centre follows the satisfaction of the people served; Nghị định 61/2018/NĐ-CP Điều 31,
kept by Nghị định 118/2025/NĐ-CP: evaluation by message). The token is 128 random bits; only
its SHA-256 is stored. It works once, for LINK_VALID_DAYS days, and not after the dossier
has been rated another way.
"""

import hashlib
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from tinhso.dossiers.models import Dossier, DossierEvent
from tinhso.notifications.services import notify
from tinhso.ratings.access import rateable
from tinhso.ratings.constants import LINK_VALID_DAYS
from tinhso.ratings.models import Rating, RatingInvitation
from tinhso.ratings.services import RatingError, rating_from_link

MAX_TOKEN_LENGTH = 64
EXPIRED = (
    "Liên kết đánh giá này không còn dùng được: đã dùng, đã hết hạn hoặc hồ sơ đã được đánh "
    "giá. Mỗi hồ sơ được đánh giá một lần."
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_issue(dossier: Dossier) -> tuple[str, RatingInvitation]:
    """A new link for `dossier`: (token, row). The token is shown once, in the message."""
    token = secrets.token_urlsafe(16)
    row = RatingInvitation.objects.create(
        dossier=dossier,
        token_hash=_hash(token),
        expires_at=timezone.now() + timedelta(days=LINK_VALID_DAYS),
    )
    return token, row


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("ratings:link", args=[token])


def invitation_open(token: str) -> RatingInvitation | None:
    """The invitation if the link still works (unused, not expired, dossier closed and not
    rated); None otherwise — the same answer for a token that never existed."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = (
        RatingInvitation.objects.select_related(
            "dossier__procedure_version", "dossier__competent_agency"
        )
        .filter(token_hash=_hash(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if row is None or not rateable(row.dossier):
        return None
    return row


def rating_by_link(
    token: str,
    *,
    criteria: Mapping[str, Any],
    comment: str = "",
    request: HttpRequest | None = None,
) -> Rating:
    """Record the evaluation sent through the link and spend the link, in one transaction."""
    with transaction.atomic():
        row = invitation_open(token)
        if row is not None:
            row = RatingInvitation.objects.select_for_update().filter(pk=row.pk).first()
        if row is None or row.used_at is not None:
            raise RatingError(EXPIRED, conflict=True)
        rating = rating_from_link(row.dossier, criteria=criteria, comment=comment, request=request)
        row.used_at = timezone.now()
        row.save(update_fields=["used_at"])
    return rating


def invite_on_close(event: DossierEvent) -> None:
    """Send the one-time link when the change closes the dossier (one of the dossier's
    reactions, tinhso.dossiers.reactions). Once per dossier; nothing when the applicant gave
    neither e-mail nor phone (the counter page, tinhso.ratings.views.counter, remains)."""
    dossier = event.dossier
    if not rateable(dossier) or not (dossier.applicant_email or dossier.applicant_phone):
        return
    if RatingInvitation.objects.filter(dossier=dossier).exists():
        return
    token, row = invitation_issue(dossier)
    url = invitation_url(token)
    until = f"{timezone.localtime(row.expires_at):%d/%m/%Y}"
    notify(
        reference=dossier.code,
        subject=f"[Tỉnh Số] Mời đánh giá việc giải quyết hồ sơ {dossier.code}",
        body=(
            f"Mời ông/bà đánh giá việc giải quyết hồ sơ {dossier.code} "
            f"({dossier.procedure_version.name}) theo các tiêu chí của Nghị định "
            f"118/2025/NĐ-CP. Không cần đăng nhập; liên kết dùng một lần, đến hết ngày "
            f"{until}:\n{url}"
        ),
        sms_body=f"Moi danh gia ho so {dossier.code}: {url}",
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
        user=dossier.applicant,
        event_key=f"{dossier.code}:rating-invitation",
    )
