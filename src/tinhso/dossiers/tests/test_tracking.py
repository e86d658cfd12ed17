"""Public tracking asks for something only the applicant has (issue 11, finding 7)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tinhso.dossiers import paperwork, tracking

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def look(code: str, proof: str | None = None, address: str = "198.51.100.7"):
    query = {"ma": code} if proof is None else {"ma": code, "k": proof}
    return Client(REMOTE_ADDR=address).get(reverse("dossiers:track"), query)


def page(response) -> str:
    return CSRF.sub("", response.content.decode())


def unknown_like(code: str) -> str:
    """A code of the same shape that does not exist."""
    head, _, seq = code.rpartition("-")
    return f"{head}-{(int(seq) + 5000) % 10000:04d}"


def test_a_code_alone_shows_nothing_a_wrong_code_would_not(received):
    real = look(received.code)
    wrong = look(unknown_like(received.code))
    assert real.status_code == wrong.status_code == 200
    assert page(real).replace(received.code, "X") == page(wrong).replace(
        unknown_like(received.code), "X"
    )
    body = page(real)
    assert "mã xác minh" in body
    for shown in ("Đang xử lý", "N*** T*** Á***", received.procedure_version.name, "Người nộp"):
        assert shown not in body


def test_a_wrong_proof_answers_like_a_wrong_code(received):
    wrong_proof = look(received.code, "1111")
    wrong_code = look(unknown_like(received.code), "1111")
    assert wrong_proof.status_code == wrong_code.status_code == 404
    assert page(wrong_proof).replace(received.code, "X") == page(wrong_code).replace(
        unknown_like(received.code), "X"
    )
    assert "Đang xử lý" not in page(wrong_proof)


@pytest.mark.parametrize("proof", ["5678", "1234", "KEY", "key"])
def test_the_applicant_sees_the_progress_with_a_proof(received, proof):
    # Last 4 of the phone 0912345678, of the CCCD 072190001234, or the receipt's key.
    if proof.lower() == "key":
        key = tracking.tracking_key(received.code)
        proof = key if proof == "KEY" else key.lower()
    response = look(received.code.lower(), proof)
    body = page(response)
    assert response.status_code == 200
    assert "Đang xử lý" in body and "N*** T*** Á***" in body
    assert "Các bước đã thực hiện" in body
    assert "Nguyễn Thị Ánh" not in body and "0912345678" not in body


def test_the_receipt_qr_link_carries_the_key_and_opens_the_progress(received, settings):
    url = tracking.tracking_url(received)
    query = parse_qs(urlsplit(url).query)
    assert query["ma"] == [received.code]
    assert query["k"] == [tracking.tracking_key(received.code)]
    assert len(query["k"][0]) == tracking.KEY_LENGTH
    assert look(query["ma"][0], query["k"][0]).status_code == 200
    # Another dossier's key does not open this one.
    assert (
        look(received.code, tracking.tracking_key(unknown_like(received.code))).status_code == 404
    )


def test_the_receipt_prints_the_key(received, monkeypatch):
    seen = {}
    monkeypatch.setattr(
        paperwork.render, "receipt_pdf", lambda data: seen.setdefault("data", data) and b""
    )
    paperwork.receipt(received)
    data = seen["data"]
    assert data.tracking_key == tracking.tracking_key(received.code)
    assert f"k={data.tracking_key}" in data.tracking_url


def test_tracking_is_rate_limited_per_address(received, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "tracking": "3/600"}
    statuses = [look(f"000.00.12.H53-261123-{n:04d}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = look(received.code, "5678")
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 600
    assert "quá nhiều lần" in refused.content.decode()
    assert look(received.code, "5678", address="203.0.113.9").status_code == 200


def test_four_digit_guesses_are_limited_per_code_from_any_address(received, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "tracking_proof": "3/3600"}
    for n in range(3):
        look(received.code, f"{n:04d}", address=f"203.0.113.{n}")
    assert look(received.code, "5678", address="203.0.113.50").status_code == 429
    # The receipt's key still works for the applicant.
    key = tracking.tracking_key(received.code)
    assert look(received.code, key, address="203.0.113.51").status_code == 200


def test_the_page_works_without_javascript(received):
    body = look(received.code).content.decode()
    assert '<form method="get"' in body and 'for="ma"' in body and 'for="k"' in body
    assert "<script>" not in body and " onclick=" not in body
