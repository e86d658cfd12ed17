"""Citizens and businesses opening their own accounts at /dang-ky/."""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts import services, vneid
from tinhso.accounts.constants import CONSENT_VERSION, AccountKind
from tinhso.accounts.models import User
from tinhso.accounts.tests.conftest import GOOD
from tinhso.audit.models import AuditEvent
from tinhso.notifications.models import Notification

pytestmark = pytest.mark.django_db


def citizen_form(**overrides):
    data = {
        "full_name": "Nguyễn  Thị Ánh",
        "cccd": "072 190 001 234",
        "date_of_birth": "15/01/1990",
        "email": "anh@example.vn",
        "phone": "0912 345 678",
        "password1": GOOD,
        "password2": GOOD,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def business_form(**overrides):
    data = {
        "organisation_name": "Công ty TNHH Minh Họa",
        "tax_code": "0100109106",
        "full_name": "Trương Văn Nghiệp",
        "email": "",
        "phone": "+84987654321",
        "password1": GOOD,
        "password2": GOOD,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def link_in(body: str) -> str:
    return re.search(r"http\S+/dang-ky/xac-nhan/\S+/", body).group(0)


def test_a_citizen_signs_up_confirms_by_email_and_signs_in(client):
    response = client.post(reverse("accounts:signup"), citizen_form())
    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get(cccd="072190001234")
    assert not user.is_active and "_auth_user_id" not in client.session
    assert user.kind == AccountKind.CITIZEN
    assert user.full_name == "Nguyễn Thị Ánh"
    assert user.date_of_birth == date(1990, 1, 15)
    assert user.phone == "0912345678"
    assert user.check_password(GOOD)
    assert user.data_consent_at is not None and user.data_consent_version == CONSENT_VERSION
    assert user.username.startswith("cd.") and "072190001234" not in user.username
    event = AuditEvent.objects.get(action="accounts.user.create")
    assert event.actor == user and "tự đăng ký" in event.summary
    sent = client.get(response["Location"]).content.decode()
    assert "a***@example.vn" in sent and "091*****78" in sent
    mail = Notification.objects.get(channel="email", recipient="anh@example.vn")
    confirm = client.get(urlsplit(link_in(mail.body)).path)
    assert confirm.status_code == 302 and confirm["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.is_active
    again = client.get(urlsplit(link_in(mail.body)).path)
    assert again.status_code == 400  # used once
    client.post(reverse("accounts:login"), {"username": "0912345678", "password": GOOD})
    page = client.get(reverse("accounts:home")).content.decode()
    assert "15/01/1990" in page and "072*******34" in page


def test_a_business_signs_up_with_a_phone_only_and_confirms_by_sms(client):
    response = client.post(reverse("accounts:signup_business"), business_form())
    assert response.status_code == 302
    user = User.objects.get(tax_code="0100109106")
    assert user.kind == AccountKind.BUSINESS and not user.is_active
    assert user.organisation_name == "Công ty TNHH Minh Họa"
    assert user.phone == "0987654321" and user.email == ""
    sms = Notification.objects.get(channel="sms", recipient__endswith="987654321")
    assert len(sms.body) <= 160  # one SMS, the link whole
    client.get(urlsplit(link_in(sms.body)).path)
    client.post(reverse("accounts:login"), {"username": "0987654321", "password": GOOD})
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Công ty TNHH Minh Họa" in page and "0100109106" in page


def test_a_forged_or_expired_link_activates_nothing(client):
    client.post(reverse("accounts:signup"), citizen_form())
    user = User.objects.get(cccd="072190001234")
    forged = f"/dang-ky/xac-nhan/{user.pk}-t5abc1-0123456789abcdef/"
    assert client.get(forged).status_code == 400
    mail = Notification.objects.get(channel="email")
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        assert client.get(urlsplit(link_in(mail.body)).path).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"cccd": "12345"}, "cccd", "đúng 12 chữ số"),
        ({"cccd": "999190001234"}, "cccd", "mã tỉnh"),
        ({"date_of_birth": "1990-01-15"}, "date_of_birth", "ngày/tháng/năm"),
        ({"date_of_birth": "15/01/1991"}, "date_of_birth", "không khớp với số CCCD"),
        ({"email": "", "phone": ""}, "email", "ít nhất thư điện tử hoặc số điện thoại"),
        ({"email": "khong-phai-thu"}, "email", "không hợp lệ"),
        ({"phone": "0212345678"}, "phone", "không hợp lệ"),
        ({"password1": "ngan", "password2": "ngan"}, "password1", "quá ngắn"),
        (
            {"password1": "chuthuongdaivoiso123!", "password2": "chuthuongdaivoiso123!"},
            "password1",
            "chữ hoa",
        ),
        ({"password2": GOOD + "x"}, "password2", "không khớp"),
        ({"full_name": ""}, "full_name", ""),
    ],
)
def test_citizen_sign_up_refusals(client, overrides, field, message):
    response = client.post(reverse("accounts:signup"), citizen_form(**overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    # The message is tied to its field, and what was typed is still there.
    assert f'aria-describedby="id_{field}_error"' in html or f"id_{field}_error" in html
    assert 'value="Nguyễn  Thị Ánh"' in html or field == "full_name"
    assert not User.objects.exists()


@pytest.fixture
def existing(db):
    return services.citizen_create(
        username="congdan",
        full_name="Nguyễn Thị Ánh",
        cccd="072190001234",
        password=GOOD,
        phone="+84912345678",
        email="Anh@Example.vn",
    )


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def look_alike(phone: str) -> str:
    """Another number that masks the same: 0912 345 678 → 0919999978 (091*****78)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[:3] + "9" * (len(digits) - 5) + digits[-2:]


def answer(form: dict, url: str = "signup") -> tuple[int, str, str]:
    """What a stranger sees: status, where it leads, and that page (without its CSRF token)."""
    client = Client()
    response = client.post(reverse(f"accounts:{url}"), form)
    page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
    return response.status_code, response.get("Location", ""), CSRF.sub("", page)


@pytest.mark.parametrize(
    "overrides",
    [
        {},  # the same CCCD, e-mail and phone
        {"email": "moi@example.vn", "phone": "0987000111"},  # the same CCCD only
        {"cccd": "072185004321", "date_of_birth": "15/01/1985", "phone": "0987000111"},  # e-mail
        {"cccd": "072185004321", "date_of_birth": "15/01/1985", "email": "moi@example.vn"},
    ],
)
def test_sign_up_answers_the_same_whether_the_data_has_an_account_or_not(existing, overrides):
    typed = citizen_form(**overrides)
    duplicate = answer(typed)
    assert User.objects.count() == 1  # nothing was made
    # The same form with a CCCD and contacts no account holds, shown with the same masks.
    fresh = answer(
        {
            **typed,
            "cccd": "072196001111",
            "date_of_birth": "01/01/1996",
            "email": typed["email"][0] + "xx" + typed["email"][3:],
            "phone": look_alike(typed["phone"]),
        }
    )
    assert User.objects.count() == 2
    assert duplicate[0] == fresh[0] == 302
    assert duplicate == fresh
    assert "đã có tài khoản" not in duplicate[2]


def test_the_owner_is_told_when_someone_signs_up_with_their_data(existing):
    answer(citizen_form(email="moi@example.vn", phone="0987000111"))
    told = Notification.objects.filter(user=existing)
    assert {n.channel for n in told} == {"email", "sms"}
    mail = told.get(channel="email")
    assert mail.recipient == "Anh@Example.vn"
    assert "đăng ký tài khoản mới" in mail.body and "/quen-mat-khau/" in mail.body
    # The contacts typed are told, separately, that no account was made.
    stranger = Notification.objects.get(channel="email", recipient="moi@example.vn")
    assert "Chưa tạo được tài khoản" in stranger.body and stranger.user is None
    assert AuditEvent.objects.filter(action="accounts.signup.duplicate").count() == 1


def test_a_format_error_still_shows_next_to_its_field_and_keeps_what_was_typed(existing):
    response = Client().post(reverse("accounts:signup"), citizen_form(cccd="999190001234"))
    assert response.status_code == 400
    assert "cccd" in response.context["form"].errors
    assert 'value="Nguyễn  Thị Ánh"' in response.content.decode()


def test_sign_up_is_rate_limited_per_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "2/3600"}
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(2):
        client.post(reverse("accounts:signup"), citizen_form(full_name=f"Người {n}"))
    refused = client.post(reverse("accounts:signup"), citizen_form())
    assert refused.status_code == 429
    assert "quá nhiều lượt đăng ký" in refused.content.decode()
    assert Client(REMOTE_ADDR="198.51.100.7").get(reverse("accounts:signup")).status_code == 200


def test_the_service_refuses_duplicates_too(existing):
    """Not only the form: a second way in (a script, a race) meets the same rule."""
    with pytest.raises(ValidationError) as exc:
        services.citizen_sign_up(
            full_name="Người Khác",
            cccd="072185004321",
            date_of_birth=date(1985, 1, 1),
            password=GOOD,
            phone="0912.345.678",
        )
    assert "Số điện thoại này đã" in exc.value.message_dict["phone"][0]


def test_a_duplicate_tax_code_is_answered_like_a_new_one(client):
    client.post(reverse("accounts:signup_business"), business_form())
    again = client.post(
        reverse("accounts:signup_business"),
        business_form(phone="0911111111", tax_code="0100109106"),
    )
    assert again.status_code == 302 and again["Location"] == reverse("accounts:signup_sent")
    assert User.objects.count() == 1
    wrong = client.post(reverse("accounts:signup_business"), business_form(tax_code="0100109107"))
    assert "chữ số kiểm tra" in wrong.content.decode()


def test_the_sign_up_page_works_without_javascript(client):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert '<form method="post"' in page
    assert 'for="id_cccd"' in page and 'for="id_consent_news"' in page
    assert "Nghị định 356/2025/NĐ-CP" in page
    assert reverse("accounts:signup_business") in page


def test_an_unconfirmed_sign_up_gives_way_after_three_days(client):
    """Someone signs up with another person's CCCD and never confirms: after the link's
    lifetime the real holder can sign up."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("accounts:signup"), citizen_form(email="ke.mao@example.vn"))
    squat = User.objects.get(cccd="072190001234")
    with time_machine.travel(start + timedelta(days=3, hours=1), tick=False):
        response = Client().post(
            reverse("accounts:signup"), citizen_form(email="that@example.vn", phone="0987000222")
        )
    assert response.status_code == 302
    fresh = User.objects.get(cccd="072190001234")
    assert fresh.pk != squat.pk and fresh.email == "that@example.vn"
    assert AuditEvent.objects.filter(action="accounts.signup.discard").exists()


def test_vneid_takes_a_number_held_by_an_unconfirmed_sign_up():
    Client().post(reverse("accounts:signup"), citizen_form())
    squat = User.objects.get(cccd="072190001234")
    person = vneid.VneidPerson(
        subject="sub-1", cccd="072190001234", full_name="Lê Thị Thật", date_of_birth=None
    )
    user = vneid.vneid_account(person)
    assert user.pk != squat.pk and user.is_active and user.full_name == "Lê Thị Thật"
    assert not User.objects.filter(pk=squat.pk).exists()


def test_a_confirmation_link_does_not_reopen_an_account_an_administrator_closed(client):
    client.post(reverse("accounts:signup"), citizen_form())
    mail = Notification.objects.get(channel="email")
    client.get(urlsplit(link_in(mail.body)).path)
    user = User.objects.get(cccd="072190001234")
    user.is_active = False  # closed by an administrator before its first sign-in
    user.save()
    assert client.get(urlsplit(link_in(mail.body)).path).status_code == 400
    user.refresh_from_db()
    assert not user.is_active
