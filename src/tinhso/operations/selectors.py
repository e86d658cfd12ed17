"""What the "Tình trạng hệ thống" page shows: readiness, outboxes, tasks, version, backends.

Backends are named, never given with their credentials: a URL loses its user and password
before it is shown (`without_credentials`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from tinhso.core import outbox_registry, task_stats
from tinhso.core.outbox_registry import OutboxState
from tinhso.core.task_stats import TaskFigures
from tinhso.operations import build, probes
from tinhso.operations.probes import Check


@dataclass(frozen=True)
class Backend:
    label: str
    value: str


@dataclass(frozen=True)
class TaskRow:
    figures: TaskFigures
    mean_ms: int
    last_run_ago_seconds: float | None


@dataclass(frozen=True)
class SystemStatus:
    checks: list[Check]
    down: list[str]
    outboxes: list[OutboxState]
    outboxes_error: bool
    tasks: list[TaskRow]
    version: str
    commit: str
    backends: list[Backend]


def without_credentials(url: str) -> str:
    """scheme://host:port/path of a service URL: the user name and password left out."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "(địa chỉ không hợp lệ)"
    if ":" in host:  # IPv6
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _database(alias_settings: dict[str, object]) -> str:
    engine = str(alias_settings.get("ENGINE", "")).rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"SQLite ({alias_settings.get('NAME')})"
    host = alias_settings.get("HOST") or "localhost"
    port = alias_settings.get("PORT") or ""
    where = f"{host}:{port}" if port else str(host)
    return f"PostgreSQL, cơ sở dữ liệu {alias_settings.get('NAME')} tại {where}"


def backends() -> list[Backend]:
    out = [Backend("Cơ sở dữ liệu", _database(settings.DATABASES["default"]))]
    out.append(
        Backend(
            "Bản sao chỉ đọc",
            without_credentials(settings.DATABASE_REPLICA_URL)
            if settings.DATABASE_REPLICA_URL
            else "Không dùng (thống kê đọc từ cơ sở dữ liệu chính)",
        )
    )
    cache = settings.CACHES["default"]
    cache_name = str(cache["BACKEND"]).rsplit(".", 1)[-1]
    location = str(cache.get("LOCATION", ""))
    if "://" in location:
        location = without_credentials(location)
    out.append(Backend("Bộ nhớ đệm", f"{cache_name} {location}".strip()))
    out.append(
        Backend(
            "Hàng đợi tác vụ",
            f"Celery, {without_credentials(settings.CELERY_BROKER_URL)}"
            if settings.CELERY_BROKER_URL
            else "Không dùng: tác vụ chạy ngay trong tiến trình web",
        )
    )
    storage = str(settings.STORAGES["default"]["BACKEND"]).rsplit(".", 1)[-1]
    where = f"bucket {settings.S3_BUCKET}" if settings.S3_BUCKET else str(settings.MEDIA_ROOT)
    out.append(Backend("Kho tệp", f"{storage} ({where})"))
    return out


def _tasks() -> list[TaskRow]:
    now = time.time()
    return [
        TaskRow(
            figures=f,
            mean_ms=f.total_ms // f.runs if f.runs else 0,
            last_run_ago_seconds=now - f.last_run_at if f.last_run_at else None,
        )
        for f in sorted(task_stats.figures(), key=lambda f: f.name)
    ]


def system_status() -> SystemStatus:
    checks = probes.readiness()
    try:
        outboxes, outboxes_error = outbox_registry.states(), False
    except Exception:  # the database is down: the checks above already say so
        outboxes, outboxes_error = [], True
    try:
        tasks = _tasks()
    except Exception:  # the cache is down: likewise
        tasks = []
    return SystemStatus(
        checks=checks,
        down=probes.down(checks),
        outboxes=outboxes,
        outboxes_error=outboxes_error,
        tasks=tasks,
        version=build.version(),
        commit=build.commit(),
        backends=backends(),
    )
