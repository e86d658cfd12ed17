"""The VNeID level of assurance (Nghị định 69/2024/NĐ-CP) on the sign-in record and in the
session: VNeID mức 1 / mức 2 as the ID token's acr says, a password proves none."""

import re
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tinhso.accounts import services
from tinhso.accounts.assurance import SESSION_KEY, AssuranceLevel, at_least, level_from_acr
from tinhso.accounts.constants import SignInMethod
from tinhso.accounts.models import SignInAttempt, User
from tinhso.accounts.tests.conftest import GOOD

pytestmark = pytest.mark.django_db(transaction=True)


def session_of(browser) -> dict:
    key = browser.session.cookies.get(settings.SESSION_COOKIE_NAME)
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    return dict(store.load())


def vneid_sign_in(browser, **fields) -> None:
    back = browser.decide(browser.start_vneid(), identity="binh", **fields)
    page = browser.page_text(browser.get(back))
    assert "Đã đăng nhập bằng VNeID" in page


def test_vneid_level_2_is_recorded_on_the_sign_in_and_in_the_session(browser_for):
    browser = browser_for()
    vneid_sign_in(browser)  # the simulator's default: mức 2
    user = User.objects.get(cccd="079095012345")
    attempt = SignInAttempt.objects.get(username=user.username, succeeded=True)
    assert (attempt.method, attempt.assurance) == (SignInMethod.VNEID, AssuranceLevel.LEVEL_2)
    assert session_of(browser)[SESSION_KEY] == {"level": "2", "acr": "LoA2"}


def test_vneid_level_1_is_recorded_as_level_1(browser_for):
    browser = browser_for()
    vneid_sign_in(browser, muc="1")
    attempt = SignInAttempt.objects.get(succeeded=True)
    assert (attempt.method, attempt.assurance) == (SignInMethod.VNEID, AssuranceLevel.LEVEL_1)
    assert session_of(browser)[SESSION_KEY] == {"level": "1", "acr": "LoA1"}


def test_a_password_sign_in_proves_no_level_even_after_vneid_in_the_same_browser(browser_for):
    browser = browser_for()
    vneid_sign_in(browser)
    user = User.objects.get(cccd="079095012345")
    user.set_password(GOOD)
    user.save()
    page = browser.get("/dang-nhap/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = browser.post(
        "/dang-nhap/",
        {"csrfmiddlewaretoken": csrf, "username": user.username, "password": GOOD},
        headers={"Referer": browser.site + "/dang-nhap/"},
    )
    assert response.status_code == 302, response.text[:300]
    latest = SignInAttempt.objects.filter(succeeded=True).order_by("-pk").first()
    assert (latest.method, latest.assurance) == (SignInMethod.PASSWORD, AssuranceLevel.NONE)
    assert session_of(browser)[SESSION_KEY]["level"] == AssuranceLevel.NONE


def test_password_sign_in_is_recorded_with_no_level():
    citizen = services.citizen_create(
        username="congdan", full_name="Nguyễn Thị Ánh", cccd="072190001234", password=GOOD
    )
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "congdan", "password": GOOD})
    assert response.status_code == 302
    attempt = SignInAttempt.objects.get(username=citizen.username, succeeded=True)
    assert (attempt.method, attempt.assurance) == (SignInMethod.PASSWORD, AssuranceLevel.NONE)
    assert client.session[SESSION_KEY]["level"] == AssuranceLevel.NONE


@pytest.mark.parametrize(
    ("acr", "level"),
    [("LoA2", "2"), ("2", "2"), ("LoA1", "1"), ("", "1"), (None, "1"), ("abc", "1")],
)
def test_acr_values(acr, level):
    assert level_from_acr(acr) == level


def test_levels_are_ordered():
    assert at_least("2", "2") and at_least("2", "1") and at_least("1", "0")
    assert not at_least("1", "2") and not at_least("0", "2") and not at_least("x", "1")
