"""HTTP 429 with a Vietnamese message on password reset and the VNeID callback (issue 11,
finding 7 / must-have 6); sign-up and tracking have theirs in test_signup and test_tracking."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "password_reset": "2/3600",
        "vneid_callback": "2/600",
    }


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("accounts:password_reset", {"email": "ai@example.vn"}),
        ("accounts:phone_reset", {"phone": "0912345678"}),
    ],
)
def test_password_reset_requests_are_limited(tight, sms_outbox, url, data):
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.post(reverse(url), data).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    refused = client.post(reverse(url), data)
    body = refused.content.decode()
    assert "quá nhiều yêu cầu lấy lại mật khẩu" in body and "Vui lòng thử lại sau" in body
    assert int(refused["Retry-After"]) <= 3600
    # Another address is not affected; reading the page is never limited.
    assert Client(REMOTE_ADDR="198.51.100.7").post(reverse(url), data).status_code == 302
    assert client.get(reverse(url)).status_code == 200


def test_guessing_sms_codes_is_limited_too(tight):
    client = Client(REMOTE_ADDR="203.0.113.9")
    session = client.session
    session["accounts.phone_reset"] = {"id": 0, "phone": "091*****78"}
    session.save()
    data = {"code": "123456", "new_password1": "x", "new_password2": "x"}
    url = reverse("accounts:phone_reset_code")
    statuses = [client.post(url, data).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_the_vneid_callback_is_limited(tight):
    client = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("accounts:vneid_callback")
    statuses = [client.get(url, {"state": "x", "code": "y"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    refused = client.get(url, {"state": "x", "code": "y"})
    assert "quá nhiều lượt đăng nhập bằng VNeID" in refused.content.decode()
