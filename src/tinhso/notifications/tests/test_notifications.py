import json
import smtplib
import socket
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tinhso.notifications import selectors, services
from tinhso.notifications.constants import Channel, Status
from tinhso.notifications.models import Notification
from tinhso.notifications.sms import (
    HttpSmsGateway,
    InvalidPhone,
    LocalOutboxGateway,
    SmsError,
    fold_vietnamese,
    gateway,
    normalise_phone,
    sms_text,
)

CODE = "000.00.12.H53-250701-0001"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "local"
    settings.SMS_OUTBOX = tmp_path / "var" / "sms.jsonl"
    return settings.SMS_OUTBOX


def sms_lines(path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def send(**overrides):
    values = {
        "reference": CODE,
        "subject": "[Tỉnh Số] Hồ sơ đã được tiếp nhận",
        "body": "Hồ sơ đã được tiếp nhận. Hẹn trả kết quả ngày 03/07/2025.",
        "email": "nguyen.van.a@example.vn",
        "phone": "0912 345 678",
    }
    values.update(overrides)
    return services.notify(**values)


class FailingSmtp(locmem.EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Máy chủ thư ngắt kết nối")


# --- notify and delivery ---------------------------------------------------------------------


@pytest.mark.django_db
def test_notify_sends_email_and_sms_after_commit(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = send()
        assert mail.outbox == []
        assert sms_lines(outbox) == []
    assert len(callbacks) == 1

    email, sms = rows
    assert [m.to for m in mail.outbox] == [["nguyen.van.a@example.vn"]]
    message = mail.outbox[0]
    assert message.subject == "[Tỉnh Số] Hồ sơ đã được tiếp nhận"
    assert "Hẹn trả kết quả ngày 03/07/2025." in message.body
    assert message.from_email == "Tỉnh Số <no-reply@tinhso.local>"

    (line,) = sms_lines(outbox)
    assert line["phone"] == "84912345678"
    assert line["text"] == "Ho so da duoc tiep nhan. Hen tra ket qua ngay 03/07/2025."
    assert datetime.fromisoformat(line["at"]).tzinfo is not None

    email.refresh_from_db()
    sms.refresh_from_db()
    assert (email.channel, email.status, email.attempts) == (Channel.EMAIL, Status.SENT, 1)
    assert (sms.channel, sms.status, sms.attempts) == (Channel.SMS, Status.SENT, 1)
    assert sms.recipient == "84912345678"
    assert sms.provider_message_id == line["id"]
    assert email.sent_at is not None and email.next_attempt_at is None


@pytest.mark.django_db
def test_rolled_back_transaction_sends_nothing_and_leaves_no_rows(
    outbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send()
        assert Notification.objects.count() == 2
        raise RuntimeError("the dossier change failed")
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []
    assert sms_lines(outbox) == []


@pytest.mark.django_db
def test_blank_address_skips_its_channel(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = send(email="", phone="+84 912.345.678")
    assert row.channel == Channel.SMS
    assert mail.outbox == []
    assert len(sms_lines(outbox)) == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert send(email=" ", phone="") == []
    assert callbacks == []


@pytest.mark.django_db
def test_failing_smtp_marks_row_failed_without_raising_then_retry_sends_it(
    outbox, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingSmtp"
    with django_capture_on_commit_callbacks(execute=True):
        email, sms = send()

    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error
    delay = email.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < delay <= timedelta(minutes=1)
    sms.refresh_from_db()
    assert sms.status == Status.SENT  # one channel failing does not stop the other

    # Not yet due: nothing happens.
    assert services.retry_due() == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.retry_due(now=timezone.now() + timedelta(minutes=2)) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Status.SENT, 2, "")
    assert len(mail.outbox) == 1
    assert services.retry_due(now=timezone.now() + timedelta(days=1)) == 0


@pytest.mark.django_db
def test_backoff_is_1_5_30_120_minutes_then_gives_up(outbox, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingSmtp"
    (row,) = send(phone="")  # outside capture: on_commit never runs, retry_due sends
    now = timezone.now()
    delays = []
    for _ in range(6):
        now += timedelta(days=1)
        assert services.retry_due(now=now) == 0
        row.refresh_from_db()
        if row.next_attempt_at:
            delays.append(round((row.next_attempt_at - timezone.now()).total_seconds() / 60))
    assert delays == [1, 5, 30, 120, 120]
    assert (row.status, row.attempts, row.next_attempt_at) == (Status.FAILED, 6, None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.retry_due(now=now + timedelta(days=30)) == 0


@pytest.mark.django_db
def test_sms_gateway_error_is_recorded_not_raised(
    outbox, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, phone, text):
        raise SmsError("hết hạn mức")

    monkeypatch.setattr(LocalOutboxGateway, "send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = send(email="")
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.last_error == "SmsError: hết hạn mức"


@pytest.mark.django_db
def test_unexpected_error_in_delivery_is_recorded_not_raised(
    outbox, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "carrier-pigeon"
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = send(email="")
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert "ImproperlyConfigured" in row.last_error


@pytest.mark.django_db
def test_invalid_addresses_give_failed_rows_not_exceptions(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email, sms = send(email="không phải địa chỉ", phone="024 3825 1234")
    assert callbacks == []
    assert (email.status, sms.status) == (Status.FAILED, Status.FAILED)
    assert "không hợp lệ" in email.last_error and "không hợp lệ" in sms.last_error
    assert sms.next_attempt_at is None
    assert services.retry_due(now=timezone.now() + timedelta(days=1)) == 0


@pytest.mark.django_db
def test_notify_is_idempotent_on_event_key(outbox, django_capture_on_commit_callbacks):
    key = f"{CODE}:2:receive"
    with django_capture_on_commit_callbacks(execute=True):
        first = send(event_key=key)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = send(event_key=key, email="other@example.vn")
    assert callbacks == []
    assert [r.pk for r in second] == [r.pk for r in first]
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 1
    assert len(sms_lines(outbox)) == 1

    # Without a key, or with another, the message is sent again.
    with django_capture_on_commit_callbacks(execute=True):
        send()
        send(event_key=f"{CODE}:3:approve")
    assert Notification.objects.count() == 6
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_stranded_pending_row_is_picked_up_by_retry(outbox):
    (row,) = send(phone="")  # the after-commit hook never ran (process died)
    assert services.retry_due() == 0
    assert services.retry_due(now=timezone.now() + services.PENDING_GRACE) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_retry_command_prints_count(outbox, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.FailingSmtp"
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = send(phone="")
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("notifications_retry", stdout=out)
    assert out.getvalue().strip() == "Đã gửi lại 1 thông báo."


@pytest.mark.django_db
def test_for_reference_and_user(outbox, django_user_model):
    user = django_user_model.objects.create_user("dan", full_name="Nguyễn Văn A", kind="staff")
    send(user=user)
    send(reference="OTHER", phone="")
    rows = selectors.for_reference(CODE)
    assert {r.channel for r in rows} == {Channel.EMAIL, Channel.SMS}
    assert all(r.user == user for r in rows)
    assert user.notifications.count() == 2


# --- admin -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_lists_read_only_and_resends(outbox, settings, client, django_user_model):
    from tinhso.audit.models import AuditEvent

    admin_user = django_user_model.objects.create_superuser("qt", "x", full_name="Quản Trị")
    client.force_login(admin_user)
    settings.EMAIL_BACKEND = f"{__name__}.FailingSmtp"
    (row,) = send(phone="")
    services.deliver(row)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    url = "/quan-tri/notifications/notification/"
    page = client.get(url, {"q": CODE, "status__exact": "failed", "channel__exact": "email"})
    assert page.status_code == 200
    assert "nguyen.van.a@example.vn" in page.content.decode()
    assert client.get(url + "add/").status_code == 403

    response = client.post(url, {"action": "resend", "_selected_action": [row.pk]}, follow=True)
    assert response.status_code == 200
    assert "Đã gửi lại 1 thông báo." in response.content.decode()
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert AuditEvent.objects.filter(action="notifications.resend").count() == 1


# --- SMS text and phone numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "84912345678"),
        ("0912 345 678", "84912345678"),
        ("091.234.5678", "84912345678"),
        ("+84 912-345-678", "84912345678"),
        ("84912345678", "84912345678"),
        ("0084912345678", "84912345678"),
        ("(+84) 388 123 456", "84388123456"),
    ],
)
def test_phone_normalised_to_84(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "012345678", "02438251234", "0912", "09123456789", "abc"])
def test_not_a_mobile_number(raw):
    with pytest.raises(InvalidPhone):
        normalise_phone(raw)


def test_diacritics_folded_to_ascii():
    assert sms_text("Hồ sơ đã được tiếp nhận") == "Ho so da duoc tiep nhan"
    assert fold_vietnamese("ĐĂNG KÝ KHAI SINH – Ủy ban “xã”") == 'DANG KY KHAI SINH - Uy ban "xa"'
    assert fold_vietnamese("ắằẳẵặ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ") == (
        "aaaaa eeeee ooooo ooooo uuuuu yyyyy"
    )
    assert sms_text("Dòng 1\n  Dòng 2").isascii()


def test_sms_text_cut_at_160_keeping_a_trailing_link():
    long = "Hồ sơ cần bổ sung: " + "giấy tờ " * 40
    assert len(sms_text(long)) == 160
    assert sms_text(long).endswith("...")
    link = "https://tinhso.example.vn/ho-so/tra-cuu/?ma=" + CODE
    text = sms_text(long + "\nTra cứu: " + link)
    assert len(text) <= 160
    assert text.endswith("... " + link)


# --- gateways --------------------------------------------------------------------------------


def test_local_outbox_creates_directory_and_appends(tmp_path):
    path = tmp_path / "a" / "b" / "sms.jsonl"
    box = LocalOutboxGateway(path)
    first = box.send("84912345678", "Xin chao")
    second = box.send("84388123456", "Lan hai")
    lines = sms_lines(path)
    assert [line["id"] for line in lines] == [first, second]
    assert lines[1] == {**lines[1], "phone": "84388123456", "text": "Lan hai"}


def test_gateway_follows_settings(settings):
    settings.SMS_BACKEND = "local"
    assert isinstance(gateway(), LocalOutboxGateway)
    settings.SMS_BACKEND = "http"
    settings.SMS_URL = "https://sms.example.vn/api/send"
    settings.SMS_BRANDNAME = "TINHSO"
    settings.SMS_API_KEY = "k"
    assert isinstance(gateway(), HttpSmsGateway)
    settings.SMS_BACKEND = "smoke-signals"
    with pytest.raises(ImproperlyConfigured, match="smoke-signals"):
        gateway()


@pytest.fixture
def sms_server():
    """A provider on 127.0.0.1: records requests; `reply` sets the status and JSON answer."""
    state = {"requests": [], "reply": (200, {"code": "00", "message_id": "MSG-1"})}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            state["requests"].append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "json": json.loads(self.rfile.read(length)),
                }
            )
            status, answer = state["reply"]
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/api/sms"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def http_gateway(url):
    return HttpSmsGateway(url=url, brandname="TINHSO", api_key="bi-mat", timeout=5)


def test_http_gateway_posts_json(sms_server):
    message_id = http_gateway(sms_server["url"]).send("84912345678", "Ho so da duoc tiep nhan")
    assert message_id == "MSG-1"
    (request,) = sms_server["requests"]
    assert request["path"] == "/api/sms"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["Authorization"] == "Bearer bi-mat"
    body = request["json"]
    assert set(body) == {"brandname", "phone", "message", "request_id"}
    assert body["brandname"] == "TINHSO"
    assert body["phone"] == "84912345678"
    assert body["message"] == "Ho so da duoc tiep nhan"
    assert len(body["request_id"]) == 36


def test_http_gateway_500_raises(sms_server):
    sms_server["reply"] = (500, {"error": "internal"})
    with pytest.raises(SmsError, match="HTTP 500"):
        http_gateway(sms_server["url"]).send("84912345678", "x")


def test_http_gateway_error_code_in_body_raises(sms_server):
    sms_server["reply"] = (200, {"code": "104", "message": "Brandname chua dang ky"})
    with pytest.raises(SmsError, match="104"):
        http_gateway(sms_server["url"]).send("84912345678", "x")


def test_http_gateway_unreachable_raises():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SmsError, match="Không kết nối"):
        http_gateway(f"http://127.0.0.1:{port}/").send("84912345678", "x")


@pytest.mark.django_db
def test_notify_through_http_gateway(
    sms_server, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "http"
    settings.SMS_URL = sms_server["url"]
    settings.SMS_BRANDNAME = "TINHSO"
    settings.SMS_API_KEY = "bi-mat"
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = send(email="")
    row.refresh_from_db()
    assert (row.status, row.provider_message_id) == (Status.SENT, "MSG-1")
    assert sms_server["requests"][0]["json"]["phone"] == "84912345678"

    sms_server["reply"] = (500, {})
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = send(email="")
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert "HTTP 500" in row.last_error


def test_http_gateway_needs_configuration(settings):
    settings.SMS_URL = "ftp://sms.example.vn"
    with pytest.raises(ImproperlyConfigured):
        HttpSmsGateway(brandname="T")
    with pytest.raises(ImproperlyConfigured):
        HttpSmsGateway(url="https://sms.example.vn", brandname="")
