"""Logging configuration (settings.LOGGING): plain text for a terminal, JSON for a collector.

Imported by settings, so it imports nothing that needs Django set up. Every record carries
`request_id` (core/request_id.py): the request that caused it, or the request that queued the
task that logged it; empty outside both.
"""

from __future__ import annotations

import logging
from typing import Any

from tinhso.core import request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx answer ("Not Found: …") after the middlewares have run, when the
        # id is no longer bound: the request it names still carries it.
        fallback = getattr(getattr(record, "request", None), "request_id", "")
        record.request_id = request_id.current() or fallback
        return True


def logging_config(fmt: str, level: str) -> dict[str, Any]:
    """LOG_FORMAT "text" or "json"; LOG_LEVEL for the root logger."""
    if fmt not in {"text", "json"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT={fmt!r}: use text or json")
    formatters: dict[str, dict[str, Any]] = {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "tinhso.core.logs.RequestIdFilter"}},
        "formatters": formatters,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
