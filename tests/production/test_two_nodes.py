"""Two app nodes on one PostgreSQL and one Redis (issue 17 §8).

Two gunicorn instances (production settings, persistent connections, deploy/gunicorn.conf.py)
listen on two ports, each with a Celery worker of its own; all four processes share the test
database and Redis db 10 (cache and broker). National-portal intakes are split between the
nodes from concurrent threads. Then: every request got 201 and made one dossier, the codes
are unique and gap-free per agency and day (Thông tư 03/2025/TT-VPCP numbering,
tinhso.dossiers.services.next_sequence); every e-mail, SMS and portal status update queued
went out exactly once once the workers drained the outboxes; the statistics the intakes kept
up incrementally equal a rebuild from the dossiers.

Skipped without PostgreSQL or Redis; with CI=true a missing Redis fails. `-s` prints the
figures (intakes/s per node and in all).
"""

from __future__ import annotations

import email
import email.header
import http.client
import json
import os
import secrets
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier, Event, Thread
from typing import Any

import pytest
import redis
from django.db import connection

from tests.production._nodes import (
    MAIL_DIR_VARIABLE,
    ROOT,
    Node,
    PortalStandIn,
    database_url,
    free_port,
    redis_up,
    wait_for,
)
from tinhso.dossiers.models import Dossier, DossierSequence
from tinhso.dossiers.tests.conftest import procedures  # noqa: F401 (fixture)
from tinhso.nationalportal.constants import MessageState
from tinhso.nationalportal.models import StatusMessage
from tinhso.nationalportal.tests.conftest import INBOUND_SECRET, URL, payload, sign  # noqa: F401
from tinhso.notifications.constants import Channel, Status
from tinhso.notifications.models import Notification
from tinhso.statistics.models import (
    DailyFigures,
    DailyStepFigures,
    MonthlyFigures,
    MonthlyStepFigures,
)
from tinhso.statistics.services import rebuild
from tinhso.tasks import app

pytestmark = [pytest.mark.two_nodes, pytest.mark.django_db(transaction=True)]

REDIS_URL = "redis://127.0.0.1:6379/10"
STATUS_SECRET = "khoa-ky-trang-thai-hai-nut"
INTAKES = 40  # split half and half between the two nodes
THREADS_PER_NODE = 4
DRAIN_SECONDS = 90


@pytest.fixture(autouse=True)
def _services() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("two app nodes share one database: PostgreSQL")
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        pytest.skip("runs on one pytest process only (one queue on Redis db 10)")
    if not redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is required in CI (.ci/run starts redis-server)")
        pytest.skip("Redis is not running on 127.0.0.1:6379")


@pytest.fixture
def portal() -> Iterator[PortalStandIn]:
    stand_in = PortalStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture
def broker() -> Iterator[None]:
    """This process publishes to the nodes' broker (Redis db 10) for the length of the test."""
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app._pool, app.amqp._producer_pool = None, None
    app.conf.task_always_eager, app.conf.broker_url = False, REDIS_URL
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app._pool, app.amqp._producer_pool = None, None
        redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def rival_drains(broker) -> Iterator[Event]:
    """While the intakes run and until the outboxes are drained, the two workers are also
    handed what a busy installation hands them: the beat's periodic drain of the portal
    outbox, and deliveries of notifications that are already on their way (a task delivered
    twice: at least once is Celery's promise). Each races the after-commit task of the same
    rows on the other worker; only the outbox claim keeps a message from going out twice."""
    stop = Event()

    def publish() -> None:
        try:
            while not stop.is_set():
                pending = list(
                    Notification.objects.filter(status=Status.PENDING).values_list("pk", flat=True)
                )
                if pending:
                    app.send_task("notifications.deliver", args=[pending])
                app.send_task("nationalportal.send_due")
                stop.wait(0.1)
        finally:
            connection.close()

    thread = Thread(target=publish, daemon=True)
    thread.start()
    yield stop
    stop.set()
    thread.join(10)


@pytest.fixture
def nodes(tmp_path: Path, portal: PortalStandIn, procedures) -> Iterator[list[Node]]:  # noqa: F811
    """Nodes a and b, started once the province and its procedures are committed."""
    redis.Redis.from_url(REDIS_URL).flushdb()  # our own db: no task or cache entry of before
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "CELERY_"))
    }
    shared = {
        "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "tinhso.settings",
        "TINHSO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url(connection.settings_dict),
        "DB_CONN_MAX_AGE": "60",
        "CACHE_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "GUNICORN_WORKERS": "2",
        "LOG_FORMAT": "text",
        "LOG_LEVEL": "INFO",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "EMAIL_BACKEND": "tests.production._nodes.OneFilePerMessageBackend",
        MAIL_DIR_VARIABLE: str(tmp_path / "mail"),
        "SMS_BACKEND": "local",
        "SMS_OUTBOX": str(tmp_path / "sms.jsonl"),
        "NATIONAL_PORTAL_INBOUND_SECRET": INBOUND_SECRET,
        "NATIONAL_PORTAL_STATUS_SECRET": STATUS_SECRET,
        "NATIONAL_PORTAL_STATUS_URL": portal.url,
        "NATIONAL_PORTAL_LEDGER_URL": "",
        "NATIONAL_PORTAL_REPLAY_WINDOW": "600",
    }
    started: list[Node] = []
    try:
        for name in ("a", "b"):
            port = free_port()
            env = {**base, **shared, "GUNICORN_BIND": f"127.0.0.1:{port}"}
            node = Node(name=name, port=port, env=env, logs=tmp_path)
            started.append(node)
            node.start()
        for node in started:
            wait_for(node.ready, 60, f"node {node.name} (logs in {tmp_path})")
        yield started
    finally:
        for node in started:
            node.stop()


