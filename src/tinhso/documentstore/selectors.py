"""Reads of the data store: a citizen reads only their own papers."""

from django.db.models import QuerySet

from tinhso.accounts.models import User
from tinhso.documentstore.access import own_papers
from tinhso.documentstore.models import StoredPaper


def papers_of(owner: User) -> QuerySet[StoredPaper]:
    """The owner's papers, newest first; none for an anonymous or inactive user."""
    return own_papers(owner).select_related("source_dossier", "source_dossier__procedure_version")


def paper_for(owner: User, paper_id: int) -> StoredPaper | None:
    """The paper if it belongs to `owner`; None both when missing and when someone else's."""
    try:
        paper_id = int(paper_id)
    except (TypeError, ValueError):
        return None
    return papers_of(owner).filter(pk=paper_id).first()
