"""What each outbox holds, for /metrics and the system status page.

An outbox (notifications, national-portal status updates, exchange messages, payments to
confirm…) registers one reader in its AppConfig.ready(); the operations context asks them all.
core knows no outbox, so the direction of imports stays downward.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OutboxState:
    name: str  # machine name, used as the Prometheus label: "notifications"
    label: str  # what an administrator reads: "Thông báo e-mail, SMS"
    pending: int  # waiting to be sent or retried
    oldest_pending_seconds: float | None  # age of the oldest waiting row; None when empty
    failed: int  # given up on: needs a person


_readers: dict[str, Callable[[], OutboxState]] = {}


def register(name: str, reader: Callable[[], OutboxState]) -> None:
    _readers[name] = reader


def states() -> list[OutboxState]:
    return [reader() for _name, reader in sorted(_readers.items())]
