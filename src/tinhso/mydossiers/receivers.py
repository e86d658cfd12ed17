"""Listening to the dossier context (tinhso.dossiers.signals) without it importing us."""

from typing import Any

from tinhso.dossiers.constants import Status
from tinhso.dossiers.models import Dossier
from tinhso.mydossiers.services import results_to_store, supplement_drafts_discard


def on_dossier_changed(
    sender: Any, *, dossier: Dossier, from_status: str, to_status: str, **kwargs: Any
) -> None:
    """Runs inside the transaction of the status change: a change rolled back does nothing
    here either.

    - leaving "chờ bổ sung": the papers kept for an answer not sent are discarded;
    - the result returned: the applicant's papers and result go to their data store.
    """
    if from_status == Status.AWAITING_SUPPLEMENT:
        supplement_drafts_discard(dossier)
    if to_status == Status.RETURNED:
        results_to_store(dossier)
