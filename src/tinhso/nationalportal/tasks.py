"""Background work of the national-portal link (Celery; in-process when no broker)."""

from __future__ import annotations

from celery import shared_task

from tinhso.nationalportal import outbox


@shared_task(name="nationalportal.send_dossier")
def send_dossier(dossier_id: int) -> int:
    """The updates of one dossier whose status change has just committed."""
    return outbox.send_after_commit(dossier_id).sent


@shared_task(name="nationalportal.send_due")
def send_due() -> int:
    """Every due update: retries whose back-off has passed, updates whose task was lost."""
    return outbox.send_due().sent
