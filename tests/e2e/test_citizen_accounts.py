"""A citizen opens an account, signs out and in again; another signs in with VNeID through
the simulator's pages."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from tests.e2e.signup import confirm_and_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-Công-dân-2026!"
PASSWORD_FIELD = re.compile(r"^Mật khẩu\W*$")  # "Mật khẩu *", not "Nhập lại mật khẩu"


@pytest.fixture
def site(live_server, settings):
    """The portal with the VNeID simulator as its provider (the development default)."""
    settings.SITE_URL = live_server.url
    settings.VNEID_ISSUER = ""
    settings.VNEID_CLIENT_ID = settings.VNEID_CLIENT_SECRET = ""
    settings.VNEID_SIMULATOR_CLIENT_ID = settings.VNEID_SIMULATOR_CLIENT_SECRET = ""
    settings.VNEID_SIMULATOR_REDIRECT_URIS = []
    cache.clear()
    return live_server.url


def new_page(browser: Browser) -> Page:
    return browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 800}).new_page()


def test_sign_up_sign_out_sign_in(browser: Browser, site):
    page = new_page(browser)
    page.goto(site + "/dang-ky/")
    page.get_by_label("Họ và tên").fill("Phạm Thị Hồng")
    page.get_by_label("Số CCCD / định danh cá nhân").fill("072188005678")
    page.get_by_label("Ngày sinh").fill("03/04/1988")
    page.get_by_label("Số điện thoại di động").fill("0903 123 456")
    page.get_by_label(PASSWORD_FIELD).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill("khác hẳn")
    page.get_by_role("button", name="Đăng ký").click()

    # A mistake keeps what was typed and says what to fix, next to the field.
    expect(page.get_by_text("Hai mật khẩu không khớp.")).to_be_visible()
    expect(page.get_by_label("Họ và tên")).to_have_value("Phạm Thị Hồng")
    page.get_by_label(PASSWORD_FIELD).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()

    confirm_and_sign_in(page, site, "0903123456", "0903 123 456", PASSWORD)
    expect(page.get_by_role("heading", name="Xin chào, Phạm Thị Hồng")).to_be_visible()
    expect(page.get_by_text("03/04/1988")).to_be_visible()
    expect(page.get_by_text("072*******78")).to_be_visible()

    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(site + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("+84 903 123 456")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("heading", name="Xin chào, Phạm Thị Hồng")).to_be_visible()
    expect(page.get_by_text("Bạn đang đăng nhập bằng số điện thoại và mật khẩu")).to_be_visible()


def test_sign_in_with_vneid_through_the_simulator(browser: Browser, site):
    page = new_page(browser)
    page.goto(site + "/dang-nhap/")
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()

    expect(page.get_by_text("MÔ PHỎNG – đây không phải hệ thống VNeID thật")).to_be_visible()
    page.get_by_label("Trần Văn Bình").check()
    page.get_by_role("button", name="Đồng ý chia sẻ và đăng nhập").click()

    expect(page.get_by_role("heading", name="Xin chào, Trần Văn Bình")).to_be_visible()
    expect(
        page.get_by_text("Bạn đang đăng nhập bằng tài khoản định danh điện tử VNeID")
    ).to_be_visible()
    expect(page.get_by_text("20/03/1995")).to_be_visible()

    # Refusing on VNeID leaves the person on our sign-in page, told why.
    other = new_page(browser)
    other.goto(site + "/dang-nhap/")
    other.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    other.get_by_role("button", name="Từ chối").click()
    expect(other.get_by_text("Bạn đã không đồng ý chia sẻ thông tin trên VNeID")).to_be_visible()
    expect(other.get_by_role("heading", name="Đăng nhập", exact=True)).to_be_visible()
