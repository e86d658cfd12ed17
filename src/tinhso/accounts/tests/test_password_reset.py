"""Getting back into an account: a link by e-mail, or a 6-digit code by SMS."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts import services
from tinhso.accounts.models import PhoneResetCode
from tinhso.accounts.tests.conftest import GOOD
from tinhso.audit.models import AuditEvent
from tinhso.notifications.models import Notification

pytestmark = pytest.mark.django_db
NEW = "Mật-khẩu-Mới-Hơn-2026!"


@pytest.fixture
def citizen(db):
    return services.citizen_create(
        username="cd.abc12345",
        full_name="Nguyễn Thị Ánh",
        cccd="072190001234",
        password=GOOD,
        phone="0912345678",
        email="anh@example.vn",
    )


def test_reset_by_email_end_to_end(client, citizen, settings):
    settings.SITE_URL = "https://dichvucong.tayninh.example"
    response = client.post(reverse("accounts:password_reset"), {"email": "ANH@example.vn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anh@example.vn"]
    assert "Đặt lại mật khẩu" in message.subject
    assert "Nguyễn Thị Ánh" in message.body
    link = re.search(r"https://dichvucong\.tayninh\.example(/dat-lai-mat-khau/\S+/)", message.body)
    assert link, message.body
    form_page = client.get(link.group(1), follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "abc", "new_password2": "abc"})
    assert "quá ngắn" in weak.content.decode()
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW)
    assert AuditEvent.objects.filter(action="accounts.password.reset", actor=citizen).exists()
    # The link works once.
    again = client.get(link.group(1), follow=True).content.decode()
    assert "không hợp lệ, đã được dùng hoặc đã hết hạn" in again
    signed_in = client.post(
        reverse("accounts:login"), {"username": "anh@example.vn", "password": NEW}
    )
    assert signed_in.status_code == 302


def test_reset_by_email_for_an_unknown_address_looks_the_same(client, citizen):
    response = client.post(reverse("accounts:password_reset"), {"email": "ai-do@example.vn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def sms_code(sms_outbox) -> str:
    return re.search(r"\b(\d{6})\b", sms_outbox()[-1]["text"]).group(1)


def test_reset_by_phone_end_to_end(client, citizen, sms_outbox):
    response = client.post(reverse("accounts:phone_reset"), {"phone": "+84 912 345 678"})
    assert response["Location"] == reverse("accounts:phone_reset_code")
    [sent] = sms_outbox()
    assert sent["phone"] == "84912345678"
    assert sent["text"].isascii() and len(sent["text"]) <= 160
    code = sms_code(sms_outbox)
    # The code is not kept readable anywhere: not in the reset table, not in notifications.
    assert code not in PhoneResetCode.objects.get().digest
    assert not Notification.objects.filter(body__contains=code).exists()
    page = client.get(reverse("accounts:phone_reset_code")).content.decode()
    assert "091*****78" in page
    done = client.post(
        reverse("accounts:phone_reset_code"),
        {"code": code, "new_password1": NEW, "new_password2": NEW},
    )
    assert done["Location"] == reverse("accounts:login")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW)
    assert AuditEvent.objects.filter(action="accounts.password.reset", actor=citizen).exists()


def test_a_phone_code_is_used_once(client, citizen, sms_outbox):
    client.post(reverse("accounts:phone_reset"), {"phone": "0912345678"})
    code = sms_code(sms_outbox)
    data = {"code": code, "new_password1": NEW, "new_password2": NEW}
    client.post(reverse("accounts:phone_reset_code"), data)
    # The same code again, from the session that asked for it.
    session = client.session
    session["accounts.phone_reset"] = {"id": PhoneResetCode.objects.get().pk, "phone": "x"}
    session.save()
    other = "Mật-khẩu-Khác-Nữa-2026!"
    again = client.post(
        reverse("accounts:phone_reset_code"),
        {"code": code, "new_password1": other, "new_password2": other},
    )
    assert "đã hết hạn hoặc đã được dùng" in again.content.decode()
    citizen.refresh_from_db()
    assert citizen.check_password(NEW)


def test_wrong_codes_are_limited(client, citizen, sms_outbox):
    client.post(reverse("accounts:phone_reset"), {"phone": "0912345678"})
    code = sms_code(sms_outbox)
    wrong = "000000" if code != "000000" else "111111"
    url = reverse("accounts:phone_reset_code")
    data = {"code": wrong, "new_password1": NEW, "new_password2": NEW}
    first = client.post(url, data).content.decode()
    assert "Mã xác nhận không đúng. Còn 4 lần thử." in first
    for _ in range(3):
        client.post(url, data)
    last = client.post(url, data).content.decode()
    assert "quá số lần cho phép" in last
    right = client.post(url, {**data, "code": code}).content.decode()
    assert "đã hết hạn hoặc đã được dùng" in right
    citizen.refresh_from_db()
    assert citizen.check_password(GOOD)


def test_a_phone_code_expires(client, citizen, sms_outbox):
    client.post(reverse("accounts:phone_reset"), {"phone": "0912345678"})
    code = sms_code(sms_outbox)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = client.post(
            reverse("accounts:phone_reset_code"),
            {"code": code, "new_password1": NEW, "new_password2": NEW},
        )
    assert "đã hết hạn" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.check_password(GOOD)


def test_codes_per_hour_are_limited_and_unknown_numbers_get_none(client, citizen, sms_outbox):
    for _ in range(4):
        response = client.post(reverse("accounts:phone_reset"), {"phone": "0912345678"})
        assert response["Location"] == reverse("accounts:phone_reset_code")
    assert len(sms_outbox()) == 3
    client.post(reverse("accounts:phone_reset"), {"phone": "0987000000"})
    assert len(sms_outbox()) == 3
    # A new code voids the earlier ones.
    assert PhoneResetCode.objects.filter(used_at__isnull=True).count() == 1


def test_a_failing_sms_provider_is_a_message(client, citizen, settings):
    settings.SMS_BACKEND = "http"
    settings.SMS_URL = "http://127.0.0.1:9/sms"
    settings.SMS_BRANDNAME = "TINHSO"
    settings.SMS_TIMEOUT = 2
    response = client.post(reverse("accounts:phone_reset"), {"phone": "0912345678"})
    assert response.status_code == 400
    assert "Chưa gửi được tin nhắn chứa mã" in response.content.decode()
    assert not PhoneResetCode.objects.exists()
