"""Every view and download of a document is logged; the agency's clerk and leader read the
log (Phụ lục VI §III of Nghị định 30/2020/NĐ-CP)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tinhso.documents import access
from tinhso.documents.access_log import accesses_of, log_access
from tinhso.documents.models import AccessAction
from tinhso.documents.tests.conftest import PASSWORD
from tinhso.documents.tests.search_factories import attach, blank_pdf, make_document

pytestmark = pytest.mark.django_db


def test_a_line_says_who_what_when_and_from_where(office):
    document = make_document(office.stp)
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox")
    request.user = office.specialist
    line = log_access(request, document, AccessAction.VIEW)
    assert line.user == office.specialist
    assert "Trần Thị Hai" in line.user_label
    assert line.ip_address == "203.0.113.7"
    assert line.user_agent == "Firefox"
    assert line.at is not None
    assert list(accesses_of(document)) == [line]


def test_the_clerk_and_leader_read_the_log_others_do_not(client, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = make_document(office.stp, subject="Kế hoạch kiểm tra")
    stored = attach(document, blank_pdf())
    assert client.login(username=office.clerk.username, password=PASSWORD)
    client.get(reverse("documents:file_download", args=[document.pk, stored.pk]))
    url = reverse("documents:access_log", args=[document.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đặng Thị Thư" in html and "Tải về" in html
    for user in (office.leader, office.province_leader):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        assert client.get(url).status_code == 200
    client.logout()
    assert client.login(username=office.other_clerk.username, password=PASSWORD)
    assert client.get(url).status_code == 404
    assert access.user_can_read_access_log(office.specialist, document) is False
