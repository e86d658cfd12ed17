"""The leaders' dashboard in Chromium: axe-core clean on a 375 px phone and a desktop, the
charts drawn on their canvases, every chart's numbers in a table, filters without and with
JavaScript (htmx)."""

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.e2e.axe import PHONE
from tests.e2e.test_accessibility import DESKTOP, audit, open_page
from tinhso.demo.loader import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOME = "/can-bo/dieu-hanh/"


@pytest.fixture
def site(live_server):
    load_demo()
    return live_server.url


def charts_drawn(page: Page) -> int:
    """How many canvases Chart.js has drawn on."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('canvas[data-chart]'))
                 .filter(c => window.Chart && window.Chart.getChart(c)).length"""
    )


def check_board(page: Page, phone: bool, label: str) -> list[str]:
    expect(page.locator("canvas[data-chart='trend']")).to_have_count(1)
    page.wait_for_function(
        "() => document.querySelectorAll('figure.chart.drawn').length >= 1", timeout=10_000
    )
    problems = audit(page, phone, label)
    drawn = charts_drawn(page)
    canvases = page.locator("canvas[data-chart]").count()
    if drawn != canvases:
        problems.append(f"{label}: {drawn}/{canvases} biểu đồ được vẽ")
    # Every chart has its numbers in a table too.
    tables = page.locator("details.chart-data table").count()
    if tables < 2:
        problems.append(f"{label}: thiếu bảng số liệu ({tables})")
    return problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "desktop"])
def test_dashboards_pass_axe_and_draw_their_charts(browser: Browser, site, viewport):
    phone = viewport is PHONE
    problems = []
    leader = open_page(browser, viewport, "lanhdao.tinh", site)
    leader.goto(site + HOME)
    expect(leader.get_by_role("heading", level=1)).to_contain_text("Bảng điều hành")
    problems += check_board(leader, phone, "toàn tỉnh")
    expect(leader.get_by_role("heading", name="Bộ chỉ số 766")).to_be_visible()
    expect(leader.locator("table.index-766 tbody tr").first).to_be_visible()

    # htmx: a quick period refreshes the board in place and the charts are drawn again.
    leader.get_by_role("link", name="Năm trước").click()
    last_year = timezone.localdate().year - 1
    expect(leader.locator("#pham-vi")).to_contain_text(f"01/01/{last_year}")
    problems += check_board(leader, phone, "năm trước (htmx)")
    assert f"tu=01%2F01%2F{last_year}" in leader.url
    expect(leader.locator("#pham-vi")).to_be_focused()

    agency_leader = open_page(browser, viewport, "giamdoc.stp", site)
    agency_leader.goto(site + HOME)
    assert "/can-bo/dieu-hanh/co-quan/" in agency_leader.url
    problems += check_board(agency_leader, phone, "Sở Tư pháp")
    assert not problems, "\n".join(problems)


def test_dashboard_works_without_javascript(browser: Browser, site):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao.tinh")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(site + HOME)
    expect(page.get_by_role("table", name="Hồ sơ theo tháng")).to_be_visible()
    page.get_by_label("Từ ngày").fill("01/01/2025")
    page.get_by_label("Đến ngày").fill("31/12/2025")
    page.get_by_role("button", name="Xem số liệu").click()
    expect(page.locator("#pham-vi")).to_contain_text("01/01/2025")
    assert "tu=01%2F01%2F2025" in page.url
    expect(page.get_by_role("table", name="Hồ sơ theo tháng").locator("tbody tr")).to_have_count(12)
    context.close()
