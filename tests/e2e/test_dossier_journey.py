"""A walk-in citizen's birth registration, from the counter to the public tracking page."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tinhso.demo.loader import DEMO_PASSWORD, load_demo
from tinhso.dossiers.tracking import tracking_key

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    load_demo()
    return live_server.url


def signed_in(browser: Browser, site: str, username: str) -> Page:
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(site + "/dang-nhap/?next=/can-bo/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Hồ sơ cần xử lý")).to_be_visible()
    return page


def take(page: Page, site: str, code: str, action: str, note: str = "") -> None:
    page.goto(f"{site}/can-bo/ho-so/{code}/")
    page.locator("summary", has_text=action).click()
    form = page.locator("details[open] form")
    if note:
        form.get_by_role("textbox").fill(note)
    form.get_by_role("button", name=action).click()
    expect(page.locator(".message.success")).to_contain_text(action)


def test_counter_to_return_and_public_tracking(browser: Browser, demo_site):
    counter = signed_in(browser, demo_site, "motcua.xa")
    counter.get_by_role("link", name="+ Tiếp nhận hồ sơ tại quầy").click()
    counter.get_by_label("Bước 1. Tìm thủ tục").fill("dang ky khai sinh")
    counter.get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True).click()
    expect(counter.get_by_role("heading", level=1)).to_contain_text("đăng ký khai sinh")

    counter.get_by_label("Họ và tên người nộp").fill("Nguyễn Thị Ánh")
    counter.get_by_label("Số CCCD / định danh cá nhân").fill("072190001234")
    counter.get_by_label("Số điện thoại").fill("0912345678")
    counter.get_by_label("Địa chỉ", exact=True).fill("12 Trần Hưng Đạo")
    for box in counter.locator("input[name=components]").all():
        box.check()
    # The officer picks the fee line that applies (issue 12 item 9): on time, free.
    on_time = re.compile(r"Lệ phí đăng ký khai sinh \(Đăng ký đúng hạn")
    counter.get_by_role("radio", name=on_time).check()
    counter.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()

    expect(counter.locator(".message.success")).to_contain_text("Đã tiếp nhận hồ sơ")
    heading = counter.get_by_role("heading", level=1).inner_text()
    code = re.search(r"\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}", heading).group(0)
    receipt_link = counter.get_by_role("link", name=re.compile("Mẫu 01"))
    receipt = counter.request.get(demo_site + receipt_link.get_attribute("href"))
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"
    assert receipt.body().startswith(b"%PDF")

    specialist = signed_in(browser, demo_site, "chuyenvien.xa")
    expect(specialist.get_by_role("link", name=code)).to_be_visible()
    take(specialist, demo_site, code, "Chuyển bước tiếp theo", "Đủ điều kiện đăng ký")

    leader = signed_in(browser, demo_site, "chutich.xa")
    expect(leader.get_by_role("link", name=code)).to_be_visible()
    take(leader, demo_site, code, "Phê duyệt kết quả")

    take(counter, demo_site, code, "Trả kết quả")
    expect(counter.locator(".badge.status-returned")).to_have_text("Đã trả kết quả")

    citizen = browser.new_context(locale="vi-VN").new_page()
    citizen.goto(demo_site + "/tra-cuu/")
    citizen.get_by_label("Mã hồ sơ").fill(code)
    # The code alone shows nothing; the key printed beside the receipt's QR code does.
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.locator("section.card")).to_have_count(0)
    citizen.get_by_label("Mã xác minh").fill(tracking_key(code))
    citizen.get_by_role("button", name="Tra cứu").click()
    result = citizen.locator("section.card")
    expect(result).to_contain_text("Đã trả kết quả")
    expect(result).to_contain_text("N*** T*** Á***")
    expect(result).not_to_contain_text("Nguyễn Thị Ánh")
    expect(result).to_contain_text("Phê duyệt kết quả")
