"""What the national-portal context does when a dossier changes (listed, with how it runs, in
tinhso.dossiers.reactions)."""

from tinhso.dossiers.models import DossierEvent
from tinhso.nationalportal import outbox


def status_update_queue(event: DossierEvent) -> None:
    """Queue the status update of any dossier (every channel); it is POSTed once
    the officer's transaction commits (tinhso.nationalportal.outbox). Runs in a savepoint:
    whatever goes wrong here is logged and never undoes or blocks the officer's action."""
    outbox.queue_status(event.dossier, action=event.action, note=event.note or "")
