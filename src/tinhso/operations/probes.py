"""Readiness: can this process serve requests right now? (/readyz and the status page)

Each dependency is checked in a daemon thread with a short deadline, all at once, so a
database or Redis that does not answer (a dropped packet, not a refused connection) costs
the probe TIMEOUT_SECONDS rather than a TCP timeout, and one slow dependency does not hide
the state of the others. A check reports only its name, whether it passed, how long it took
and the class of the error: never a message, which may carry a host name or a URL with its
password.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections

TIMEOUT_SECONDS = 2.0
PROBE_PREFIX = "readyz/"


@dataclass(frozen=True)
class Check:
    name: str  # machine name, in /readyz's JSON: "database"
    label: str  # what an administrator reads: "Cơ sở dữ liệu"
    ok: bool
    ms: float
    error: str = ""  # the exception's class, or "timeout"
    skipped: bool = False  # not configured here (no broker: tasks run in-process)

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"name": self.name, "ok": self.ok, "ms": round(self.ms, 1)}
        if self.error:
            data["error"] = self.error
        if self.skipped:
            data["skipped"] = True
        return data


def _database() -> None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone() != (1,):
                raise RuntimeError("unexpected answer")
    finally:
        # The check's own thread: its connection would otherwise stay open until it is gone.
        connections.close_all()


def _cache() -> None:
    cache = caches["default"]
    key = f"tinhso:readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 30)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("value not read back")
    finally:
        cache.delete(key)


def _broker() -> None:
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=0, timeout=TIMEOUT_SECONDS)


def _storage() -> None:
    storage = storages["default"]
    name = storage.save(f"{PROBE_PREFIX}{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with storage.open(name, "rb") as probe:
            if probe.read() != b"ok":
                raise RuntimeError("content not read back")
    finally:
        storage.delete(name)


CHECKS: list[tuple[str, str, Callable[[], None]]] = [
    ("database", "Cơ sở dữ liệu", _database),
    ("cache", "Bộ nhớ đệm (cache)", _cache),
    ("broker", "Hàng đợi tác vụ (broker)", _broker),
    ("storage", "Kho tệp", _storage),
]


def readiness() -> list[Check]:
    """Every check, run at once, each in its own thread; TIMEOUT_SECONDS for them all."""
    outcomes: dict[str, tuple[BaseException | None, float]] = {}
    threads: dict[str, threading.Thread] = {}
    for name, _label, check in CHECKS:
        if name == "broker" and not settings.CELERY_BROKER_URL:
            continue

        def target(name: str = name, check: Callable[[], None] = check) -> None:
            started = time.perf_counter()
            error: BaseException | None = None
            try:
                check()
            except BaseException as exc:  # reported, never raised: the probe must answer
                error = exc
            outcomes[name] = (error, (time.perf_counter() - started) * 1000)

        threads[name] = threading.Thread(target=target, name=f"readyz-{name}", daemon=True)
        threads[name].start()
    deadline = time.monotonic() + TIMEOUT_SECONDS
    for thread in threads.values():
        thread.join(max(deadline - time.monotonic(), 0))
    results = []
    for name, label, _check in CHECKS:
        if name not in threads:
            results.append(Check(name, label, True, 0.0, skipped=True))
        elif name not in outcomes:
            results.append(Check(name, label, False, TIMEOUT_SECONDS * 1000, "timeout"))
        else:
            error, ms = outcomes[name]
            results.append(
                Check(name, label, error is None, ms, type(error).__name__ if error else "")
            )
    return results


def down(checks: list[Check]) -> list[str]:
    return [check.name for check in checks if not check.ok]
