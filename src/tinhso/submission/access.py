"""Who may read and change an online draft (hồ sơ nháp): the citizen or business who
started it, and nobody else — another person's draft is "not found", as if it did not exist.

Officers do not file online (tinhso.accounts.access.applicant_required sends them away with
403); a dossier, once submitted, is read through tinhso.dossiers.access.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tinhso.accounts.access import user_is_applicant
from tinhso.submission.models import Draft

NOT_MINE = "Không tìm thấy hồ sơ nháp của bạn."


class DraftNotFound(Http404):
    """The draft does not exist or is someone else's: the same answer, 404."""


def own_drafts(user: Any) -> QuerySet[Draft]:
    """The drafts the user started (submitted or not); none for staff and visitors."""
    if not user_is_applicant(user):
        return Draft.objects.none()
    return Draft.objects.filter(applicant=user)


def user_owns_draft(user: Any, draft: Draft) -> bool:
    return user_is_applicant(user) and draft.applicant_id == user.pk


def check_user_owns_draft(user: Any, draft: Draft) -> None:
    if not user_owns_draft(user, draft):
        raise DraftNotFound(NOT_MINE)
