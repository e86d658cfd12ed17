"""Background work of liên thông văn bản (Celery; in-process when no broker)."""

from __future__ import annotations

from celery import shared_task

from tinhso.exchange import outbox


@shared_task(name="exchange.send")
def send(ids: list[int]) -> int:
    """The rows a committed change queued (EXCHANGE_SEND_AFTER_COMMIT)."""
    return outbox.send_due(only=ids).sent
