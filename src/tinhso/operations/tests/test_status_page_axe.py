"""The "Tình trạng hệ thống" page passes axe-core on a 375 px phone and on a desktop, with a
dependency down (the alert and the red badges shown), and nothing scrolls sideways."""

import pytest
from django.test import override_settings
from playwright.sync_api import Browser

from tests.e2e.axe import PHONE, blocking_violations
from tinhso.accounts.services import role_grant, staff_create
from tinhso.organisation.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-quan-tri-2026!"


@pytest.mark.parametrize(
    "viewport", [PHONE, {"width": 1280, "height": 900}], ids=["375px", "desktop"]
)
def test_the_status_page_passes_axe(browser: Browser, live_server, province, viewport, tmp_path):
    admin = staff_create(username="quantri.ht", full_name="Quản Trị", password=PASSWORD)
    role_grant(user=admin, agency=province["ubnd"], role=Role.SYSTEM_ADMIN)
    page = browser.new_context(locale="vi-VN", viewport=viewport).new_page()
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri.ht")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0", MEDIA_ROOT=tmp_path):
        response = page.goto(live_server.url + "/tinh-trang-he-thong/")
    assert response is not None and response.status == 200
    assert page.get_by_role("alert").is_visible()
    problems = blocking_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > viewport["width"] + 1:
        problems.append(f"trang rộng {width}px")
    assert problems == []
