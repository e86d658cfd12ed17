"""The citizen's data store (tinhso.documentstore), as this app uses it: the papers an
applicant may pick for a supplement, and keeping a returned result among their papers.

A plain import: the data store is part of the platform, not an optional plug-in.
"""

from tinhso.documentstore.selectors import paper_for, papers_of
from tinhso.documentstore.services import paper_as_upload, paper_store

__all__ = ["paper_as_upload", "paper_for", "paper_store", "papers_of"]
