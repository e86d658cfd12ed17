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
import importlib.util
import json
import os
import secrets
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier, Event, Thread
from types import ModuleType
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
    need_shared_services,
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
INTAKES = 40  # national-portal intakes, split half and half between the two nodes
ONLINE = 10  # online submissions (draft, a PDF per component, submit), likewise split
THREADS_PER_NODE = 4
DRAIN_SECONDS = 90
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _services() -> None:
    need_shared_services("two app nodes share one database: PostgreSQL", redis_db=10)


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


def _load_setup() -> ModuleType:
    """bench/_load_setup.py: the load bench's way to find an online procedure the API takes."""
    name = "bench_load_setup"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench/_load_setup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def online(procedures, settings, tmp_path) -> tuple[Any, str]:  # noqa: F811
    """An online procedure with answers the API accepts, and a citizen's API token."""
    from tinhso.accounts.services import citizen_create
    from tinhso.accounts.tokens import token_issue

    settings.MEDIA_ROOT = tmp_path / "probe-media"  # the probe's draft is rolled back
    citizen = citizen_create(
        username="congdan.hainut",
        full_name="Trần Văn Hai",
        cccd="072190004321",
        password="Mat-khau-rat-dai-2026!",
        phone="0987654321",
        email="hai@example.vn",
    )
    return _load_setup().online_procedure(citizen), token_issue(user=citizen, name="hai nút")


def _request(
    port: int, method: str, path: str, body: bytes, headers: dict[str, str]
) -> tuple[int, dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = {"raw": raw[:300].decode(errors="replace")}
    return response.status, answer


def _portal_intake(port: int, data: dict[str, Any]) -> tuple[int, str]:
    body = json.dumps(data).encode()
    headers = {"Content-Type": "application/json", **sign(body)}
    status, answer = _request(port, "POST", URL, body, headers)
    return status, str(answer.get("dossier_code", answer))


def _online_submission(port: int, procedure: Any, token: str) -> tuple[int, str]:
    """Draft, a small PDF for each component, submit: the submit's status and code."""
    auth = {"Authorization": f"Bearer {token}"}
    draft = {
        "procedure_code": procedure.code,
        "receiving_agency": procedure.agency,
        "answers": procedure.answers,
        "delivery_mode": procedure.delivery,
        "postal_address": "12 Trần Hưng Đạo, Tây Ninh",
    }
    json_headers = {**auth, "Content-Type": "application/json"}
    base = "/api/v1/online/drafts"
    status, answer = _request(port, "POST", base, json.dumps(draft).encode(), json_headers)
    if status != 201:
        return status, str(answer)
    draft_id = answer["id"]
    for component in procedure.components:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                'filename="giay-to.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + PDF
            + f"\r\n--{boundary}--\r\n".encode()
        )
        kind = f"multipart/form-data; boundary={boundary}"
        path = f"{base}/{draft_id}/files/{component}"
        status, answer = _request(port, "POST", path, body, {**auth, "Content-Type": kind})
        if status != 200:
            return status, str(answer)
    status, answer = _request(port, "POST", f"{base}/{draft_id}/submit", b"", json_headers)
    return status, str(answer.get("code", answer))


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


def test_two_nodes_split_submissions_without_duplicates(
    online,  # the data first, then the nodes
    nodes,
    rival_drains,
    portal,
    payload,  # noqa: F811
    tmp_path,
):
    procedure, token = online
    jobs: list[tuple[str, Node, Callable[[int], tuple[int, str]]]] = []
    for i in range(INTAKES):
        data = payload(external_id=f"G22.99-261205-{i:06d}")
        jobs.append(("portal", nodes[i % 2], lambda port, d=data: _portal_intake(port, d)))
    for i in range(ONLINE):  # spread among the intakes
        submit = lambda port: _online_submission(port, procedure, token)  # noqa: E731
        jobs.insert(i * (len(jobs) // ONLINE), ("online", nodes[i % 2], submit))
    total = INTAKES + ONLINE
    per_node: dict[str, list[tuple[float, float]]] = defaultdict(list)
    start = Barrier(len(nodes) * THREADS_PER_NODE)

    def send(job: tuple[str, Node, Callable[[int], tuple[int, str]]]) -> tuple[str, int, str]:
        kind, node, run = job
        begun = time.monotonic()
        status, code = run(node.port)
        per_node[node.name].append((begun, time.monotonic()))
        return f"{kind}@{node.name}", status, code

    def warm(_: int) -> None:  # every thread up before the first request
        start.wait()

    with ThreadPoolExecutor(max_workers=len(nodes) * THREADS_PER_NODE) as pool:
        list(pool.map(warm, range(len(nodes) * THREADS_PER_NODE)))
        begun = time.monotonic()
        results = list(pool.map(send, jobs))
        elapsed = time.monotonic() - begun

    # Every submission answered 201, and there are exactly as many dossiers.
    assert Counter(status for _, status, _ in results) == {201: total}, [
        r for r in results if r[1] != 201
    ][:3]
    half = {"portal": INTAKES // 2, "online": ONLINE // 2}
    assert Counter(where for where, _, _ in results) == {
        f"{kind}@{name}": n for kind, n in half.items() for name in ("a", "b")
    }
    codes = [code for _, _, code in results]
    assert len(set(codes)) == total  # no duplicate code
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
    assert emails.count() == sms.count() == total  # one of each per dossier
    assert set(Notification.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}
    subjects = _mail_subjects(tmp_path / "mail")
    assert len(subjects) == total
    assert Counter(code for s in subjects for code in codes if code in s) == dict.fromkeys(codes, 1)
    texts = _sms_texts(tmp_path / "sms.jsonl")
    assert len(texts) == total
    assert Counter(code for t in texts for code in codes if code in t) == dict.fromkeys(codes, 1)
    posted = Counter((b["dossier_code"], b["sequence"]) for b in portal.bodies)
    queued = set(StatusMessage.objects.values_list("dossier__code", "sequence"))
    assert len(queued) == total
    assert set(posted) == queued and set(posted.values()) == {1}
    assert set(StatusMessage.objects.values_list("state", "attempts")) == {(MessageState.SENT, 1)}

    # Statistics kept up by the intakes on both nodes equal a rebuild from the dossiers.
    incremental = _statistics()
    rebuild()
    assert _statistics() == incremental
    assert sum(row.submitted for row in DailyFigures.objects.all()) == total

    ran = {n.name: n.log("worker").count("succeeded in") for n in nodes}
    rates = {
        name: len(spans) / (max(e for _, e in spans) - min(b for b, _ in spans))
        for name, spans in sorted(per_node.items())
    }
    print(
        f"\nhai nút: {INTAKES} hồ sơ từ Cổng DVCQG và {ONLINE} hồ sơ trực tuyến trong "
        f"{elapsed:.2f} s = {total / elapsed:.1f} hồ sơ/s; "
        + ", ".join(f"nút {name} ≈ {rate:.1f}/s" for name, rate in rates.items())
        + f"; việc nền đã chạy theo nút: {ran}"
    )
