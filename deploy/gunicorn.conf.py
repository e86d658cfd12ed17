"""Gunicorn for Tỉnh Số (docs/operations.md): `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment (deploy/env.production.example):
GUNICORN_BIND, GUNICORN_WORKERS (default 2 × CPUs + 1), GUNICORN_THREADS, GUNICORN_TIMEOUT,
GUNICORN_MAX_REQUESTS, FORWARDED_ALLOW_IPS. The access log is JSON with the request id
(tinhso.operations.access_log). With PROMETHEUS_MULTIPROC_DIR set, /metrics adds up every
worker's counters: the directory is emptied when gunicorn starts and a dead worker's files
are marked so its gauges go (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


wsgi_app = "tinhso.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (a leak cannot grow for ever); jitter keeps
# the workers from restarting together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# The proxy's address: gunicorn believes its X-Forwarded-Proto only from there.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
logger_class = "tinhso.operations.access_log.JsonAccessLogger"
# Each worker imports the app itself, so `kill -HUP` reloads new code; migrations run apart.
preload_app = False


def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if directory:
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):  # counters of an earlier run
            stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
