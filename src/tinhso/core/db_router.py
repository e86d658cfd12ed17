"""Reading statistics and the dashboard from a read replica (issue 17 item 9).

With DATABASE_REPLICA_URL set, settings.DATABASES has a "replica" alias (tinhso.envvars.
replica_database): a PostgreSQL standby fed by streaming replication (docs/operations-cache.md).
Only reporting reads go there, and only when asked for:

- `reporting_reads()`, a context manager and decorator: every ORM read inside it goes to the
  replica (the statistics report, tinhso.statistics.selectors);
- `reporting_db()`, the alias to pin a lazy queryset to with `.using()` (the dashboard's lists,
  tinhso.dashboard.selectors).

Everything else, and every write, goes to "default". A request never reads its own writes
from the replica, which may lag: once the request has written anything (the router sees each
ORM write), or while a transaction is open on the primary, reporting reads stay on the
primary. The mark is forgotten when the next request starts (CoreConfig.ready).

Without a replica the router sends everything to "default", so it is always installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reporting: ContextVar[bool] = ContextVar("tinhso_reporting_reads", default=False)
_wrote: ContextVar[bool] = ContextVar("tinhso_wrote_to_primary", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def reporting_db() -> str:
    """The alias a reporting read should use now: the replica, unless there is none, this
    request has written, or a transaction is open on the primary."""
    if not replica_configured() or _wrote.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA


@contextmanager
def reporting_reads() -> Iterator[None]:
    """Route the ORM reads of a block (or of a decorated function) as reporting reads."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def forget_writes(**_: Any) -> None:
    """A new request: it has written nothing yet (connected to request_started)."""
    _wrote.set(False)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reporting reads to the replica, all else to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _reporting.get():
            return reporting_db()
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
