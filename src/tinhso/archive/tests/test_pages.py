"""The archive's pages and API: the agency's clerk and leader keep files, the province leader
reads them, everyone else gets 404 (tinhso.archive.access)."""

import pytest
from django.urls import reverse

from tinhso.archive.models import FilePlan, FileState, RecordFile, RecordItem
from tinhso.documents.models import AccessAction, DocumentAccess
from tinhso.documents.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_clerk_builds_a_plan_and_a_file_through_the_pages(client, office, three_documents):
    _as(client, office.clerk)
    home = client.get(reverse("archive:home"))
    assert home.status_code == 200
    created = client.post(
        reverse("archive:home"), {"agency": office.stp.pk, "year": 2026, "title": "Danh mục 2026"}
    )
    plan = FilePlan.objects.get()
    assert created.url == reverse("archive:plan", args=[plan.pk])
    again = client.post(
        reverse("archive:home"), {"agency": office.stp.pk, "year": 2026, "title": "Lần hai"}
    )
    assert again.status_code == 400 and "đã có Danh mục hồ sơ năm 2026" in again.content.decode()
    opened = client.post(
        reverse("archive:plan", args=[plan.pk]),
        {
            "notation": "01.VP",
            "title": "Hồ sơ kiểm tra",
            "retention_key": "to-chuc-dieu-le-quy-che",
            "person": office.specialist.pk,
            "rights": "Hạn chế",
        },
    )
    record = RecordFile.objects.get()
    assert opened.url == reverse("archive:file", args=[record.pk])
    for document in three_documents:
        client.post(reverse("archive:file", args=[record.pk]), {"document": document.pk})
    assert RecordItem.objects.count() == 3
    missing = client.post(reverse("archive:file", args=[record.pk]), {"document": 999999})
    assert missing.status_code == 400 and "Không tìm thấy văn bản" in missing.content.decode()
    page = client.get(reverse("archive:file", args=[record.pk])).content.decode()
    assert page.index("KH-STP") < page.index("QĐ-STP") < page.index("BC-STP")
    client.post(reverse("archive:file_close", args=[record.pk]))
    assert RecordFile.objects.get().state == FileState.CLOSED
    xml = client.get(reverse("archive:file_xml", args=[record.pk]))
    assert xml.status_code == 200 and xml.content.startswith(b"<?xml")
    assert DocumentAccess.objects.filter(action=AccessAction.EXPORT).count() == 3


def test_only_the_leader_approves_the_plan(client, office, plan):
    _as(client, office.clerk).post(reverse("archive:plan_approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.state == "draft"
    _as(client, office.leader).post(reverse("archive:plan_approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.state == "approved"


def test_who_sees_a_file(client, office, record):
    url = reverse("archive:file", args=[record.pk])
    for user in (office.clerk, office.leader, office.province_leader):
        assert _as(client, user).get(url).status_code == 200, user
    for user in (office.specialist, office.other_clerk, office.other_leader):
        assert _as(client, user).get(url).status_code == 404, user
    # the province leader reads but does not keep: 403, nothing changes
    assert (
        _as(client, office.province_leader)
        .post(reverse("archive:file_close", args=[record.pk]))
        .status_code
        == 403
    )
    assert RecordFile.objects.get().state == FileState.OPEN


def test_the_api(client, office, record, three_documents):
    _as(client, office.clerk)
    for document in three_documents:
        answer = client.post(
            f"/api/v1/archive/files/{record.pk}/documents",
            {"document_id": document.pk},
            content_type="application/json",
        )
        assert answer.status_code == 200
    body = client.get(f"/api/v1/archive/files/{record.pk}").json()
    assert [i["number_and_symbol"] for i in body["items"]] == [
        "02/KH-STP",
        "12/QĐ-STP",
        "30/BC-STP",
    ]
    assert body["file_code"]["organ_id"] == office.stp.code
    closed = client.post(f"/api/v1/archive/files/{record.pk}/close").json()
    assert closed["state"] == "closed" and closed["doc_total"] == 3
    again = client.post(f"/api/v1/archive/files/{record.pk}/close")
    assert again.status_code == 409 and "hồ sơ đang lập" in again.json()["detail"]
    assert (
        _as(client, office.other_clerk).get(f"/api/v1/archive/files/{record.pk}").status_code == 404
    )
    assert client.get("/api/v1/archive/files").json() == []
