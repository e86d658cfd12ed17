"""What the citizen's "my dossiers" context does when a dossier changes (listed, with how
each runs, in tinhso.dossiers.reactions)."""

from tinhso.dossiers.models import DossierEvent
from tinhso.mydossiers import services


def supplement_drafts_discard(event: DossierEvent) -> None:
    """The dossier left "chờ bổ sung" (supplement received at the counter, withdrawn,
    stopped…): the papers the applicant kept for an answer not sent are discarded."""
    services.supplement_drafts_discard(event.dossier)


def results_to_store(event: DossierEvent) -> None:
    """The result was returned: the applicant's papers and result go to their data store
    (a paper the store refuses is left for `manage.py mydossiers_file_results`)."""
    services.results_to_store(event.dossier)