def _post(port: int, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    body = json.dumps(data).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/json", **sign(body)}
        conn.request("POST", URL, body=body, headers=headers)
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = {"raw": raw[:300].decode(errors="replace")}
    return response.status, answer


def _mail_subjects(directory: Path) -> list[str]:
    subjects = []
    for path in sorted(directory.glob("*.eml")) if directory.exists() else []:
        message = email.message_from_bytes(path.read_bytes())
        subjects.append(
            str(email.header.make_header(email.header.decode_header(message["Subject"])))
        )
    return subjects


def _sms_texts(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]


def _statistics() -> list[list[tuple[Any, ...]]]:
    out = []
    for model in (DailyFigures, DailyStepFigures, MonthlyFigures, MonthlyStepFigures):
        names = [x.name for x in model._meta.fields if x.name != "id"]
        out.append(sorted(model.objects.values_list(*names)))
    return out


def _drained() -> bool:
    return (
        not Notification.objects.exclude(status=Status.SENT).exists()
        and not StatusMessage.objects.exclude(state=MessageState.SENT).exists()
    )


def test_two_nodes_split_intakes_without_duplicates(
    nodes,
    rival_drains,
    portal,
    payload,  # noqa: F811
    tmp_path,
):
    jobs = [(nodes[i % 2], payload(external_id=f"G22.99-261205-{i:06d}")) for i in range(INTAKES)]
    per_node: dict[str, list[tuple[float, float]]] = defaultdict(list)
    start = Barrier(len(nodes) * THREADS_PER_NODE)

    def send(job: tuple[Node, dict[str, Any]]) -> tuple[str, int, dict[str, Any]]:
        node, data = job
        begun = time.monotonic()
        status, answer = _post(node.port, data)
        per_node[node.name].append((begun, time.monotonic()))
        return node.name, status, answer

    def warm(_: int) -> None:  # every thread up before the first request
        start.wait()

    with ThreadPoolExecutor(max_workers=len(nodes) * THREADS_PER_NODE) as pool:
        list(pool.map(warm, range(len(nodes) * THREADS_PER_NODE)))
        begun = time.monotonic()
        results = list(pool.map(send, jobs))
        elapsed = time.monotonic() - begun

    # Every request answered 201, and there are exactly as many dossiers.
    statuses = Counter(status for _, status, _ in results)
    assert statuses == {201: INTAKES}, [r for r in results if r[1] != 201][:3]
    assert Counter(name for name, _, _ in results) == {"a": INTAKES // 2, "b": INTAKES // 2}
    codes = [answer["dossier_code"] for _, _, answer in results]
    assert len(set(codes)) == INTAKES  # no duplicate code
    assert Dossier.objects.count() == INTAKES
    assert sorted(Dossier.objects.values_list("code", flat=True)) == sorted(codes)
    # Gap-free per agency and day: 1…n, and the day's counter stands at n.
    numbers: dict[str, list[int]] = defaultdict(list)
    for code in codes:
        prefix, _, number = code.rpartition("-")
        numbers[prefix].append(int(number))
    for prefix, taken in numbers.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), prefix
    assert sorted(DossierSequence.objects.values_list("last", flat=True)) == sorted(
        len(taken) for taken in numbers.values()
    )

    # The workers drain the outboxes; nothing goes out twice.
    wait_for(_drained, DRAIN_SECONDS, "every notification and status update sent")
    rival_drains.set()
    time.sleep(2)  # time for a duplicate to show, were there one
    emails = Notification.objects.filter(channel=Channel.EMAIL)
    sms = Notification.objects.filter(channel=Channel.SMS)
    assert emails.count() == sms.count() == INTAKES  # one of each per dossier
    assert set(Notification.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}
    subjects = _mail_subjects(tmp_path / "mail")
    assert len(subjects) == INTAKES
    assert Counter(code for s in subjects for code in codes if code in s) == dict.fromkeys(codes, 1)
    texts = _sms_texts(tmp_path / "sms.jsonl")
    assert len(texts) == INTAKES
    assert Counter(code for t in texts for code in codes if code in t) == dict.fromkeys(codes, 1)
    posted = Counter((b["dossier_code"], b["sequence"]) for b in portal.bodies)
    queued = set(StatusMessage.objects.values_list("dossier__code", "sequence"))
    assert len(queued) == INTAKES
    assert set(posted) == queued and set(posted.values()) == {1}
    assert set(StatusMessage.objects.values_list("state", "attempts")) == {(MessageState.SENT, 1)}

    # Statistics kept up by the intakes on both nodes equal a rebuild from the dossiers.
    incremental = _statistics()
    assert sum(row.submitted for row in DailyFigures.objects.all()) == INTAKES
    rebuild()
    assert _statistics() == incremental

    ran = {n.name: n.log("worker").count("succeeded in") for n in nodes}
    rates = {
        name: len(spans) / (max(e for _, e in spans) - min(b for b, _ in spans))
        for name, spans in sorted(per_node.items())
    }
    print(
        f"\nhai nút: {INTAKES} hồ sơ từ Cổng DVCQG trong {elapsed:.2f} s = "
        f"{INTAKES / elapsed:.1f} hồ sơ/s; "
        + ", ".join(f"nút {name} ≈ {rate:.1f}/s" for name, rate in rates.items())
        + f"; việc nền đã chạy theo nút: {ran}"
    )
