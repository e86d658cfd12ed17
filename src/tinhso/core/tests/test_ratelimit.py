"""The rate limiter (core/ratelimit.py) and the CACHE_URL setting behind it."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from tinhso.core import ratelimit
from tinhso.envvars import caches


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_limit_lets_n_requests_through_then_refuses_until_the_window_ends():
    limit = ratelimit.Limit(3, 600)
    verdicts = [ratelimit.hit("x", "203.0.113.9", limit) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert 1 <= verdicts[-1].retry_after <= 600
    assert ratelimit.hit("x", "198.51.100.7", limit).allowed  # another address
    assert ratelimit.hit("y", "203.0.113.9", limit).allowed  # another scope


def test_the_decorated_view_answers_429_in_vietnamese_with_retry_after(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "demo": "2/60"}

    @ratelimit.rate_limited("demo")
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.get("/")).status_code == 200  # GET is not counted here
    statuses = [view(factory.post("/")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = view(factory.post("/"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 60
    body = refused.content.decode()
    assert "Bạn đã gửi quá nhiều yêu cầu" in body and "Vui lòng thử lại sau" in body


def test_a_broken_cache_lets_requests_through(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", broken)
    assert ratelimit.hit("x", "k", ratelimit.Limit(1, 60)).allowed


def test_wait_text():
    assert ratelimit.wait_text(30) == "30 giây"
    assert ratelimit.wait_text(61) == "khoảng 2 phút"
    assert ratelimit.wait_text(3600) == "khoảng 1 giờ"


@pytest.mark.parametrize("text", ["30", "a/b", "0/60", "5/0"])
def test_malformed_limits_stop_start_up(text):
    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse_limit(text)


def test_cache_url_choices():
    redis = caches("redis://cache.internal:6379/1", False)["default"]
    assert redis["BACKEND"].endswith("RedisCache") and redis["LOCATION"].endswith("/1")
    assert caches("db://", False)["default"]["LOCATION"] == "tinhso_cache"
    assert caches("locmem://", False)["default"]["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        caches("memcached://x", False)
    # Unset: shared between workers in production (the database), local memory otherwise.
    assert caches("", True)["default"]["BACKEND"].endswith("DatabaseCache")
    assert caches("", False)["default"]["BACKEND"].endswith("LocMemCache")
