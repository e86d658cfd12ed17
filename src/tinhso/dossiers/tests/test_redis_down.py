"""Redis down → pages still work (issue 17, faults): the home page, the catalogue and public
tracking answer as usual, computed instead of cached, and the tracking limits still hold."""

import pytest
from django.core.cache import cache
from django.test import Client

from tinhso.core import cache_backends, ratelimit
from tinhso.core.tests.test_cache_backends import closed_port
from tinhso.dossiers import tracking
from tinhso.envvars import caches

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    settings.CACHES = caches(f"redis://127.0.0.1:{closed_port()}/14", production=True)
    cache_backends._down_until.clear()
    ratelimit._local.clear()  # the per-process counts kept while Redis is down
    yield
    cache_backends._down_until.clear()


def test_public_pages_answer_with_redis_down(received, redis_down):
    code = received.procedure_version.procedure.code
    client = Client(REMOTE_ADDR="198.51.100.7")
    assert client.get("/").status_code == 200
    assert client.get("/thu-tuc/", {"q": "ly lich"}).status_code == 200
    assert received.procedure_version.name in client.get(f"/thu-tuc/{code}/").content.decode()
    key = tracking.tracking_key(received.code)
    for _ in range(2):
        shown = client.get("/tra-cuu/", {"ma": received.code, "k": key})
        assert shown.status_code == 200 and "N*** T*** Á***" in shown.content.decode()
    assert client.get("/tra-cuu/", {"ma": received.code, "k": "1111"}).status_code == 404
    assert not cache_backends.cache_available(cache)


def test_tracking_limits_hold_per_process_with_redis_down(received, redis_down, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "tracking_proof": "3/3600"}
    client = Client(REMOTE_ADDR="198.51.100.7")
    guesses = [client.get("/tra-cuu/", {"ma": received.code, "k": f"{n:04d}"}) for n in range(4)]
    assert [g.status_code for g in guesses] == [404, 404, 404, 429]
