#!/usr/bin/env python3
"""Audit record benchmark: appends per second, sequential and from parallel writers, and how
fast audit_verify walks the chain.

Runs against a throw-away test database on whatever DATABASE_URL points at (SQLite by
default; the parallel figures need PostgreSQL), so it never touches the working data:

    .venv/bin/python bench/audit_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso_bench \
        .venv/bin/python bench/audit_bench.py

"A dossier transaction" below is audit_record followed by WORK_MS of other work holding the
transaction open, as dossiers.services.dossier_act does (statistics, outbox, document store).
It is run twice: as built (the row is linked into the chain after commit, tinhso.audit.chain)
and with the alternative of linking inside the writer's transaction, which holds the chain
lock until that transaction commits.
"""

import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tinhso.audit.chain import link_pending  # noqa: E402
from tinhso.audit.models import AuditEvent  # noqa: E402
from tinhso.audit.services import audit_record  # noqa: E402
from tinhso.audit.verify import verify_chain  # noqa: E402

SEQUENTIAL = 2000
THREADS = 4
PER_THREAD = 500
WORK_MS = 5
WORK_TX_PER_THREAD = 100


def append(n: int) -> None:
    with transaction.atomic():
        audit_record(
            actor=None,
            action="bench.append",
            summary=f"Bản ghi thử {n}",
            changes={"status": ["received", "processing"], "note": "ghi chú có dấu"},
        )


def append_unchained(n: int) -> None:
    """The baseline: the same row inserted without the chain (linked at the end, for verify)."""
    with transaction.atomic():
        AuditEvent.objects.create(
            actor_label="hệ thống",
            action="bench.append",
            summary=f"Bản ghi thử {n}",
            changes={"status": ["received", "processing"], "note": "ghi chú có dấu"},
        )


def dossier_tx_after_commit(n: int) -> None:
    with transaction.atomic():
        audit_record(actor=None, action="bench.dossier", summary=f"{n}")
        time.sleep(WORK_MS / 1000)


def dossier_tx_inline_lock(n: int) -> None:
    with transaction.atomic():
        audit_record(actor=None, action="bench.dossier", summary=f"{n}")
        link_pending()  # the alternative: chain lock taken here, held until commit
        time.sleep(WORK_MS / 1000)


def run_parallel(job: Callable[[int], None], threads: int, per_thread: int) -> float:
    start = threading.Barrier(threads + 1)

    def worker(first: int) -> None:
        try:
            start.wait()
            for n in range(first, first + per_thread):
                job(n)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(worker, i * per_thread) for i in range(threads)]
        start.wait()
        began = time.perf_counter()
        for future in futures:
            future.result()
    return time.perf_counter() - began


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s".replace(",", ".")


def main() -> None:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        vendor = connection.vendor
        print(f"database: {vendor}")
        for label, job in (
            ("sequential inserts without the chain (baseline)", append_unchained),
            ("sequential appends (own transaction, linked after commit)", append),
        ):
            began = time.perf_counter()
            for n in range(SEQUENTIAL):
                job(n)
            took = time.perf_counter() - began
            print(f"{label}: {rate(SEQUENTIAL, took)}")
            link_pending()
        if vendor == "postgresql":
            total = THREADS * PER_THREAD
            took = run_parallel(append_unchained, THREADS, PER_THREAD)
            print(f"{THREADS} parallel writers without the chain (baseline): {rate(total, took)}")
            link_pending()
            took = run_parallel(append, THREADS, PER_THREAD)
            print(f"{THREADS} parallel writers: {rate(total, took)}")
            total = THREADS * WORK_TX_PER_THREAD
            took = run_parallel(dossier_tx_after_commit, THREADS, WORK_TX_PER_THREAD)
            print(
                f"{THREADS} writers, dossier transactions of {WORK_MS} ms, linked after commit: "
                f"{rate(total, took)}"
            )
            took = run_parallel(dossier_tx_inline_lock, THREADS, WORK_TX_PER_THREAD)
            print(
                f"{THREADS} writers, dossier transactions of {WORK_MS} ms, chain lock held to "
                f"commit: {rate(total, took)}"
            )
        else:
            print("(parallel writers: PostgreSQL only)")
        link_pending()
        rows = AuditEvent.objects.count()
        began = time.perf_counter()
        walk = verify_chain()
        took = time.perf_counter() - began
        assert walk.broken is None, walk.broken
        assert walk.checked == rows, (walk.checked, rows)
        print(f"verify: {rows} rows in {took:.2f} s ({rate(rows, took)})")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
