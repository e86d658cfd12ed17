"""Gunicorn's access log as one JSON object per line, with the request id (deploy/gunicorn.conf.py
names this class as its `logger_class`).

The id is the one the app sent back in X-Request-ID (the proxy's, or a new one): the same value
as in the app's own log lines (LOG_FORMAT=json) and nginx's access log, so one request can be
followed through all three. The query string is left out: it carries look-up codes and search
words, and the path is enough to tell which page was asked for.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger  # type: ignore[import-untyped]


def _header(headers: Any, name: str) -> str:
    items = headers.items() if hasattr(headers, "items") else headers
    for key, value in items or ():
        if str(key).lower() == name:
            return str(value)
    return ""


def access_record(resp: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
    status = resp.status
    if isinstance(status, str):
        status = status.split(None, 1)[0]
    sent = getattr(resp, "sent", None)
    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "level": "INFO",
        "logger": "gunicorn.access",
        "request_id": _header(resp.headers, "x-request-id"),
        "remote": environ.get("REMOTE_ADDR", ""),
        "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR", ""),
        "method": environ.get("REQUEST_METHOD", ""),
        "path": environ.get("PATH_INFO", ""),
        "status": int(status),
        "bytes": sent if isinstance(sent, int) else 0,
        "duration_ms": round(request_time.total_seconds() * 1000, 1),
        "user_agent": environ.get("HTTP_USER_AGENT", ""),
        "pid": os.getpid(),
    }


class JsonAccessLogger(Logger):
    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        try:
            record = access_record(resp, environ, request_time)
            self.access_log.info(json.dumps(record, ensure_ascii=False))
        except Exception:
            self.exception("access log")
