"""Sign-in throttling (issue 11, finding 6): delays per (account, address), not a lock-out."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts import services, signin
from tinhso.accounts.backends import IdentifierBackend
from tinhso.accounts.tests.conftest import GOOD

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def officer(db):
    return services.staff_create(
        username="canbo.tiepnhan", full_name="Lê Văn Cán", password=GOOD, email="can@example.vn"
    )


def sign_in(address: str, username: str, password: str, **headers: str):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return client, response


@pytest.mark.django_db
def test_a_stranger_guessing_cannot_lock_the_owner_out(officer):
    for _ in range(12):
        sign_in(ATTACKER, "canbo.tiepnhan", "đoán-sai")
    client, response = sign_in(OWNER, "canbo.tiepnhan", GOOD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


@pytest.mark.django_db
def test_after_five_failures_the_same_address_waits_and_is_told_until_when(officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(ATTACKER, "can@example.vn", "đoán-sai")
        client, response = sign_in(ATTACKER, "canbo.tiepnhan", GOOD)
        page = response.content.decode()
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        retry_at = timezone.localtime(start + timedelta(seconds=60))
        assert f"Vui lòng thử lại sau {retry_at:%H:%M} (khoảng 1 phút)" in page
        assert 'value="canbo.tiepnhan"' in page  # what was typed is kept
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client, response = sign_in(ATTACKER, "canbo.tiepnhan", GOOD)
        assert response.status_code == 302


@pytest.mark.django_db
def test_each_further_failure_doubles_the_wait_up_to_the_cap(officer, settings):
    settings.SIGNIN_DELAY_MAX = 300
    assert [signin.delay_after(n).total_seconds() for n in range(4, 11)] == [
        0,
        60,
        120,
        240,
        300,
        300,
        300,
    ]
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            sign_in(ATTACKER, "canbo.tiepnhan", "đoán-sai")
        clock.shift(61)
        sign_in(ATTACKER, "canbo.tiepnhan", "đoán-sai")  # the 6th: now 2 minutes
        clock.shift(61)
        assert sign_in(ATTACKER, "canbo.tiepnhan", GOOD)[1].status_code == 429
        clock.shift(60)
        assert sign_in(ATTACKER, "canbo.tiepnhan", GOOD)[1].status_code == 302


@pytest.mark.django_db
def test_an_unknown_name_is_throttled_exactly_like_an_account(officer):
    with time_machine.travel(timezone.now(), tick=False):
        answers = []
        for name in ("canbo.tiepnhan", "khong.co.ai"):
            for _ in range(5):
                sign_in(ATTACKER, name, "đoán-sai")
            response = sign_in(ATTACKER, name, "đoán-sai")[1]
            page = CSRF.sub("", response.content.decode()).replace(name, "NAME")
            answers.append((response.status_code, page))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


@pytest.mark.django_db
def test_one_address_is_limited_across_accounts(officer, settings):
    settings.SIGNIN_IP_FAILURES = 3
    for name in ("a1", "a2", "a3"):
        sign_in(ATTACKER, name, "đoán-sai")
    assert sign_in(ATTACKER, "canbo.tiepnhan", GOOD)[1].status_code == 429
    assert sign_in(OWNER, "canbo.tiepnhan", GOOD)[1].status_code == 302


@pytest.mark.django_db
def test_a_spoofed_forwarded_header_does_not_reset_the_count(officer):
    for n in range(5):
        sign_in(ATTACKER, "canbo.tiepnhan", "đoán-sai", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = sign_in(ATTACKER, "canbo.tiepnhan", GOOD, HTTP_X_FORWARDED_FOR="10.9.9.9")[1]
    assert response.status_code == 429


@pytest.mark.django_db
def test_behind_a_configured_proxy_each_client_counts_on_its_own(officer, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(8):
        sign_in(proxy, "canbo.tiepnhan", "đoán-sai", HTTP_X_FORWARDED_FOR=ATTACKER)
    response = sign_in(proxy, "canbo.tiepnhan", GOOD, HTTP_X_FORWARDED_FOR=OWNER)[1]
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_admin_sign_in_is_throttled_too(officer):
    officer.is_staff = True
    officer.save()
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(5):
        client.post("/quan-tri/login/", {"username": "canbo.tiepnhan", "password": "sai"})
    response = client.post("/quan-tri/login/", {"username": "canbo.tiepnhan", "password": GOOD})
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel transactions need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_get_no_more_password_checks_than_allowed(officer, monkeypatch):
    checks = []
    lock = threading.Lock()
    real = IdentifierBackend.authenticate

    def counting(self, request, username=None, password=None, **kwargs):
        with lock:
            checks.append(username)
        return real(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(IdentifierBackend, "authenticate", counting)

    def guess(n: int) -> int:
        try:
            return sign_in(ATTACKER, "canbo.tiepnhan", f"đoán-sai-{n}")[1].status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(guess, range(40)))
    assert len(checks) == 5
    assert statuses.count(429) == 35
