"""The chain under concurrent writers (PostgreSQL: real parallel transactions)."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction

from tinhso.audit.models import AuditEvent
from tinhso.audit.services import audit_record
from tinhso.audit.verify import verify_chain

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel transactions need PostgreSQL"
)
WAIT = 30  # seconds before a stuck thread gives up, so a regression fails instead of hanging


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_make_one_unbroken_chain(caplog):
    workers, rounds = 8, 5
    together = threading.Barrier(workers, timeout=WAIT)

    def write(n: int) -> int:
        try:
            with transaction.atomic():
                event = audit_record(actor=None, action="test.parallel", summary=f"#{n}")
                together.wait()  # eight transactions hold an unlinked row, then all commit
            return event.pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        ids = list(pool.map(write, range(workers * rounds)))

    assert len(set(ids)) == workers * rounds
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()  # each commit linked
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, workers * rounds + 1))
    walk = verify_chain()
    assert walk.broken is None
    assert walk.checked == workers * rounds


@pytest.mark.django_db(transaction=True)
def test_an_open_transaction_does_not_hold_up_other_writers():
    """The chain lock is not held for the writer's whole transaction (tinhso.audit.chain)."""
    inserted, other_done = threading.Event(), threading.Event()
    result: dict[str, object] = {}

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                result["slow"] = audit_record(actor=None, action="test.slow")
                inserted.set()
                result["waited"] = other_done.wait(WAIT)
        finally:
            connections.close_all()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    try:
        assert inserted.wait(WAIT)
        fast = audit_record(actor=None, action="test.fast")  # autocommit: linked at once
        other_done.set()
    finally:
        thread.join()
    assert result["waited"] is True
    slow = AuditEvent.objects.get(action="test.slow")
    fast.refresh_from_db()
    assert slow.pk < fast.pk  # inserted first …
    assert fast.seq == 1  # … but the chain follows the order of commits
    assert slow.seq == 2
    assert verify_chain().broken is None
