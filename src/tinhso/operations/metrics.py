"""Prometheus metrics (/metrics): request latency per route, the outboxes, the tasks.

- `tinhso_http_request_duration_seconds` (histogram), labelled by the resolved URL's *name*
  ("dossiers:track"), the method and the status class ("2xx"): never the raw path, so a
  million dossier codes make one series, not a million. Observed by the request middleware.
- `tinhso_outbox_pending`, `tinhso_outbox_oldest_pending_age_seconds`, `tinhso_outbox_failed`
  per outbox (core.outbox_registry), read from the database when scraped.
- `tinhso_task_duration_seconds` (count and sum, so rate(sum)/rate(count) is the mean) and
  `tinhso_task_failures_total` per task, `tinhso_task_last_duration_seconds`,
  `tinhso_task_last_run_timestamp_seconds` (core.task_stats, kept in the shared cache).
- `tinhso_build_info{version, commit}` = 1.

Gunicorn runs several worker processes, each with its own counters. With
PROMETHEUS_MULTIPROC_DIR set (deploy/gunicorn.conf.py empties it at start), prometheus_client
keeps them in files there and a scrape of any worker adds up every worker's; unset (runserver,
tests), the process's own registry answers. The outbox and task figures are read from the
database and the cache at scrape time, so they are the same whichever worker answers.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

from django.db import DatabaseError
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    Metric,
    SummaryMetricFamily,
)
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from tinhso.core import outbox_registry, task_stats
from tinhso.operations import build

logger = logging.getLogger(__name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNRESOLVED = "<unresolved>"

_REGISTRY = CollectorRegistry(auto_describe=True)
REQUEST_SECONDS = Histogram(
    "tinhso_http_request_duration_seconds",
    "Time to answer a request, by URL name, method and status class.",
    ["route", "method", "status"],
    registry=_REGISTRY,
)


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    method = method if method in _METHODS else "other"
    REQUEST_SECONDS.labels(route, method, f"{status // 100}xx").observe(seconds)


class OperationsCollector(Collector):
    """What the database and the shared cache say, read at each scrape."""

    def collect(self) -> Iterator[Metric]:
        yield from _outbox_metrics()
        yield from _task_metrics()
        info = GaugeMetricFamily(
            "tinhso_build_info", "The running version of Tỉnh Số.", labels=["version", "commit"]
        )
        info.add_metric([build.version(), build.commit()], 1)
        yield info


def _outbox_metrics() -> Iterator[Metric]:
    pending = GaugeMetricFamily(
        "tinhso_outbox_pending", "Messages waiting to be sent or retried.", labels=["outbox"]
    )
    oldest = GaugeMetricFamily(
        "tinhso_outbox_oldest_pending_age_seconds",
        "Age of the oldest waiting message (0 when none waits).",
        labels=["outbox"],
    )
    failed = GaugeMetricFamily(
        "tinhso_outbox_failed", "Messages given up on: they need a person.", labels=["outbox"]
    )
    readable = GaugeMetricFamily(
        "tinhso_outbox_readable", "1 when the outboxes could be read from the database."
    )
    try:
        states = outbox_registry.states()
    except DatabaseError:
        # The scrape still answers (the process figures are worth having): the database being
        # away shows here and on /readyz, not as a failed scrape.
        logger.warning("/metrics: không đọc được hộp thư đi từ cơ sở dữ liệu.", exc_info=True)
        states = []
        readable.add_metric([], 0)
    else:
        readable.add_metric([], 1)
    for state in states:
        pending.add_metric([state.name], state.pending)
        oldest.add_metric([state.name], state.oldest_pending_seconds or 0.0)
        failed.add_metric([state.name], state.failed)
    yield from (pending, oldest, failed, readable)


def _task_metrics() -> Iterator[Metric]:
    duration = SummaryMetricFamily(
        "tinhso_task_duration_seconds",
        "Background task runs and their total time.",
        labels=["task"],
    )
    failures = CounterMetricFamily(
        "tinhso_task_failures", "Background task runs that failed.", labels=["task"]
    )
    last = GaugeMetricFamily(
        "tinhso_task_last_duration_seconds", "Duration of the task's last run.", labels=["task"]
    )
    last_at = GaugeMetricFamily(
        "tinhso_task_last_run_timestamp_seconds", "When the task last ran.", labels=["task"]
    )
    for figures in task_stats.figures():
        duration.add_metric([figures.name], figures.runs, figures.total_ms / 1000)
        failures.add_metric([figures.name], figures.failures)
        last.add_metric([figures.name], figures.last_ms / 1000)
        if figures.last_run_at is not None:
            last_at.add_metric([figures.name], figures.last_run_at)
    yield from (duration, failures, last, last_at)


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def exposition() -> bytes:
    """The text a scrape receives."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessRegistry())
    registry.register(OperationsCollector())
    return generate_latest(registry)


class _ProcessRegistry(Collector):
    """This process's own metrics (the histogram), when there is no multiprocess directory."""

    def collect(self) -> Iterator[Metric]:
        yield from _REGISTRY.collect()
