"""Signing in with a username, an e-mail address or a phone number."""

import pytest
from django.urls import reverse

from tinhso.accounts import services
from tinhso.accounts.constants import SignInMethod
from tinhso.accounts.models import SignInAttempt
from tinhso.accounts.tests.conftest import GOOD

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    ("typed", "how"),
    [
        ("cd.abc12345", "tên đăng nhập"),
        ("ANH@example.vn", "thư điện tử"),
        ("0912 345 678", "số điện thoại"),
        ("+84912345678", "số điện thoại"),
        ("84912345678", "số điện thoại"),
    ],
)
def test_sign_in_by_username_email_or_phone(client, citizen, typed, how):
    response = client.post(reverse("accounts:login"), {"username": typed, "password": GOOD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)
    page = client.get(reverse("accounts:home")).content.decode()
    assert f"Bạn đang đăng nhập bằng {how} và mật khẩu" in page
    attempt = SignInAttempt.objects.get()
    assert attempt.username == "cd.abc12345" and attempt.succeeded
    assert attempt.method == SignInMethod.PASSWORD


def test_a_wrong_password_by_phone_is_refused(client, citizen):
    response = client.post(
        reverse("accounts:login"), {"username": "0912345678", "password": "sai-mat-khau"}
    )
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_guesses_count_against_the_account_whatever_name_is_typed(client, citizen):
    url = reverse("accounts:login")
    for typed in ["cd.abc12345", "anh@example.vn", "0912345678", "+84912345678", "cd.abc12345"]:
        client.post(url, {"username": typed, "password": "đoán-sai"})
    response = client.post(url, {"username": "anh@example.vn", "password": GOOD})
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_email_shared_by_two_accounts_signs_in_neither(client, citizen):
    other = services.staff_create(
        username="canbo", full_name="Cán Bộ", password=GOOD, email="chung@example.vn"
    )
    services.staff_create(
        username="canbo2", full_name="Cán Bộ Hai", password=GOOD, email="chung@example.vn"
    )
    response = client.post(
        reverse("accounts:login"), {"username": "chung@example.vn", "password": GOOD}
    )
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    client.post(reverse("accounts:login"), {"username": "canbo", "password": GOOD})
    assert client.session["_auth_user_id"] == str(other.pk)


def test_the_sign_in_page_offers_sign_up_reset_and_vneid(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:signup") in page
    assert reverse("accounts:password_reset") in page
    assert "Đăng nhập bằng VNeID" in page and reverse("accounts:vneid_start") in page


def test_the_account_page_is_only_for_its_owner(client, citizen):
    assert client.get(reverse("accounts:home")).status_code == 302
    stranger = services.citizen_create(
        username="nguoikhac", full_name="Lý Văn Tám", cccd="072185004321", password=GOOD
    )
    client.force_login(stranger)
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Lý Văn Tám" in page
    assert "072190001234" not in page and "Nguyễn Thị Ánh" not in page
