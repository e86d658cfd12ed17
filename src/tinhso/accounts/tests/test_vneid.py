"""Sign-in with VNeID against the simulator running in live_server, over real HTTP.

The person's browser is a requests session; our relying party fetches the simulator's
discovery document, JWKS, token and userinfo endpoints over HTTP. Nothing is patched.
"""

from datetime import date, timedelta
from urllib.parse import urlencode, urlsplit

import pytest
import time_machine
from django.utils import timezone

from tinhso.accounts import services
from tinhso.accounts.constants import AccountKind, IdentityProvider, SignInMethod
from tinhso.accounts.models import ExternalIdentity, SignInAttempt, User
from tinhso.accounts.tests.conftest import GOOD, query
from tinhso.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)

BINH = {"identity": "binh"}  # Trần Văn Bình, 079095012345, 20/03/1995 (simulator demo identity)


def sign_in_with_vneid(browser, **choice) -> str:
    """The whole flow; the text of the page the person ends on."""
    back = browser.decide(browser.start_vneid(), **(choice or BINH))
    return browser.page_text(browser.get(back))


def test_first_sign_in_creates_a_citizen_account_from_vneid(browser_for):
    browser = browser_for()
    page = sign_in_with_vneid(browser)
    assert "Đã đăng nhập bằng VNeID" in page
    assert "Bạn đang đăng nhập bằng tài khoản định danh điện tử VNeID" in page
    user = User.objects.get(cccd="079095012345")
    assert user.kind == AccountKind.CITIZEN
    assert user.full_name == "Trần Văn Bình"
    assert user.date_of_birth == date(1995, 3, 20)
    assert not user.has_usable_password()
    assert user.data_consent_version == "vneid"
    assert ExternalIdentity.objects.get(user=user).provider == IdentityProvider.VNEID
    assert "079*******45" in page and "20/03/1995" in page
    assert SignInAttempt.objects.filter(
        username=user.username, method=SignInMethod.VNEID, succeeded=True
    ).exists()
    assert AuditEvent.objects.filter(action="accounts.user.create", object_id=str(user.pk)).exists()


def test_second_sign_in_reaches_the_same_account(browser_for):
    sign_in_with_vneid(browser_for())
    page = sign_in_with_vneid(browser_for())
    assert "Xin chào, Trần Văn Bình" in page
    assert User.objects.filter(cccd="079095012345").count() == 1
    assert ExternalIdentity.objects.count() == 1
    assert SignInAttempt.objects.filter(method=SignInMethod.VNEID, succeeded=True).count() == 2


def test_an_existing_citizen_account_is_linked_by_cccd(browser_for):
    citizen = services.citizen_create(
        username="congdan",
        full_name="nguyen thi dan",
        cccd="072190001234",
        password=GOOD,
        email="dan@example.vn",
    )
    page = sign_in_with_vneid(browser_for(), identity="dan")
    assert "Xin chào, Nguyễn Thị Dân" in page
    citizen.refresh_from_db()
    # VNeID's spelling and date of birth replace what was declared.
    assert citizen.full_name == "Nguyễn Thị Dân"
    assert citizen.date_of_birth == date(1990, 1, 15)
    assert citizen.identities.get().provider == IdentityProvider.VNEID
    assert User.objects.count() == 1
    assert AuditEvent.objects.filter(action="accounts.vneid.link", actor=citizen).exists()


def test_a_cccd_declared_by_someone_else_is_not_linked(browser_for):
    squatter = services.citizen_create(
        username="ke.mao.danh", full_name="Phạm Văn Giả", cccd="079095012345", password=GOOD
    )
    page = sign_in_with_vneid(browser_for())
    assert "họ tên hoặc ngày sinh khác với thông tin trên VNeID" in page
    assert "Đăng nhập" in page
    assert not ExternalIdentity.objects.exists()
    squatter.refresh_from_db()
    assert squatter.full_name == "Phạm Văn Giả"
    assert AuditEvent.objects.filter(action="accounts.vneid.fail").exists()


def test_a_typed_identity_is_accepted(browser_for):
    page = sign_in_with_vneid(
        browser_for(),
        identity="custom",
        so_dinh_danh="001203009999",
        ho_va_ten="Hoàng   Minh Châu",
        ngay_sinh="05/11/2003",
    )
    assert "Xin chào, Hoàng Minh Châu" in page
    assert User.objects.get(cccd="001203009999").date_of_birth == date(2003, 11, 5)


def test_refusing_on_vneid_is_shown_on_the_sign_in_page(browser_for):
    browser = browser_for()
    back = browser.decide(browser.start_vneid(), decision="deny")
    assert query(back)["error"] == "access_denied"
    page = browser.page_text(browser.get(back))
    assert "Bạn đã không đồng ý chia sẻ thông tin trên VNeID" in page
    assert not User.objects.exists()
    attempt = SignInAttempt.objects.get()
    assert attempt.method == SignInMethod.VNEID and not attempt.succeeded


