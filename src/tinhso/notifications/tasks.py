"""Background work of notifications (Celery; run in-process when no broker is configured)."""

from __future__ import annotations

from celery import Task, shared_task

from tinhso.notifications import services


@shared_task(bind=True, name="notifications.deliver")
def deliver(self: Task, ids: list[int]) -> int:
    """Send the rows a committed transaction queued. The task id is the claimant, so a run
    repeated after its worker died takes its rows back instead of waiting for the lease."""
    return services.deliver_many(ids, claimant=str(self.request.id or ""))


@shared_task(name="notifications.retry_due")
def retry_due() -> int:
    """Failed rows whose back-off has passed, and rows whose after-commit task was lost."""
    return services.retry_due()
