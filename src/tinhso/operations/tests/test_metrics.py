"""/metrics (issue 17 §5): Prometheus text behind a bearer token, latency per URL name, the
outboxes and the tasks."""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import DatabaseError

from tinhso.core import outbox_registry, task_stats
from tinhso.core.outbox_registry import OutboxState

pytestmark = pytest.mark.django_db

TOKEN = "prometheus-scrape-token-2026"
ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN


def scrape_with(client, name: str, reader: Callable[[], OutboxState]) -> str:
    """The scrape while an outbox `name` read by `reader` is registered."""
    outbox_registry.register(name, reader)
    try:
        return scrape(client)
    finally:
        outbox_registry._readers.pop(name)


def scrape(client) -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return response.content.decode()


def test_no_token_configured_means_no_metrics_page(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize(
    "header", [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"]
)
def test_a_missing_or_wrong_token_gets_401(client, token, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get("/metrics", **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"tinhso_" not in response.content


def test_a_request_shows_up_under_its_url_name_not_its_path(client, token):
    def count(text: str, route: str, status: str) -> float:
        prefix = (
            f'tinhso_http_request_duration_seconds_count{{method="GET",route="{route}",'
            f'status="{status}"}} '
        )
        lines = [line for line in text.splitlines() if line.startswith(prefix)]
        return float(lines[0].removeprefix(prefix)) if lines else 0.0

    before = scrape(client)
    assert client.get("/dang-nhap/").status_code == 200
    assert client.get("/tra-cuu/G22.99.1-261203-0001/khong-co/").status_code == 404
    after = scrape(client)
    assert count(after, "accounts:login", "2xx") == count(before, "accounts:login", "2xx") + 1
    assert count(after, "<unresolved>", "4xx") == count(before, "<unresolved>", "4xx") + 1
    assert "G22.99.1" not in after  # the raw path never becomes a label
    assert "tinhso_http_request_duration_seconds_bucket{" in after


def test_outboxes_and_tasks_are_reported(client, token):
    task_stats.record("tinhso.test.drain", 0.25, ok=True)
    task_stats.record("tinhso.test.drain", 0.75, ok=False)
    text = scrape_with(
        client,
        "test_outbox",
        lambda: OutboxState(
            "test_outbox", "Hộp thư thử", pending=3, oldest_pending_seconds=42.5, failed=1
        ),
    )
    assert 'tinhso_outbox_pending{outbox="test_outbox"} 3.0' in text
    assert 'tinhso_outbox_oldest_pending_age_seconds{outbox="test_outbox"} 42.5' in text
    assert 'tinhso_outbox_failed{outbox="test_outbox"} 1.0' in text
    assert 'tinhso_task_duration_seconds_count{task="tinhso.test.drain"} 2.0' in text
    assert 'tinhso_task_duration_seconds_sum{task="tinhso.test.drain"} 1.0' in text
    assert 'tinhso_task_failures_total{task="tinhso.test.drain"} 1.0' in text
    assert 'tinhso_task_last_duration_seconds{task="tinhso.test.drain"} 0.75' in text
    assert "tinhso_build_info{" in text


def test_a_database_that_cannot_be_read_still_gives_a_scrape(client, token):
    """The outboxes live in the database; when it fails the scrape answers without them."""

    def broken() -> OutboxState:
        raise DatabaseError("connection refused")

    text = scrape_with(client, "broken_outbox", broken)
    assert "tinhso_outbox_readable 0.0" in text
    assert "tinhso_build_info{" in text


OBSERVE = """
import django, sys
django.setup()
from tinhso.operations import metrics
metrics.observe_request("portal:home", "GET", 200, 0.01)
"""
SCRAPE = """
import django
django.setup()
from tinhso.operations import metrics
print(metrics.exposition().decode())
"""


def test_gunicorn_workers_counts_add_up_in_multiprocess_mode(tmp_path):
    """Two worker processes observe a request each; a scrape from a third sees both."""
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tinhso.settings",
        "PYTHONPATH": str(ROOT / "src"),
    }
    for code in (OBSERVE, OBSERVE, SCRAPE):
        done = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
    line = (
        'tinhso_http_request_duration_seconds_count{method="GET",route="portal:home",status="2xx"}'
    )
    assert f"{line} 2.0" in done.stdout
