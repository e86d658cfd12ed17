"""The hash chain that makes the audit record tamper-evident.

Every row of the audit record carries four chain columns besides what happened:

- ``seq``: its position in the chain, 1, 2, 3 … with no gaps;
- ``content_hash``: SHA-256 of the row's content (who, what, when, on which object, from
  which address) serialised canonically (sorted-key JSON, see `content_digest`);
- ``prev_hash``: the ``row_hash`` of the row at ``seq - 1`` (`GENESIS` for the first);
- ``row_hash``: SHA-256 of (id, seq, content_hash, prev_hash).

Changing a row's content breaks its content hash; recomputing that hash breaks its row hash;
recomputing the row hash breaks the next row's ``prev_hash``; deleting a row leaves a gap in
``seq``. Only rewriting the whole tail of the chain goes unnoticed by the chain alone, which is
why `audit_verify` prints the last row's hash as an anchor to write down outside the database
and checks anchors given to it (docs/audit.md). Legal basis: TCVN 14423:2026 as summarised in
regulations.md §10.2 (append-only log kept ≥ 12 months; integrity codes for important data).

Why the chain is linked after commit, not inside the writer's transaction
-------------------------------------------------------------------------
`audit_record` runs inside every dossier transaction, and those transactions go on after it:
the statistics counters, the national-portal outbox and the document store all run in the
same transaction (dossiers.services.dossier_act). Linking the row there would mean taking the
chain lock there and holding it until that transaction commits: every state change in the
province would queue behind the slowest one, a long import would stop every counter, and a
transaction holding the chain lock while waiting for a row lock held by one waiting for the
chain lock would deadlock.

So the append has two steps, and correctness does not depend on which process does the
second one:

1. `audit_record` inserts the row with its content only (``seq`` NULL), in the caller's
   transaction: it commits or rolls back with the change it records, and takes no lock but
   its own row's.
2. After that transaction commits, `link_pending` links every committed row that is not yet
   linked, in a short transaction of its own that holds the chain lock (a PostgreSQL
   transaction-scoped advisory lock; on SQLite the database write lock serialises it): it
   reads the tip, computes the hashes from the rows as the database returns them, and writes
   the four chain columns. Two linkers never read the same tip, and the unique ``seq`` makes
   a fork impossible even if the lock were bypassed. Whatever is not linked because a process
   died between the two steps is linked by the next append or by `audit_verify`.

Until it is linked (normally a few milliseconds) a row is protected by the guard only, not yet
by the chain. The hashes are computed from what the database returns, never from the values
the writer passed in, so that they are the same at verification: JSON key order and types,
timestamp precision and address notation are whatever the column gives back.

The database guard (migration 0002) lets a row be updated exactly once, and then only its four
chain columns while it has no ``seq``; every other UPDATE and every DELETE is refused.

bench/audit_bench.py measures both designs (docs/audit.md has the figures).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import DatabaseError, connection, transaction

GENESIS = "0" * 64
# The content of a row, as columns of audit_auditevent. Changing this list or the
# serialisation below changes every hash: it is part of the stored format (version "v").
CONTENT_FIELDS: tuple[str, ...] = (
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "summary",
    "changes",
    "ip_address",
)
CHAIN_FIELDS: tuple[str, ...] = ("seq", "content_hash", "prev_hash", "row_hash")
FORMAT_VERSION = 1
# pg_advisory_xact_lock key of the chain: the first 8 bytes of sha256(b"tinhso.audit.chain").
CHAIN_LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"tinhso.audit.chain").digest()[:8], "big", signed=True
)
LINK_BATCH = 500
# AuditEvent's table, as the guard in migration 0002 names it too.
SQL_ANY_UNLINKED = "SELECT 1 FROM audit_auditevent WHERE seq IS NULL LIMIT 1"
SQL_TIP = (
    "SELECT seq, row_hash FROM audit_auditevent WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"
)
SQL_SQLITE_WRITE_LOCK = "UPDATE audit_auditevent SET seq = seq WHERE 0 = 1"
SQL_LINK = (
    "UPDATE audit_auditevent SET seq = %s, content_hash = %s, prev_hash = %s, row_hash = %s "
    "WHERE id = %s"
)
logger = logging.getLogger(__name__)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    return value


def canonical(data: Mapping[str, Any]) -> bytes:
    """Sorted-key, whitespace-free UTF-8 JSON: the same bytes for the same data, always."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def content_digest(row: Mapping[str, Any]) -> str:
    """SHA-256 of a row's content, from its values as the database returns them."""
    data = {name: _plain(row[name]) for name in CONTENT_FIELDS}
    data["ip_address"] = str(data["ip_address"]) if data["ip_address"] is not None else None
    return hashlib.sha256(canonical({"v": FORMAT_VERSION, **data})).hexdigest()


