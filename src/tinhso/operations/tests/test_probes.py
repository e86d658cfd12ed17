"""/healthz and /readyz (issue 17 §1): what a load balancer asks before sending traffic."""

import json
import time

import pytest
from django.test import override_settings

from tinhso.operations import probes

pytestmark = pytest.mark.django_db

DOWN_REDIS = "redis://:s3cret-pass@127.0.0.1:1/0"


def _body(response) -> dict:
    return json.loads(response.content)


def test_healthz_answers_ok_without_asking_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_lists_each_check_when_all_pass(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = _body(response)
    assert body["status"] == "ok" and body["down"] == []
    names = [check["name"] for check in body["checks"]]
    assert names == ["database", "cache", "broker", "storage"]
    broker = body["checks"][2]
    assert broker["skipped"] is True  # no CELERY_BROKER_URL: tasks run in-process


def test_readyz_leaves_no_probe_file_behind(client, settings):
    assert client.get("/readyz").status_code == 200
    leftovers = list((settings.MEDIA_ROOT / "readyz").glob("*"))
    assert leftovers == []


def test_a_cache_that_does_not_answer_is_named_with_503(client):
    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DOWN_REDIS,
        }
    }
    # in the test (not the settings fixture): the cache is cleared after each test, and must
    # be the working one again by then
    with override_settings(CACHES=broken):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = _body(response)
    assert body["status"] == "down" and body["down"] == ["cache"]
    cache = next(check for check in body["checks"] if check["name"] == "cache")
    assert cache["ok"] is False and cache["error"]
    assert b"s3cret" not in response.content and b"127.0.0.1" not in response.content


def test_a_broker_that_does_not_answer_is_named_with_503(client, settings):
    settings.CELERY_BROKER_URL = DOWN_REDIS
    response = client.get("/readyz")
    assert response.status_code == 503
    assert _body(response)["down"] == ["broker"]
    assert b"s3cret" not in response.content


def test_a_storage_that_cannot_be_written_is_named_with_503(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked
    response = client.get("/readyz")
    assert response.status_code == 503
    assert _body(response)["down"] == ["storage"]


def test_a_database_that_fails_is_named_with_503(client, monkeypatch):
    def broken() -> None:
        raise ConnectionError("could not connect to server at db.internal:5432")

    monkeypatch.setattr(probes, "CHECKS", [*probes.CHECKS[1:], ("database", "CSDL", broken)])
    response = client.get("/readyz")
    assert response.status_code == 503
    body = _body(response)
    assert body["down"] == ["database"]
    assert b"db.internal" not in response.content  # the class, never the message


def test_a_check_that_hangs_is_cut_short_and_named(client, monkeypatch):
    def hangs() -> None:
        time.sleep(5)

    monkeypatch.setattr(probes, "TIMEOUT_SECONDS", 0.2)
    monkeypatch.setattr(probes, "CHECKS", [*probes.CHECKS[:-1], ("storage", "Kho tệp", hangs)])
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    storage = next(c for c in _body(response)["checks"] if c["name"] == "storage")
    assert storage["error"] == "timeout"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_skip_the_host_check_and_the_https_redirect(client, settings, path):
    """A load balancer asks each node by its own address, over plain HTTP."""
    settings.ALLOWED_HOSTS = ["dichvucong.tayninh.gov.vn"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(path, HTTP_HOST="10.0.0.7:8000").status_code == 200
    # ordinary pages still get both checks
    assert client.get("/dang-nhap/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    page = client.get("/dang-nhap/", HTTP_HOST="dichvucong.tayninh.gov.vn")
    assert page.status_code == 301 and page["Location"].startswith("https://")
