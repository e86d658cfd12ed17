import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tinhso.accounts import access, services
from tinhso.accounts.models import SignInAttempt
from tinhso.audit.models import AuditEvent
from tinhso.organisation.roles import Role

pytestmark = pytest.mark.django_db
GOOD = "Mật-khẩu-Mạnh-2026"


@pytest.fixture
def specialist(province):
    user = services.staff_create(username="cv.stp", full_name="Phạm Văn Chuyên", password=GOOD)
    services.role_grant(user=user, agency=province["stp"], role=Role.SPECIALIST)
    return user


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ngắn-1a", "quá ngắn"),
        ("chuthuongdaivoiso123!", "chữ hoa"),
        ("KhongCoKyTuDacBiet2026", "ký tự đặc biệt"),
        ("12345678901234567", "hoàn toàn là số"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    with pytest.raises(ValidationError) as exc:
        services.staff_create(username="x", full_name="X", password=password)
    assert any(message in m for m in exc.value.messages), exc.value.messages


def test_roles_are_scoped_to_an_agency(specialist, province):
    assert access.user_has_role(specialist, Role.SPECIALIST, province["stp"])
    assert not access.user_has_role(specialist, Role.SPECIALIST, province["sxd"])
    assert list(access.agencies_of(specialist)) == [province["stp"]]
    assert not access.user_reads_whole_province(specialist)


def test_province_leader_reads_whole_province(province):
    leader = services.staff_create(username="ld", full_name="Lãnh Đạo", password=GOOD)
    services.role_grant(user=leader, agency=province["ubnd"], role=Role.PROVINCE_LEADER)
    assert access.user_reads_whole_province(leader)


def test_citizens_need_a_valid_cccd_and_businesses_a_valid_tax_code():
    with pytest.raises(ValidationError, match="12 chữ số"):
        services.citizen_create(username="dan", full_name="Dân", cccd="123", password=GOOD)
    citizen = services.citizen_create(
        username="dan", full_name="Dân", cccd="072 190 001 234", password=GOOD
    )
    assert citizen.cccd == "072190001234"
    with pytest.raises(ValidationError, match="chữ số kiểm tra"):
        services.business_create(
            username="dn",
            full_name="A",
            organisation_name="Cty",
            tax_code="0100109107",
            password=GOOD,
        )


def test_a_citizen_cannot_hold_an_agency_role(province):
    citizen = services.citizen_create(
        username="dan", full_name="Dân", cccd="072190001234", password=GOOD
    )
    with pytest.raises(ValueError, match="Chỉ tài khoản cán bộ"):
        services.role_grant(user=citizen, agency=province["stp"], role=Role.SPECIALIST)


def test_sign_in_sign_out_and_wrong_password(client, specialist):
    response = client.post(reverse("accounts:login"), {"username": "cv.stp", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "cv.stp", "password": GOOD})
    assert response.status_code == 302
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Chuyên viên – Sở Tư pháp" in page
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:home")).status_code == 302


def test_password_change_enforces_policy_and_is_audited(client, specialist):
    client.force_login(specialist)
    url = reverse("accounts:password_change")
    weak = client.post(url, {"old_password": GOOD, "new_password1": "abc", "new_password2": "abc"})
    assert "quá ngắn" in weak.content.decode()
    new = "Mật-khẩu-Mới-2026!"
    ok = client.post(url, {"old_password": GOOD, "new_password1": new, "new_password2": new})
    assert ok.status_code == 302
    specialist.refresh_from_db()
    assert specialist.check_password(new)
    assert AuditEvent.objects.filter(action="accounts.password.change", actor=specialist).exists()


def test_password_guessing_locks_the_account_for_a_while(client, specialist):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "cv.stp", "password": "đoán-sai"})
    response = client.post(url, {"username": "cv.stp", "password": GOOD})
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert SignInAttempt.objects.filter(username="cv.stp", succeeded=False).count() == 6


def test_the_lock_lifts_after_the_window(client, specialist):
    url = reverse("accounts:login")
    with time_machine.travel("2026-11-23 09:00 +07:00", tick=False):
        for _ in range(5):
            client.post(url, {"username": "cv.stp", "password": "đoán-sai"})
    with time_machine.travel("2026-11-23 09:16 +07:00", tick=False):
        response = client.post(url, {"username": "cv.stp", "password": GOOD})
    assert response.status_code == 302
    assert SignInAttempt.objects.filter(username="cv.stp", succeeded=True).exists()
