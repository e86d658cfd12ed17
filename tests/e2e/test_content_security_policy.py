"""The Content-Security-Policy in Chromium (issue 11, finding 11): the pages, htmx, Chart.js and
Swagger UI work under it without one violation, and markup injected into a page cannot run
script."""

import re

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.e2e.test_accessibility import DESKTOP, open_page
from tinhso.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Runs before the page's own scripts and is not itself subject to the page's policy.
LISTEN = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__cspViolations = window.__cspViolations || []).push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber
  );
});"""


@pytest.fixture
def site(live_server):
    load_demo()
    return live_server.url


def watched(page: Page) -> list[str]:
    """The CSP violations the browser reports on this page from now on (console and events)."""
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            seen.append(message.text)

    page.on("console", on_console)
    page.add_init_script(LISTEN)
    return seen


def violations(page: Page, console: list[str]) -> list[str]:
    events = page.evaluate("window.__cspViolations || []")
    return [f"{page.url}: {v}" for v in [*console, *events]]


def test_pages_run_under_the_policy_without_violations(browser: Browser, site):
    page = open_page(browser, DESKTOP, None, site)
    console = watched(page)
    problems: list[str] = []

    for path in ["/", "/tra-cuu/", "/dang-nhap/"]:
        page.goto(site + path)
        page.wait_for_load_state("load")
        problems += violations(page, console)
        console.clear()

    # The catalogue search refreshes the list through htmx as one types.
    page.goto(site + "/thu-tuc/")
    page.locator("#id_q").fill("khai sinh")
    expect(page).to_have_url(re.compile(r"q=khai"))  # hx-push-url: htmx did the swap
    expect(page.locator("#ket-qua li").first).to_contain_text("khai sinh", ignore_case=True)
    problems += violations(page, console)
    console.clear()

    # Swagger UI draws the API's operations from its own static files.
    page.goto(site + "/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15_000)
    problems += violations(page, console)
    assert not problems, "\n".join(problems)


def test_dashboard_charts_draw_under_the_policy(browser: Browser, site):
    leader = open_page(browser, DESKTOP, "lanhdao.tinh", site)
    console = watched(leader)
    leader.goto(site + "/can-bo/dieu-hanh/")
    leader.wait_for_function(
        "() => document.querySelectorAll('figure.chart.drawn').length >= 1", timeout=10_000
    )
    # The bar chart's height follows its rows, set by dashboard.js (no style attribute).
    rows = leader.evaluate(
        """() => { const box = document.querySelector('.chart-box[data-rows]');
                   return box ? box.style.getPropertyValue('--rows') : null; }"""
    )
    if rows is not None:
        assert rows == leader.locator(".chart-box[data-rows]").get_attribute("data-rows")
    # htmx refreshes the board in place; its charts are drawn again.
    leader.get_by_role("link", name="Năm trước").click()
    expect(leader.locator("#pham-vi")).to_be_focused()
    leader.wait_for_function(
        "() => document.querySelectorAll('figure.chart.drawn').length >= 1", timeout=10_000
    )
    problems = violations(leader, console)
    assert not problems, "\n".join(problems)


def test_injected_markup_cannot_run_script(browser: Browser, site):
    page = open_page(browser, DESKTOP, None, site)
    console = watched(page)
    page.goto(site + "/")
    # What a stored-XSS payload would add to a page: an inline handler and an inline script.
    page.evaluate(
        """() => {
            document.body.insertAdjacentHTML(
                "beforeend", '<img src="/khong-co.png" onerror="window.pwned = 1">');
            const script = document.createElement("script");
            script.textContent = "window.pwned = 2";
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_function("() => (window.__cspViolations || []).length >= 2")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert any("script-src" in v for v in violations(page, console))


def test_admin_runs_under_the_policy(browser: Browser, site):
    admin = open_page(browser, DESKTOP, "quantri", site)
    console = watched(admin)
    problems: list[str] = []
    for path in [
        "/quan-tri/",
        "/quan-tri/organisation/agency/",
        "/quan-tri/organisation/agency/add/",
        "/quan-tri/accounts/user/add/",
    ]:
        response = admin.goto(site + path)
        assert response is not None and response.status == 200, path
        admin.wait_for_load_state("load")
        problems += violations(admin, console)
        console.clear()
    # The autocomplete widgets (select2) open under the policy too.
    admin.goto(site + "/quan-tri/organisation/agency/add/")
    admin.locator(".select2-selection").first.click()
    expect(admin.locator(".select2-results").first).to_be_visible()
    problems += violations(admin, console)
    assert not problems, "\n".join(problems)