def test_a_tampered_state_is_refused(browser_for):
    browser = browser_for()
    back = browser.decide(browser.start_vneid(), **BINH)
    params = query(back)
    params["state"] = params["state"][:-2] + "xx"
    response = browser.get(urlsplit(back).path + "?" + urlencode(params))
    assert response.status_code == 302
    page = browser.page_text(response)
    assert "Phiên đăng nhập bằng VNeID không hợp lệ" in page
    assert not User.objects.exists()


def test_an_answer_for_another_browser_is_refused(browser_for):
    """The code and state were issued to one browser; another one cannot use them (CSRF)."""
    victim, attacker = browser_for(), browser_for()
    back = attacker.decide(attacker.start_vneid(), **BINH)
    page = victim.page_text(victim.get(back))
    assert "Phiên đăng nhập bằng VNeID không hợp lệ" in page
    assert not User.objects.exists()


def test_a_nonce_changed_on_the_way_is_refused(browser_for):
    """An ID token minted for another sign-in (other nonce) is refused by the nonce check."""
    browser = browser_for()
    authorize = browser.start_vneid()
    params = query(authorize)
    params["nonce"] = "nonce-cua-ke-tan-cong"
    tampered = authorize.split("?")[0] + "?" + urlencode(params)
    back = browser.decide(tampered, **BINH)
    page = browser.page_text(browser.get(back))
    assert "Thông tin xác thực nhận từ VNeID không hợp lệ" in page
    assert not User.objects.exists()
    event = AuditEvent.objects.get(action="accounts.vneid.fail")
    assert "nonce" in event.summary


def test_a_changed_pkce_challenge_is_refused_by_the_provider(browser_for):
    browser = browser_for()
    authorize = browser.start_vneid()
    params = query(authorize)
    params["code_challenge"] = "A" * 43
    back = browser.decide(authorize.split("?")[0] + "?" + urlencode(params), **BINH)
    page = browser.page_text(browser.get(back))
    assert "VNeID không xác nhận lượt đăng nhập này" in page
    assert "PKCE" in AuditEvent.objects.get(action="accounts.vneid.fail").summary


def test_an_expired_code_is_refused(browser_for):
    browser = browser_for()
    back = browser.decide(browser.start_vneid(), **BINH)
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=True):
        page = browser.page_text(browser.get(back))
    assert "VNeID không xác nhận lượt đăng nhập này" in page
    assert not User.objects.exists()


def test_a_provider_that_cannot_be_reached_is_a_message_not_an_error(browser_for, settings):
    settings.VNEID_ISSUER = "http://127.0.0.1:9/vneid"  # nothing listens on port 9 (discard)
    browser = browser_for()
    response = browser.get("/dang-nhap/vneid/")
    assert response.status_code == 302
    page = browser.page_text(response)
    assert "Không kết nối được với hệ thống VNeID" in page
    assert AuditEvent.objects.filter(action="accounts.vneid.fail").exists()


def test_a_wrong_client_secret_is_refused(browser_for, settings):
    browser = browser_for()
    back = browser.decide(browser.start_vneid(), **BINH)
    settings.VNEID_CLIENT_SECRET = "sai-bi-mat"
    page = browser.page_text(browser.get(back))
    assert "VNeID không xác nhận lượt đăng nhập này" in page
    assert "invalid_client" in AuditEvent.objects.get(action="accounts.vneid.fail").summary


def test_client_secret_basic_works_too(browser_for, settings):
    settings.VNEID_TOKEN_AUTH_METHOD = "client_secret_basic"
    page = sign_in_with_vneid(browser_for())
    assert "Xin chào, Trần Văn Bình" in page


def test_sign_in_returns_to_the_page_asked_for(browser_for):
    browser = browser_for()
    response = browser.get("/dang-nhap/vneid/?next=/doi-mat-khau/")
    back = browser.decide(response.headers["Location"], **BINH)
    landing = browser.get(back)
    assert landing.headers["Location"] == "/doi-mat-khau/"
    other = browser_for()
    offsite = other.get("/dang-nhap/vneid/?next=https://evil.example/")
    back = other.decide(offsite.headers["Location"], **BINH)
    assert other.get(back).headers["Location"] == "/tai-khoan/"


def test_a_staff_account_with_that_number_is_not_signed_in(browser_for):
    staff = services.staff_create(username="canbo", full_name="Trần Văn Bình", password=GOOD)
    User.objects.filter(pk=staff.pk).update(cccd="079095012345")
    page = sign_in_with_vneid(browser_for())
    assert "gắn với một tài khoản cán bộ hoặc doanh nghiệp" in page
    assert not ExternalIdentity.objects.exists()
