"""The request id (issue 17 §5): taken from the proxy, sent back, and in every JSON log line
the request writes, so one request can be followed from nginx through the app."""

import io
import json
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from pythonjsonlogger.json import JsonFormatter

from tinhso.core import request_id
from tinhso.core.logs import RequestIdFilter, logging_config
from tinhso.operations.access_log import access_record

pytestmark = pytest.mark.django_db

PROXY_ID = "5f0c1e2d3b4a59687766554433221100"


@pytest.fixture
def json_lines():
    """The JSON handler of settings.LOGGING (LOG_FORMAT=json) on django.request, into a buffer."""
    spec = dict(logging_config("json", "INFO")["formatters"]["json"])
    assert spec.pop("()") == "pythonjsonlogger.json.JsonFormatter"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**spec))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_the_proxys_id_is_sent_back(client):
    response = client.get("/dang-nhap/", HTTP_X_REQUEST_ID=PROXY_ID)
    assert response["X-Request-ID"] == PROXY_ID
    assert request_id.current() == ""  # unbound once the request is over


@pytest.mark.parametrize(
    "sent", [None, "", "short", "x" * 65, "evil\nINFO forged line", "a b c d e f"]
)
def test_a_missing_or_malformed_id_is_replaced_by_a_new_one(client, sent):
    extra = {"HTTP_X_REQUEST_ID": sent} if sent is not None else {}
    response = client.get("/dang-nhap/", **extra)
    given = response["X-Request-ID"]
    assert given != sent and len(given) == 32 and all(c in "0123456789abcdef" for c in given)


def test_each_request_gets_its_own_id(client):
    first = client.get("/dang-nhap/")["X-Request-ID"]
    assert client.get("/dang-nhap/")["X-Request-ID"] != first


def test_the_id_is_in_the_json_log_lines_of_the_request(client, json_lines):
    response = client.get("/khong-co-trang-nay/", HTTP_X_REQUEST_ID=PROXY_ID)
    assert response.status_code == 404
    lines = [line for line in json_lines() if line["logger"] == "django.request"]
    assert lines, "Django logs every 404"
    assert lines[-1]["request_id"] == PROXY_ID
    assert lines[-1]["message"] == "Not Found: /khong-co-trang-nay/"
    assert lines[-1]["level"] == "WARNING"


def test_gunicorns_access_line_carries_the_id_and_no_query_string():
    response = SimpleNamespace(
        status="200 OK",
        headers=[("Content-Type", "text/html"), ("X-Request-ID", PROXY_ID)],
        sent=512,
    )
    environ = {
        "REMOTE_ADDR": "10.0.0.2",
        "HTTP_X_FORWARDED_FOR": "203.0.113.9",
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/tra-cuu/",
        "QUERY_STRING": "ma=G22.99.1-261203-0001",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    record = access_record(response, environ, timedelta(milliseconds=12.5))
    line = json.dumps(record)
    assert record["request_id"] == PROXY_ID
    assert record["status"] == 200 and record["bytes"] == 512 and record["duration_ms"] == 12.5
    assert record["path"] == "/tra-cuu/" and record["forwarded_for"] == "203.0.113.9"
    assert "G22.99.1" not in line
