"""Helpers of tests/production/test_two_nodes.py: app nodes (gunicorn + a Celery worker) as
subprocesses, a stand-in for the national portal's status endpoint, and an e-mail backend
whose messages several processes can write side by side and the test can count."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

ROOT = Path(__file__).resolve().parents[2]
MAIL_DIR_VARIABLE = "TINHSO_TEST_MAIL_DIR"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_up(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def need_shared_services(why_postgresql: str, redis_db: int) -> None:
    """Skip (or, in CI, fail) a test of several processes unless it has what they share: a
    PostgreSQL database, Redis, and this pytest process alone (its queue on `redis_db` would
    be taken by another xdist worker's processes, against that worker's test database)."""
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(why_postgresql)
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        pytest.skip(f"runs on one pytest process only (one queue on Redis db {redis_db})")
    if not redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is required in CI (.ci/run starts redis-server)")
        pytest.skip("Redis is not running on 127.0.0.1:6379")


def database_url(db: dict[str, Any]) -> str:
    """A DATABASE_URL for another process to reach `db` (connection.settings_dict)."""
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not after {seconds} s: {what}")


def answers(port: int, path: str = "/healthz") -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except OSError:
        return False


@dataclass
class Node:
    """One app node: gunicorn on `port` and one Celery worker, both in their own session."""

    name: str
    port: int
    env: dict[str, str]
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def _start(self, what: str, command: Sequence[str]) -> subprocess.Popen[bytes]:
        log = self.logs / f"{self.name}-{what}.log"
        process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            [sys.executable, *command],
            cwd=ROOT,
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start(self) -> None:
        self._start("gunicorn", ["-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"])
        self._start(
            "worker",
            [
                "-m", "celery", "-A", "tinhso.tasks", "worker", "--pool=solo",
                "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                f"--hostname={self.name}@%h",
            ],
        )  # fmt: skip

    def log(self, what: str) -> str:
        return (self.logs / f"{self.name}-{what}.log").read_text(errors="replace")

    def ready(self) -> bool:
        for process in self.processes:
            if process.poll() is not None:
                raise AssertionError(f"{self.name}: a process ended ({process.args})")
        return answers(self.port) and "ready" in self.log("worker")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class PortalStandIn:
    """The national portal's status endpoint: answers 200 and records each body it gets."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        lock = threading.Lock()
        bodies = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with lock:
                    bodies.append(json.loads(body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/trang-thai"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class OneFilePerMessageBackend(BaseEmailBackend):
    """EMAIL_BACKEND for the nodes' workers: each message in a file of its own (a random
    name) in $TINHSO_TEST_MAIL_DIR, so messages sent by several processes are counted apart
    (Django's file backend names its files by time and object id, which two processes can
    share)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        directory = Path(os.environ[MAIL_DIR_VARIABLE])
        directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            (directory / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
