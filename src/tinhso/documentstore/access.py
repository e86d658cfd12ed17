"""Who may read and delete a paper of the data store (kho dữ liệu): its owner only; another
person's paper is "not found", as if it did not exist. A citizen deletes only what they
uploaded themselves: results and a dossier's papers are the record of what the state issued
or received (TT 21/2023/TT-BTTTT, function group 8: source and retention).
"""

from typing import Any

from django.db.models import QuerySet

from tinhso.accounts.access import user_is_signed_in
from tinhso.documentstore.constants import PaperKind
from tinhso.documentstore.models import StoredPaper


def own_papers(user: Any) -> QuerySet[StoredPaper]:
    """The user's papers; none for an anonymous or inactive user."""
    if not user_is_signed_in(user):
        return StoredPaper.objects.none()
    return StoredPaper.objects.filter(owner=user)


def user_owns_paper(user: Any, paper: StoredPaper) -> bool:
    return user_is_signed_in(user) and paper.owner_id == user.pk


def user_can_delete_paper(user: Any, paper: StoredPaper) -> bool:
    return user_owns_paper(user, paper) and paper.kind == PaperKind.UPLOAD
