"""A small fixed-window rate limiter on Django's cache, with the HTTP 429 answer.

Each limit is "N requests per S seconds" per key (usually the client's IP, core/client_ip.py),
named in settings.RATE_LIMITS so a deployment can change it. The counter is `cache.add` then
`cache.incr`: atomic on Redis and on the local-memory cache; on the database cache two requests
at the same instant may both pass, which only loosens a limit by a request or two.

The cache must be shared by every server process for a limit to hold across them
(settings.CACHES: CACHE_URL). A cache that fails lets the request through and logs the error:
the public pages stay up when the limiter cannot count. While Redis is down
(tinhso.core.cache_backends) each process counts in its own memory instead, so a limit still
holds per process (N × the number of processes in all): refusing every citizen because Redis
is down would be worse than a looser limit for a few minutes (docs/operations-cache.md).
"""

import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tinhso.core.cache_backends import cache_available
from tinhso.core.client_ip import client_ip

logger = logging.getLogger(__name__)

DEFAULT_MESSAGE = "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn."


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the window ends (when refused)


def parse_limit(text: str) -> Limit:
    """'30/600' → 30 requests per 600 seconds."""
    try:
        count, seconds = (int(part) for part in text.split("/"))
    except ValueError as exc:
        raise ImproperlyConfigured(f"rate limit {text!r}: write requests/seconds") from exc
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(f"rate limit {text!r}: both numbers must be at least 1")
    return Limit(count, seconds)


def limit_for(scope: str) -> Limit:
    return parse_limit(settings.RATE_LIMITS[scope])


def _cache_key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}"


# Counts of this process while the shared cache is unavailable.
_local = LocMemCache("tinhso-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


def _count(store: Any, cache_key: str, timeout: int) -> int:
    one_trip = getattr(store, "count", None)  # TolerantRedisCache: INCR + EXPIRE NX at once
    if callable(one_trip):
        counted = one_trip(cache_key, timeout)
        # None: the cache is down; hit() sees it (cache_available) and counts in the process.
        return 0 if counted is None else int(counted)
    store.add(cache_key, 0, timeout=timeout)
    try:
        return int(store.incr(cache_key))
    except ValueError:  # expired between add and incr (or the cache just went down)
        store.set(cache_key, 1, timeout=timeout)
        return 1


def hit(scope: str, key: str, limit: Limit | None = None) -> Verdict:
    """Count one request for `key` under `scope`; whether it is within the limit."""
    limit = limit or limit_for(scope)
    now = time.time()
    window = int(now // limit.seconds)
    cache_key = _cache_key(scope, key, window)
    try:
        count = _count(cache, cache_key, limit.seconds + 1)
        if not cache_available(cache):
            count = _count(_local, cache_key, limit.seconds + 1)
    except Exception:  # an unreachable cache must not take the site down
        logger.exception("Rate limiter cannot reach the cache; letting the request through")
        return Verdict(True)
    if count <= limit.count:
        return Verdict(True)
    return Verdict(False, max(math.ceil((window + 1) * limit.seconds - now), 1))


def reset(scope: str, key: str) -> None:
    """Forget the current window's count (e.g. after the person proved who they are)."""
    limit = limit_for(scope)
    cache_key = _cache_key(scope, key, int(time.time() // limit.seconds))
    cache.delete(cache_key)
    _local.delete(cache_key)


def wait_text(seconds: int) -> str:
    """'khoảng 3 phút', in words a person can act on."""
    if seconds < 60:
        return f"{seconds} giây"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"khoảng {minutes} phút"
    return f"khoảng {math.ceil(minutes / 60)} giờ"


def too_many_requests(
    request: HttpRequest, retry_after: int, message: str = DEFAULT_MESSAGE
) -> HttpResponse:
    """HTTP 429 with a Vietnamese page saying when to try again (and a Retry-After header)."""
    response = render(
        request,
        "429.html",
        {"message": message, "wait": wait_text(retry_after)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(
    scope: str,
    *,
    methods: tuple[str, ...] = ("POST",),
    message: str = DEFAULT_MESSAGE,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Limit a view's requests of the given methods per client IP (settings.RATE_LIMITS[scope])."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                verdict = hit(scope, client_ip(request) or "-")
                if not verdict.allowed:
                    return too_many_requests(request, verdict.retry_after, message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
