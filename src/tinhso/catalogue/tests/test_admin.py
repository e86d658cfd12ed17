"""The catalogue as an administrator configures it in the admin."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.accounts import services as accounts
from tinhso.audit.models import AuditEvent
from tinhso.catalogue import exchange, selectors
from tinhso.catalogue.constants import VersionStatus
from tinhso.catalogue.models import ProcedureVersion

pytestmark = pytest.mark.django_db
ADMIN = "/quan-tri/catalogue/procedureversion/"


@pytest.fixture
def admin_client(client, province, fields):
    user = accounts.staff_create(
        username="qt",
        full_name="Quản Trị",
        password="Quản-Trị-2026-!!",
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(user)
    return client


def test_import_page_reports_created_and_rejected_rows(admin_client, record):
    data = exchange.write_json([record(), record(code="1.000002", field="KHONGCO")])
    upload = SimpleUploadedFile("thu-tuc.json", data, content_type="application/json")
    page = admin_client.post(ADMIN + "import/", {"file": upload}).content.decode()
    assert "2 thủ tục: 1 mới, 0 phiên bản mới, 0 không đổi, 1 bị từ chối" in page
    assert "Lĩnh vực &#x27;KHONGCO&#x27; chưa có trong danh mục lĩnh vực." in page
    assert selectors.version_in_force("1.001193", date(2026, 1, 1)) is not None


def test_import_page_refuses_other_file_types(admin_client):
    upload = SimpleUploadedFile("thu-tuc.csv", b"code,name")
    page = admin_client.post(ADMIN + "import/", {"file": upload}).content.decode()
    assert "Chỉ nhận tệp .json hoặc .xlsx." in page


def test_published_versions_are_read_only_and_revising_creates_a_draft(
    admin_client, import_records, record
):
    import_records(record())
    v1 = ProcedureVersion.objects.get()
    response = admin_client.post(f"{ADMIN}{v1.pk}/change/", {"name": "Sửa trộm"})
    assert response.status_code in (302, 403)
    v1.refresh_from_db()
    assert v1.name == "Đăng ký khai sinh"

    admin_client.post(ADMIN, {"action": "revise", "_selected_action": [v1.pk]})
    draft = ProcedureVersion.objects.get(status=VersionStatus.DRAFT)
    assert draft.number == 2

    response = admin_client.post(f"{ADMIN}{draft.pk}/publish/", {"effective_from": "2027-01-01"})
    assert response.status_code == 302
    assert selectors.version_in_force("1.001193", date(2027, 1, 1)).number == 2
    assert AuditEvent.objects.filter(action="catalogue.version.draft").exists()


def test_publishing_with_a_date_before_the_current_version_is_refused(
    admin_client, import_records, record
):
    import_records(record())
    draft = ProcedureVersion.objects.get()
    admin_client.post(ADMIN, {"action": "revise", "_selected_action": [draft.pk]})
    draft = ProcedureVersion.objects.get(status=VersionStatus.DRAFT)
    page = admin_client.post(f"{ADMIN}{draft.pk}/publish/", {"effective_from": "2025-01-01"})
    assert "phải sau ngày áp dụng của phiên bản 1" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_export_actions_download_files_that_import_back(admin_client, import_records, record):
    import_records(record())
    pk = ProcedureVersion.objects.get().pk
    xlsx = admin_client.post(ADMIN, {"action": "export_xlsx", "_selected_action": [pk]})
    assert xlsx["Content-Disposition"] == 'attachment; filename="thu-tuc.xlsx"'
    assert exchange.read_xlsx(xlsx.content)[0][1]["code"] == "1.001193"
    js = admin_client.post(ADMIN, {"action": "export_json", "_selected_action": [pk]})
    assert exchange.read_json(js.content)[0][1]["name"] == "Đăng ký khai sinh"
