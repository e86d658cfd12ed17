"""Redis down → misses, not errors (tinhso.core.cache_backends), and versioned keys
(tinhso.core.cache_keys) on a real Redis when there is one."""

import logging
import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from tinhso.core import cache_backends, cache_keys, ratelimit
from tinhso.envvars import caches

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_down(settings) -> Iterator[str]:
    url = f"redis://127.0.0.1:{closed_port()}/14"
    settings.CACHES = caches(url, production=True)
    cache_backends._down_until.clear()
    ratelimit._local.clear()  # the per-process counts kept while Redis is down
    yield url
    cache_backends._down_until.clear()


def redis_up() -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        return bool(Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except RedisError:
        return False


@pytest.fixture
def real_redis(settings) -> Iterator[None]:
    if not redis_up():
        pytest.skip(f"no Redis at {REDIS_URL} (TEST_REDIS_URL)")
    settings.CACHES = caches(REDIS_URL, production=True)
    cache.clear()  # this test database only (FLUSHDB), never the others
    yield
    cache.clear()


def test_redis_urls_get_the_tolerant_backend_with_short_timeouts():
    config = caches("redis://cache.internal:6379/1", True)["default"]
    assert config["BACKEND"] == "tinhso.core.cache_backends.TolerantRedisCache"
    assert config["OPTIONS"]["socket_connect_timeout"] <= 1


def test_a_dead_redis_answers_misses_and_logs_once(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="tinhso.core.cache_backends"):
        assert cache.get("k", "default") == "default"
        cache.set("k", 1)
        assert cache.add("k", 1) is False
        assert cache.get_many(["a", "b"]) == {}
        with pytest.raises(ValueError):
            cache.incr("k")
        cache.delete("k")
    assert len([r for r in caplog.records if "unreachable" in r.message]) == 1
    assert not cache_backends.cache_available(cache)


def test_with_redis_down_a_cached_read_is_computed_every_time(redis_down):
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    values = [cache_keys.cached("t", (1,), ("s",), compute, 60) for _ in range(2)]
    assert values == [1, 2]  # computed each time, never served stale


def test_with_redis_down_rate_limits_still_hold_in_each_process(redis_down):
    limit = ratelimit.Limit(3, 600)
    verdicts = [
        ratelimit.hit("tracking_proof", "000.00.12.H53-261123-0007", limit).allowed
        for _ in range(5)
    ]
    assert verdicts == [True, True, True, False, False]


@pytest.mark.django_db
def test_a_bump_is_seen_by_every_process_and_again_after_commit(real_redis, settings):
    from django.core.cache.backends.redis import RedisCache

    other_process = cache_backends.TolerantRedisCache(REDIS_URL, {})
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache_keys.cached("t", (), (cache_keys.CATALOGUE,), compute, 60) == 1
    assert cache_keys.cached("t", (), (cache_keys.CATALOGUE,), compute, 60) == 1
    before = other_process.get("tinhso:gen:catalogue")
    assert isinstance(other_process, RedisCache) and before is not None
    cache_keys.bump(cache_keys.CATALOGUE)
    assert other_process.get("tinhso:gen:catalogue") != before
    assert cache_keys.cached("t", (), (cache_keys.CATALOGUE,), compute, 60) == 2


def test_a_bump_in_a_transaction_bumps_again_when_it_commits(
    django_capture_on_commit_callbacks, db
):
    gen = "tinhso:gen:" + cache_keys.STATISTICS
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        cache_keys.bump(cache_keys.STATISTICS)
        inside = cache.get(gen)
    assert inside is not None and len(callbacks) == 1
    callbacks[0]()
    assert cache.get(gen) not in (None, inside)


def test_on_redis_a_limit_counts_in_one_trip_and_the_window_expires_from_its_first_count(
    real_redis,
):
    from redis import Redis

    limit = ratelimit.Limit(3, 600)
    code = "000.00.12.H53-261123-0008"
    verdicts = [ratelimit.hit("tracking_proof", code, limit).allowed for _ in range(5)]
    assert verdicts == [True, True, True, False, False]

    raw = Redis.from_url(REDIS_URL)
    (counter,) = list(raw.scan_iter("*ratelimit:tracking_proof:*"))
    assert raw.get(counter) == b"5"
    # The expiry is set by the first count only (EXPIRE NX): later counts do not push it on.
    assert 0 < raw.ttl(counter) <= 601
    raw.expire(counter, 30)
    ratelimit.hit("tracking_proof", code, limit)
    assert raw.ttl(counter) <= 30


def test_the_cache_keeps_one_redis_client_per_pool(real_redis):
    from django.core.cache import caches as django_caches

    backend: Any = django_caches["default"]
    backend.set("a", 1)
    backend.get("a")
    assert backend._cache.get_client(write=True) is backend._cache.get_client(write=True)
