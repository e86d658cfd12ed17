"""The "Tình trạng hệ thống" page (issue 17 §5): for IT administrators only; readiness,
outboxes, tasks, version and the backends by name, never with their passwords."""

import pytest
from django.urls import reverse

from tinhso.core import outbox_registry, task_stats
from tinhso.core.outbox_registry import OutboxState

from .conftest import signed_in

pytestmark = pytest.mark.django_db

URL = "/tinh-trang-he-thong/"


def test_the_url_is_the_named_route():
    assert reverse("operations:status") == URL


def test_the_it_administrator_sees_checks_outboxes_tasks_and_backends(it_admin):
    outbox_registry.register(
        "test_outbox",
        lambda: OutboxState("test_outbox", "Thông báo thử", 4, 90.0, 2),
    )
    task_stats.record("tinhso.test.render_pdf", 0.2, ok=True)
    try:
        response = signed_in(it_admin).get(URL)
    finally:
        outbox_registry._readers.pop("test_outbox")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tình trạng hệ thống</h1>" in html
    assert "Mọi thành phần đều hoạt động." in html
    for label in ("Cơ sở dữ liệu", "Bộ nhớ đệm (cache)", "Kho tệp", "Hàng đợi tác vụ (broker)"):
        assert label in html
    assert "Thông báo thử" in html and "90 giây" in html
    assert "tinhso.test.render_pdf" in html
    assert "Mã commit" in html and "Phiên bản" in html
    assert "style=" not in html and "<script>" not in html


def test_a_dependency_down_is_said_first(it_admin, settings):
    settings.CELERY_BROKER_URL = "redis://:broker-pass@127.0.0.1:1/3"
    html = signed_in(it_admin).get(URL).content.decode()
    assert 'role="alert"' in html and "Hàng đợi tác vụ (broker)" in html
    assert "Không hoạt động" in html


def test_backends_are_named_without_their_passwords(it_admin, settings):
    settings.CELERY_BROKER_URL = "redis://tinhso:broker-pass@redis.internal:6379/2"
    settings.DATABASE_REPLICA_URL = "postgres://reader:replica-pass@db-replica:5432/tinhso"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "redis://:cache-pass@redis.internal:6379/1",  # shown as a URL would be
        }
    }
    html = signed_in(it_admin).get(URL).content.decode()
    assert "redis://redis.internal:6379/2" in html
    assert "postgres://db-replica:5432/tinhso" in html
    for secret in ("broker-pass", "replica-pass", "cache-pass", "tinhso:", "reader"):
        assert secret not in html


def test_officers_and_citizens_are_refused(cast, client):
    assert signed_in(cast.province_leader).get(URL).status_code == 403
    assert signed_in(cast.reception).get(URL).status_code == 403
    assert signed_in(cast.citizen).get(URL).status_code == 403
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]


def test_the_account_page_links_to_it_for_the_it_administrator_only(it_admin, cast):
    assert URL in signed_in(it_admin).get("/tai-khoan/").content.decode()
    assert URL not in signed_in(cast.province_leader).get("/tai-khoan/").content.decode()
