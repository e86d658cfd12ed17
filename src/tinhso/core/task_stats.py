"""How background tasks fare, kept in the shared cache so every process sees every worker's.

The task runner records each run (tinhso.tasks); /metrics and the status page read it back.
Per task name: runs, failures, total and last duration in milliseconds, when it last ran. In
the cache (Redis in production), so counts survive a web worker's restart but not a cache
flush: they are operating figures, not records (those are the outboxes and the audit log).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

_PREFIX = "tinhso:tasks:"
_NAMES = _PREFIX + "names"
_KEEP = 30 * 24 * 3600


@dataclass(frozen=True)
class TaskFigures:
    name: str
    runs: int
    failures: int
    total_ms: int
    last_ms: int
    last_run_at: float | None  # Unix time


def _incr(key: str, by: int) -> None:
    try:
        cache.incr(key, by)
    except ValueError:  # not there yet (or evicted)
        cache.set(key, by, _KEEP)


def record(name: str, seconds: float, ok: bool) -> None:
    """Never raises: a cache outage must not fail the task it measures."""
    try:
        names = set(cache.get(_NAMES) or ())
        if name not in names:
            cache.set(_NAMES, sorted(names | {name}), _KEEP)
        ms = int(seconds * 1000)
        _incr(f"{_PREFIX}{name}:runs", 1)
        if not ok:
            _incr(f"{_PREFIX}{name}:failures", 1)
        _incr(f"{_PREFIX}{name}:total_ms", ms)
        cache.set_many({f"{_PREFIX}{name}:last_ms": ms, f"{_PREFIX}{name}:at": time.time()}, _KEEP)
    except Exception:  # noqa: S110 - figures are best effort by design
        pass


def figures() -> list[TaskFigures]:
    out = []
    for name in cache.get(_NAMES) or ():
        keys = [f"{_PREFIX}{name}:{k}" for k in ("runs", "failures", "total_ms", "last_ms", "at")]
        got = cache.get_many(keys)
        runs, failures, total, last, at = (got.get(k) for k in keys)
        out.append(TaskFigures(name, runs or 0, failures or 0, total or 0, last or 0, at))
    return out
