"""A real Celery worker on Redis against PostgreSQL (issue 17 §2, "a worker killed mid-task").

The rest of the suite runs tasks in-process; here `celery -A tinhso.tasks worker` runs as a
subprocess on Redis database 12, reading the test database. It delivers what a committed
transaction queued (an SMS and the national-portal status updates) exactly once; then a worker
is killed (SIGKILL, the whole process group, as an OOM kill would) while its task is stuck
mid-way on the database, a new worker is started, and the same task runs again and sends the
message once. Skipped without PostgreSQL or Redis; with CI=true a missing Redis fails.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest
from django.db import connection, transaction

from tests.production._nodes import need_shared_services
from tinhso.core import request_id
from tinhso.dossiers.services import counter_receive
from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures  # noqa: F401
from tinhso.nationalportal.constants import MessageState
from tinhso.nationalportal.models import StatusMessage
from tinhso.notifications import services
from tinhso.notifications import tasks as notification_tasks
from tinhso.notifications.constants import Channel, Status
from tinhso.notifications.models import Notification
from tinhso.tasks import app

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("TINHSO_TEST_BROKER_URL", "redis://127.0.0.1:6379/12")
STATUS_SECRET = "khoa-ky-trang-thai-cho-tien-trinh-that"
VISIBILITY = 4  # seconds before a killed worker's task is handed out again


@pytest.fixture(autouse=True)
def _services() -> None:
    need_shared_services("a worker process needs a database it can share: PostgreSQL", 12)


@pytest.fixture
def broker() -> Iterator[None]:
    """This process queues to Redis db 12 (not in-process) for the length of the test."""
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app._pool, app.amqp._producer_pool = None, None
    app.conf.task_always_eager, app.conf.broker_url = False, BROKER
    app.control.purge()
    try:
        yield
    finally:
        app.control.purge()
        app.conf.task_always_eager, app.conf.broker_url = saved
        app._pool, app.amqp._producer_pool = None, None


@pytest.fixture
def portal() -> Iterator[list[dict]]:
    """A stand-in for the national portal's status endpoint: records each body it accepts."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(json.loads(body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    received_url = f"http://127.0.0.1:{server.server_address[1]}/trang-thai"
    received.append({"url": received_url})
    yield received
    server.shutdown()


@pytest.fixture
def worker(tmp_path, portal, broker) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Starts `celery worker` processes on the test database; each is stopped at the end."""
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "tinhso.settings",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": BROKER,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        "SMS_BACKEND": "local",
        "SMS_OUTBOX": str(tmp_path / "sms.jsonl"),
        "NATIONAL_PORTAL_STATUS_URL": portal[0]["url"],
        "NATIONAL_PORTAL_STATUS_SECRET": STATUS_SECRET,
        "LOG_LEVEL": "INFO",
    }
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        log = tmp_path / f"worker-{len(started) + 1}.log"
        process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            [sys.executable, "-m", "celery", "-A", "tinhso.tasks", "worker",
             "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
             f"--hostname=tinhso-test-{len(started) + 1}@%h"],
            cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        process.log = log  # type: ignore[attr-defined]
        started.append(process)
        wait_for(lambda: "ready" in log.read_text(errors="replace"), 60, f"worker: {log}")
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not after {seconds} s: {what}")


def sms_lines(tmp_path: Path) -> list[dict]:
    path = tmp_path / "sms.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_worker_delivers_what_a_commit_queued_exactly_once(
    worker,
    portal,
    tmp_path,
    settings,
    new_dossier,  # noqa: F811
    cast,  # noqa: F811
):
    settings.NATIONAL_PORTAL_STATUS_URL = portal[0]["url"]
    settings.NATIONAL_PORTAL_STATUS_SECRET = STATUS_SECRET
    worker()
    with transaction.atomic():
        (sms,) = services.notify(
            reference="R-1",
            subject="Tiếp nhận",
            body="Hồ sơ đã được tiếp nhận.",
            phone="0912345678",
        )
        dossier = counter_receive(new_dossier(), actor=cast.reception)
    # Committed: the tasks are on Redis, the worker runs them.
    messages = StatusMessage.objects.filter(dossier=dossier)
    wait_for(
        lambda: (
            not messages.exclude(state=MessageState.SENT).exists()
            and not Notification.objects.exclude(status=Status.SENT).exists()
        ),
        60,
        "the SMS and the status updates sent",
    )
    time.sleep(2)  # time for a duplicate to show, were there one
    texts = [line["text"] for line in sms_lines(tmp_path)]
    assert texts.count("Ho so da duoc tiep nhan.") == 1
    # The reception sends the applicant its own SMS too: every row went out once.
    rows = Notification.objects.filter(channel=Channel.SMS)
    assert len(texts) == rows.count()
    assert set(rows.values_list("status", "attempts")) == {(Status.SENT, 1)}
    assert sms.pk in rows.values_list("pk", flat=True)
    sent = sorted(body["sequence"] for body in portal[1:])
    assert sent == sorted(messages.values_list("sequence", flat=True)) == [1, 2]


def test_a_worker_killed_mid_task_runs_it_again_and_sends_once(worker, tmp_path):
    first = worker()
    row = Notification.objects.create(
        channel=Channel.SMS,
        recipient="+84912345678",
        body="Ket qua ho so da co.",
        reference="R-2",
        status=Status.PENDING,
        next_attempt_at=None,
    )
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    ) as blocker:
        # Hold the outbox table so the task, once it has started, is stuck mid-way.
        blocker.execute("LOCK TABLE notifications_notification IN ACCESS EXCLUSIVE MODE")
        token = request_id.bind("kiem-thu-tien-trinh-0001")  # as if a request queued it
        try:
            result = notification_tasks.deliver.apply_async(args=[[row.pk]])
        finally:
            request_id.reset(token)

        def stuck() -> bool:  # asked on another connection: the blocker's view is a snapshot
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE '%%notifications_notification%%'"
                )
                return bool(cursor.fetchone()[0])

        wait_for(stuck, 30, "the task blocked on the outbox")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        blocker.rollback()
    assert sms_lines(tmp_path) == []

    second = worker()
    wait_for(lambda: len(sms_lines(tmp_path)) > 0, 60, "the SMS sent by the new worker")
    time.sleep(2)
    assert len(sms_lines(tmp_path)) == 1  # its effect, once
    row.refresh_from_db()
    assert (row.status, row.attempts, row.claimed_by) == (Status.SENT, 1, "")
    log = second.log.read_text(errors="replace")  # type: ignore[attr-defined]
    assert f"notifications.deliver[{result.id}]" in log  # the same task, run again
    # … under the id of the request that queued it (core.request_id, carried in a header)
    assert f"[kiem-thu-tien-trinh-0001] Task notifications.deliver[{result.id}] succeeded" in log
