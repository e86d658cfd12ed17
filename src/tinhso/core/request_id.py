"""The request id: one value that follows a request into its logs and into the tasks it queues.

A context variable, so a thread or task sees only its own. The web side binds it per request
(operations middleware, from a trusted X-Request-ID or a new one); a Celery task binds the id
of the request that queued it. Logs carry it through `RequestIdFilter` (core/logs.py).
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar, Token

_current: ContextVar[str] = ContextVar("tinhso_request_id", default="")
# What a proxy may hand us: letters, digits and - _ . : up to 64 characters. Anything else is
# replaced, so a log line can never be forged through the header.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def current() -> str:
    return _current.get()


def new() -> str:
    return uuid.uuid4().hex


def accept(candidate: str | None) -> str:
    """The caller's id when it is well formed, else a new one."""
    if candidate and _ACCEPTABLE.match(candidate):
        return candidate
    return new()


def bind(value: str) -> Token[str]:
    return _current.set(value)


def reset(token: Token[str]) -> None:
    _current.reset(token)
