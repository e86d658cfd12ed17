"""Citizens and businesses opening their own accounts at /dang-ky/."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tinhso.accounts import services
from tinhso.accounts.constants import CONSENT_VERSION, AccountKind
from tinhso.accounts.models import User
from tinhso.accounts.tests.conftest import GOOD
from tinhso.audit.models import AuditEvent

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
        "consent": "on",
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
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_citizen_signs_up_and_is_signed_in(client):
    response = client.post(reverse("accounts:signup"), citizen_form())
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    user = User.objects.get(cccd="072190001234")
    assert user.kind == AccountKind.CITIZEN
    assert user.full_name == "Nguyễn Thị Ánh"
    assert user.date_of_birth == date(1990, 1, 15)
    assert user.phone == "0912345678"
    assert user.check_password(GOOD)
    assert user.data_consent_at is not None and user.data_consent_version == CONSENT_VERSION
    assert user.username.startswith("cd.") and "072190001234" not in user.username
    event = AuditEvent.objects.get(action="accounts.user.create")
    assert event.actor == user and "tự đăng ký" in event.summary
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Đã tạo tài khoản" in page and "15/01/1990" in page and "072*******34" in page


def test_a_business_signs_up_with_a_phone_only(client):
    response = client.post(reverse("accounts:signup_business"), business_form())
    assert response.status_code == 302
    user = User.objects.get(tax_code="0100109106")
    assert user.kind == AccountKind.BUSINESS
    assert user.organisation_name == "Công ty TNHH Minh Họa"
    assert user.phone == "0987654321" and user.email == ""
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Công ty TNHH Minh Họa" in page and "0100109106" in page


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
        ({"consent": None}, "consent", "đồng ý với việc xử lý dữ liệu cá nhân"),
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


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({}, "cccd", "Số CCCD/định danh cá nhân này đã có tài khoản"),
        ({"cccd": "072185004321", "date_of_birth": "15/01/1985"}, "email", "Thư điện tử này đã"),
        (
            {"cccd": "072185004321", "date_of_birth": "15/01/1985", "email": "b@example.vn"},
            "phone",
            "Số điện thoại này đã",
        ),
    ],
)
def test_duplicates_are_refused_with_a_clear_message(client, existing, overrides, field, message):
    response = client.post(reverse("accounts:signup"), citizen_form(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == 1


def test_the_service_refuses_duplicates_too(existing):
    """Not only the form: a second way in (a script, a race) meets the same rule."""
    with pytest.raises(ValidationError) as exc:
        services.citizen_sign_up(
            full_name="Người Khác",
            cccd="072185004321",
            date_of_birth=date(1985, 1, 1),
            password=GOOD,
            phone="0912.345.678",
            consent=True,
        )
    assert "Số điện thoại này đã" in exc.value.message_dict["phone"][0]


def test_a_duplicate_tax_code_is_refused(client):
    client.post(reverse("accounts:signup_business"), business_form())
    client.logout()
    again = client.post(
        reverse("accounts:signup_business"),
        business_form(phone="0911111111", tax_code="0100109106"),
    )
    assert again.status_code == 400
    assert "Mã số thuế này đã có tài khoản" in again.content.decode()
    wrong = client.post(reverse("accounts:signup_business"), business_form(tax_code="0100109107"))
    assert "chữ số kiểm tra" in wrong.content.decode()


def test_the_sign_up_page_works_without_javascript(client):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert '<form method="post"' in page
    assert 'for="id_cccd"' in page and 'for="id_consent"' in page
    assert "Nghị định 356/2025/NĐ-CP" in page
    assert reverse("accounts:signup_business") in page
