"""One claim and back-off mechanism for every transactional outbox (issue 17 §2).

An outbox row is written in the transaction of the change that owes the message; a sender
(after commit, a Celery task, a cron command) then claims due rows, sends them and records
the outcome. Two senders, or a task run twice because its worker was killed, must never both
send one row: `claim` takes rows with a lease, so of two senders exactly one wins a row.

- PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED inside a short transaction, then one UPDATE that
  writes the lease: concurrent senders take disjoint rows without waiting on each other.
- SQLite (tests, `make run`): one conditional UPDATE per candidate row (the queryset's own
  conditions repeated); SQLite serialises writers, so the row goes to whoever updates first.

The caller's queryset says what "due" means (its state, next attempt, lease); `values` is the
lease itself (e.g. next_attempt_at pushed ahead and the claimant's id), and must take the row
out of that queryset for any other claimant.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.db import connections, models, transaction
from django.db.models import Min
from django.utils import timezone

from tinhso.core.outbox_registry import OutboxState

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=models.Model)


def claim(due: models.QuerySet[M], *, values: dict[str, Any], limit: int = 100) -> list[int]:
    """Take up to `limit` rows of `due` (in its order) by writing `values`; their keys."""
    using = due.db
    if connections[using].features.has_select_for_update_skip_locked:
        with transaction.atomic(using=using):
            keys = list(
                due.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[
                    :limit
                ]
            )
            if keys:
                due.model._default_manager.using(using).filter(pk__in=keys).update(**values)
        return keys
    taken = []
    for key in list(due.values_list("pk", flat=True)[:limit]):
        if due.filter(pk=key).update(**values) == 1:
            taken.append(key)
    return taken


@dataclass(frozen=True)
class Backoff:
    """When to try again after a failed attempt, and when to give up.

    `steps` (when given) are the waits after the 1st, 2nd … failure, the last repeated;
    otherwise the wait doubles from `first` up to `cap`. `jitter` (0.1 = ±10 %) spreads a
    crowd of rows that failed together during an outage, so they do not all come back in
    one burst. After `max_attempts` attempts the row is given up ("failed", for a person).
    """

    first: timedelta
    cap: timedelta
    max_attempts: int | None = None
    steps: Sequence[timedelta] = ()
    jitter: float = 0.0

    def wait(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failure."""
        if self.steps:
            base = self.steps[min(max(attempts, 1), len(self.steps)) - 1]
        else:
            base = self.first * (2 ** min(max(attempts - 1, 0), 30))
        base = min(base, self.cap)
        if self.jitter:
            base = base * random.uniform(1 - self.jitter, 1 + self.jitter)  # noqa: S311
        return base

    def gives_up(self, attempts: int) -> bool:
        return self.max_attempts is not None and attempts >= self.max_attempts

    def next_attempt(self, attempts: int, now: datetime) -> datetime | None:
        """When to try after `attempts` failed attempts; None once it is time to give up."""
        if self.gives_up(attempts):
            return None
        return now + self.wait(attempts)


# After a failed publish, this process queues nothing for this long (the rows wait for the
# periodic drain), so a Redis outage costs one slow request per process, not one per request.
BROKER_PAUSE_SECONDS = 15.0
_broker_down_until = 0.0


def enqueue(task: Any, *args: Any) -> bool:
    """Queue `task(*args)` (a Celery task); with no broker configured it runs here and now.

    A broker that cannot be reached is logged, not raised: the rows the task would drain are
    in the outbox already, and the periodic drain (Celery beat, or the cron command) sends
    them. Returns whether the task was queued (or run).
    """
    global _broker_down_until
    if task.app.conf.task_always_eager:  # in-process: its errors are the caller's to see
        task.apply_async(args=args)
        return True
    if time.monotonic() < _broker_down_until:
        # The broker failed a moment ago: do not make every request wait on it again.
        return False
    try:
        task.apply_async(args=args)
    except Exception as exc:  # the broker's many ways of being away: logged, never raised
        _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning(
            "Không đưa được việc %s vào hàng đợi (%s); việc chờ trong hộp thư đi và được "
            "gửi ở lượt định kỳ sau.",
            getattr(task, "name", task),
            exc,
        )
        return False
    return True


def state_of(
    name: str,
    label: str,
    *,
    pending: models.QuerySet[Any],
    failed: models.QuerySet[Any],
    created_field: str = "created_at",
) -> OutboxState:
    """The figures of one outbox for core.outbox_registry (two counts and one MIN)."""
    oldest = pending.aggregate(oldest=Min(created_field))["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest is not None else None
    return OutboxState(name, label, pending.count(), age, failed.count())
