"""A citizen looks for a procedure in the catalogue and opens it, on a computer and a phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from tinhso.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    load_demo()
    return live_server.url


def test_citizen_searches_without_diacritics_and_opens_the_procedure(page: Page, demo_site):
    page.goto(demo_site + "/")
    expect(page.get_by_role("heading", name="Tra cứu thủ tục hành chính")).to_be_visible()
    page.get_by_label("Bạn cần làm thủ tục gì?").fill("giay phep xay dung")
    page.get_by_role("button", name="Tìm kiếm").click()

    expect(page).to_have_url(f"{demo_site}/thu-tuc/?q=giay+phep+xay+dung")
    results = page.locator("ol.results > li")
    expect(results.first).to_contain_text("giấy phép xây dựng")
    first_title = results.first.locator("h3 a")
    name = first_title.inner_text()
    first_title.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    expect(page.get_by_role("heading", name="Căn cứ pháp lý")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("ngày làm việc")


def test_live_search_updates_results_as_the_citizen_types(page: Page, demo_site):
    page.goto(demo_site + "/thu-tuc/")
    box = page.get_by_role("searchbox", name="Tìm thủ tục")
    box.fill("KHAI SINH")
    first = page.locator("ol.results > li h3").first
    expect(first).to_have_text("Thủ tục đăng ký khai sinh")
    # The address follows the search, so it can be bookmarked or shared.
    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=KHAI(\+|%20)SINH"))
    page.get_by_label("Mức độ trực tuyến").select_option("toan_trinh")
    expect(page.locator("ol.results .badge").first).to_have_text(
        "Dịch vụ công trực tuyến toàn trình"
    )


def test_catalogue_on_a_phone(page: Page, demo_site):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(demo_site + "/thu-tuc/?q=ket+hon")
    link = page.locator("ol.results > li h3 a").first
    expect(link).to_contain_text("kết hôn")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    link.click()
    expect(page.get_by_role("heading", name="Phí, lệ phí")).to_be_visible()