def link_digest(*, row_id: int, seq: int, content_hash: str, prev_hash: str) -> str:
    """SHA-256 of a row's place in the chain: binds its id and content to the row before."""
    data = {"id": row_id, "seq": seq, "content_hash": content_hash, "prev_hash": prev_hash}
    return hashlib.sha256(canonical({"v": FORMAT_VERSION, **data})).hexdigest()


@dataclass(frozen=True)
class Link:
    row_id: int
    seq: int
    content_hash: str
    prev_hash: str
    row_hash: str


def links_for(
    rows: Iterable[Mapping[str, Any]], *, after_seq: int, after_hash: str
) -> Iterator[Link]:
    """The chain columns of `rows` (in order) appended after the tip (after_seq, after_hash)."""
    seq, prev = after_seq, after_hash
    for row in rows:
        seq += 1
        content = content_digest(row)
        digest = link_digest(row_id=row["id"], seq=seq, content_hash=content, prev_hash=prev)
        yield Link(row["id"], seq, content, prev, digest)
        prev = digest


def _lock_chain() -> None:
    """Serialise linkers until the end of the current transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        else:
            # SQLite has one write lock per database; a write that changes nothing takes it
            # before anything is read (the linker would otherwise fail, not wait, on a stale
            # read). The unique seq would refuse a fork in any case.
            cursor.execute(SQL_SQLITE_WRITE_LOCK)


def link_pending(*, batch_size: int = LINK_BATCH) -> int:
    """Link every committed row that has no place in the chain yet; return how many."""
    from tinhso.audit.models import AuditEvent

    # Plain SQL where no value needs Django's conversion: this runs after every commit.
    if not _fetch_one(SQL_ANY_UNLINKED):
        return 0  # the usual case when another hook got there first
    pending = AuditEvent.objects.filter(seq__isnull=True).order_by("id")
    linked = 0
    while True:
        with transaction.atomic():
            _lock_chain()
            rows = list(pending.values("id", *CONTENT_FIELDS)[:batch_size])
            if not rows:  # another linker took them while this one waited for the lock
                return linked
            tip = _fetch_one(SQL_TIP)
            after_seq, after_hash = (int(tip[0]), str(tip[1])) if tip else (0, GENESIS)
            links = list(links_for(rows, after_seq=after_seq, after_hash=after_hash))
            _write_links(links)
        linked += len(links)
        if len(rows) < batch_size:
            return linked


def _fetch_one(sql: str) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row: tuple[Any, ...] | None = cursor.fetchone()
        return row


def _write_links(links: list[Link]) -> None:
    # One prepared statement for the batch: bulk_update's CASE expression costs more in
    # Python than the write itself when, as after most commits, there is one row to link.
    with connection.cursor() as cursor:
        cursor.executemany(
            SQL_LINK,
            [
                (link.seq, link.content_hash, link.prev_hash, link.row_hash, link.row_id)
                for link in links
            ],
        )


def link_after_commit() -> None:
    """on_commit hook of audit_record: the change has committed, so a failure here is logged,
    never raised; the rows stay unlinked until the next append or `audit_verify` links them."""
    try:
        link_pending()
    except DatabaseError:
        logger.exception("Audit record: linking the hash chain failed; will retry on next append")
