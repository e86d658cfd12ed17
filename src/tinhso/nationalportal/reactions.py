"""What the national-portal context does when a dossier changes (listed, with how it runs, in
tinhso.dossiers.reactions)."""

from tinhso.dossiers.constants import Channel
from tinhso.dossiers.models import DossierEvent
from tinhso.dossiers.reactions import creates
from tinhso.nationalportal import outbox


def status_update_queue(event: DossierEvent) -> None:
    """Queue the status update of any dossier (every channel); it is POSTed once
    the officer's transaction commits (tinhso.nationalportal.outbox). Runs in a savepoint:
    whatever goes wrong here is logged and never undoes or blocks the officer's action."""
    dossier, note = event.dossier, event.note or ""
    if not creates(event):
        outbox.queue_status(dossier, action=event.action, note=note, at=event.at)
    elif dossier.channel != Channel.NATIONAL_PORTAL:  # that one is queued once it is linked
        outbox.queue_first_status(dossier, link=None, action=event.action, note=note, at=event.at)
