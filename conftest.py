"""Shared test fixtures: a small province, procedure records, browser set-up."""

import os
import shutil
from collections.abc import Callable
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; live_server's ORM calls from
# that thread are safe (one thread per request).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser tests are required in CI but Chromium is missing at {CHROMIUM}")
        pytest.skip("Chromium not installed: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _vietnamese():
    """Run tests in the site's language, as requests and commands do."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live_server, threads) ends by flushing every table, which also
    removes rows that migrations put there: put the yearly calendar notices (and which years
    they confirm) back once the flush is done, so the tests after it count working days as the
    deployed site does."""
    result = yield
    if nextitem is None:  # the last test: the test database is gone with the session
        return result
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    if (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in names or "live_server" in names
    ):
        import importlib

        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        seeds = [
            importlib.import_module(f"tinhso.workcalendar.migrations.{name}").seed
            for name in ("0002_seed_2025_2026", "0004_confirm_2025_2026")
        ]
        with item.config.stash[blocking_manager_key].unblock():
            for seed in seeds:
                seed(apps, None)
    return result


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Rolled-back test transactions send no signals: forget cached calendar overrides."""
    from tinhso.workcalendar.calendar import clear_cache

    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _national_portal_nowhere(settings):
    """Every dossier's status now goes to the national portal (issue 12 item 11): tests that
    run on-commit callbacks post to a port nothing listens on, never to a development server
    on SITE_URL. Tests of the link point these at the live server's simulator."""
    settings.NATIONAL_PORTAL_STATUS_URL = "http://127.0.0.1:9/khong-co-ai-nghe/"
    settings.NATIONAL_PORTAL_LEDGER_URL = ""


@pytest.fixture(scope="session")
def signatures_demo_dir(tmp_path_factory) -> Any:
    return tmp_path_factory.mktemp("signatures-demo")


@pytest.fixture(autouse=True)
def _exchange_sends_when_asked(settings):
    """Exchange tests call tinhso.exchange.outbox.send_due themselves: nothing is posted to a
    route behind a test's back when a document is sent."""
    settings.EXCHANGE_SEND_AFTER_COMMIT = False


@pytest.fixture(autouse=True)
def _signatures_demo_dir(settings, signatures_demo_dir):
    """The demo PKI (issue 13) of tests lives in one tmp dir per session, never in var/."""
    settings.SIGNATURES_DEMO_DIR = signatures_demo_dir


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache (tinhso.core.ratelimit): each test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def province(db):
    """A province with its UBND, a Sở Tư pháp, a Sở Xây dựng and two communes."""
    from tinhso.organisation import services

    root, _ = services.unit_upsert(code="80", name="Tỉnh Tây Ninh", level="province")
    c1, _ = services.unit_upsert(code="90001", name="Phường Tân Ninh", level="commune", parent=root)
    c2, _ = services.unit_upsert(code="90002", name="Xã Tân Biên", level="commune", parent=root)
    mk = services.agency_upsert
    ubnd, _ = mk(code="000.00.00.H53", name="UBND tỉnh Tây Ninh", kind="ubnd_tinh", unit=root)
    stp, _ = mk(code="000.00.12.H53", name="Sở Tư pháp", kind="so", unit=root, parent=ubnd)
    sxd, _ = mk(code="000.00.13.H53", name="Sở Xây dựng", kind="so", unit=root, parent=ubnd)
    x1, _ = mk(
        code="000.31.10.H53", name="UBND phường Tân Ninh", kind="ubnd_xa", unit=c1, parent=ubnd
    )
    x2, _ = mk(code="000.32.10.H53", name="UBND xã Tân Biên", kind="ubnd_xa", unit=c2, parent=ubnd)
    return {"ubnd": ubnd, "stp": stp, "sxd": sxd, "x1": x1, "x2": x2, "root": root}


@pytest.fixture
def fields(db):
    from tinhso.catalogue.services import field_upsert

    return {
        "HOTICH": field_upsert(code="HOTICH", name="Hộ tịch"),
        "XAYDUNG": field_upsert(code="XAYDUNG", name="Xây dựng"),
        "LLTP": field_upsert(code="LLTP", name="Lý lịch tư pháp"),
    }


@pytest.fixture
def record() -> Callable[..., dict[str, Any]]:
    """A valid exchange record (docs/catalogue-format.md); keyword arguments override keys."""

    def build(**overrides: Any) -> dict[str, Any]:
        base: dict[str, Any] = {
            "code": "1.001193",
            "name": "Đăng ký khai sinh",
            "field": "HOTICH",
            "level": "xa",
            "agencies": [],
            "online_level": "toan_trinh",
            "time_limit": {"hours": 8, "cutoff": "15:00"},
            "fees": [
                {
                    "kind": "le_phi",
                    "name": "Lệ phí đăng ký khai sinh",
                    "amount": 0,
                    "exemption": "Miễn khi đăng ký đúng hạn",
                }
            ],
            "components": [
                {
                    "name": "Tờ khai đăng ký khai sinh",
                    "originals": 1,
                    "copies": 0,
                    "required": True,
                    "file_types": ["pdf", "jpg", "png"],
                    "template": "Tờ khai đăng ký khai sinh",
                    "note": "",
                }
            ],
            "result": "Giấy khai sinh",
            "delivery": ["counter", "postal", "electronic"],
            "legal_basis": ["Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP"],
            "effective_from": "2025-07-01",
        }
        base.update(overrides)
        return base

    return build


@pytest.fixture
def import_records(db, province, fields):
    from tinhso.catalogue.services import catalogue_import

    def run(*records: dict[str, Any], **kwargs: Any):
        return catalogue_import(
            [(f"thủ tục thứ {n}", r) for n, r in enumerate(records, 1)], **kwargs
        )

    return run


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last. Playwright's sync API keeps an asyncio loop running in the main thread
    from its first test to the end of the session, and pytest-django runs tests without a
    database after the transactional ones (the browser tests among them): library code that calls
    asyncio.run() itself (pyHanko's signing and validation) would then fail in those tests."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
