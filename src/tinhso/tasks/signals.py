"""The request id rides with every task, and every run is counted (core.task_stats).

The request that queues a task puts its id in a message header; the worker binds it while
the task runs, so the task's log lines carry the id of the request that caused them. In
process (no broker) the request's own id is already bound and stays.
"""

from __future__ import annotations

import contextlib
import time
from contextvars import Token
from typing import Any

from celery import Task
from celery.signals import before_task_publish, task_postrun, task_prerun

from tinhso.core import request_id, task_stats

HEADER = "tinhso_request_id"

_running: dict[str, tuple[Token[str], float]] = {}


@before_task_publish.connect(dispatch_uid="tinhso.tasks.request_id")
def carry_request_id(headers: dict[str, Any] | None = None, **_: Any) -> None:
    current = request_id.current()
    if headers is not None and current:
        headers.setdefault(HEADER, current)


@task_prerun.connect(dispatch_uid="tinhso.tasks.prerun")
def bind_request_id(task_id: str = "", task: Task | None = None, **_: Any) -> None:
    carried = getattr(task.request, HEADER, None) if task is not None else None
    value = request_id.accept(carried) if carried else (request_id.current() or request_id.new())
    _running[task_id] = (request_id.bind(value), time.monotonic())


@task_postrun.connect(dispatch_uid="tinhso.tasks.postrun")
def record_run(
    task_id: str = "", task: Task | None = None, state: str | None = None, **_: Any
) -> None:
    running = _running.pop(task_id, None)
    if running is None:
        return
    token, started = running
    with contextlib.suppress(ValueError):  # bound in another context: leave it
        request_id.reset(token)
    name = task.name if task is not None else "?"
    task_stats.record(name, time.monotonic() - started, ok=state == "SUCCESS")
