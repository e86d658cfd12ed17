"""A Redis cache that a Redis outage cannot turn into an error page.

Every operation that fails on the Redis connection (refused, timed out, out of memory,
read-only) is logged and answered as a miss: `get` returns the default, `get_many` nothing,
`add` and `set` store nothing, `incr` raises ValueError as for a missing key, `delete` does
nothing. Pages then compute what they would have read (tinhso.core.cache_keys) and the rate
limiter counts in the process instead (tinhso.core.ratelimit).

After a failure the cache is left alone for RETRY_SECONDS: a page makes several cache calls,
and a server that does not answer would otherwise cost each of them the connect timeout.
One log line per outage and per process, not one per call.

settings.CACHES (tinhso.envvars.caches) uses it for every redis:// CACHE_URL, with short
socket timeouts so that an unreachable host costs at most SOCKET_TIMEOUT once per period.

Two costs of Django's own backend are taken out of every call (issue 17 §7, the tracking
profile): it builds a new `redis.Redis` object per operation (redis-py fills ~170 response
callbacks in each constructor: 0.2 ms a call, four calls a tracking request), where one client
per connection pool, shared by the process's threads, does the same work; and `count` gives
the rate limiter its increment-with-expiry in one round trip instead of `add` then `incr`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
SOCKET_TIMEOUT = 0.5
_FAILURES = (RedisError, OSError)

T = TypeVar("T")

_lock = threading.Lock()
_down_until: dict[str, float] = {}  # per server address, shared by a process's threads


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client, with one `redis.Redis` per connection pool instead of one per call
    (a Redis client is safe to share between threads: each command takes a pool connection)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client: Any = self  # its private helpers are not in django-stubs
        index = django_client._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = django_client._get_connection_pool(write)
            client = django_client._client(connection_pool=pool)
            self._clients[index] = client
        return client


class TolerantRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache whose failures are misses (module doc)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self._where = server if isinstance(server, str) else ",".join(server)

    def count(self, key: Any, timeout: int) -> int | None:
        """Add one to the counter `key` (created at 1, expiring `timeout` seconds after its
        first count) in one round trip; None when the cache cannot answer."""
        full_key = self.make_and_validate_key(key)

        def call() -> int:
            # No MULTI: the two commands go together; EXPIRE NX only sets an expiry still missing.
            backend: Any = self  # RedisCache._cache is not in django-stubs
            pipe = backend._cache.get_client(full_key, write=True).pipeline(transaction=False)
            pipe.incr(full_key)
            pipe.expire(full_key, timeout, nx=True)
            return int(pipe.execute()[0])

        return self._guard("count", call, None)

    def available(self) -> bool:
        """False while a recent failure keeps the cache alone (RETRY_SECONDS)."""
        return time.monotonic() >= _down_until.get(self._where, 0.0)

    def _guard(self, operation: str, call: Callable[[], T], fallback: T) -> T:
        if not self.available():
            return fallback
        try:
            return call()
        except _FAILURES as exc:
            with _lock:
                was_up = time.monotonic() >= _down_until.get(self._where, 0.0)
                _down_until[self._where] = time.monotonic() + RETRY_SECONDS
            if was_up:
                logger.warning(
                    "Cache (Redis) unreachable on %s: %s; answering misses, retrying in %ss",
                    operation,
                    exc,
                    RETRY_SECONDS,
                )
            return fallback

    def add(
        self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._guard("add", lambda: RedisCache.add(self, key, value, timeout, version), False)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._guard("get", lambda: RedisCache.get(self, key, default, version), default)

    def set(
        self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._guard("set", lambda: RedisCache.set(self, key, value, timeout, version), None)

    def touch(self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._guard("touch", lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._guard("delete", lambda: RedisCache.delete(self, key, version), False)

    def get_many(self, keys: Iterable[Any], version: Any = None) -> dict[Any, Any]:
        keys = list(keys)
        return self._guard("get_many", lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._guard("has_key", lambda: RedisCache.has_key(self, key, version), False)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        missing = -1 << 62
        result = self._guard("incr", lambda: RedisCache.incr(self, key, delta, version), missing)
        if result == missing:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def set_many(
        self, data: dict[Any, Any], timeout: float | None = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[Any]:
        return self._guard(
            "set_many",
            lambda: RedisCache.set_many(self, data, timeout, version),
            list(data),
        )

    def delete_many(self, keys: Iterable[Any], version: Any = None) -> None:
        keys = list(keys)
        self._guard("delete_many", lambda: RedisCache.delete_many(self, keys, version), None)

    def clear(self) -> None:
        self._guard("clear", lambda: RedisCache.clear(self), None)


def cache_available(backend: object) -> bool:
    """Whether `backend` can be counted on now (only a TolerantRedisCache says no)."""
    available = getattr(backend, "available", None)  # through django.core.cache.cache too
    return bool(available()) if callable(available) else True
