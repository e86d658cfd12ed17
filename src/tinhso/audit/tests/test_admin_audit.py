import pytest

from tinhso.accounts import services
from tinhso.audit.models import AuditEvent
from tinhso.organisation.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, province):
    admin = services.staff_create(
        username="qt",
        full_name="Quản Trị",
        password="Quản-Trị-2026-!!",
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(admin)
    client.admin = admin
    return client


def test_admin_changes_are_on_the_audit_record_with_who_and_what(admin_client, province):
    stp = province["stp"]
    url = f"/quan-tri/organisation/agency/{stp.pk}/change/"
    form = {
        "code": stp.code,
        "name": "Sở Tư pháp tỉnh Tây Ninh",
        "short_name": "",
        "abbreviation": "STP",
        "kind": "so",
        "unit": stp.unit_id,
        "parent": province["ubnd"].pk,
        "address": "",
        "phone": "",
        "email": "",
        "is_active": "on",
        "departments-TOTAL_FORMS": "1",
        "departments-INITIAL_FORMS": "0",
        "departments-MIN_NUM_FORMS": "0",
        "departments-MAX_NUM_FORMS": "1000",
        "departments-0-code": "HCTP",
        "departments-0-name": "Phòng Hành chính tư pháp",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Agency.objects.get(pk=stp.pk).name == "Sở Tư pháp tỉnh Tây Ninh"
    change = AuditEvent.objects.get(action="admin.change", object_id=str(stp.pk))
    assert change.actor == admin_client.admin
    assert change.changes["name"] == {"old": "Sở Tư pháp", "new": "Sở Tư pháp tỉnh Tây Ninh"}
    assert AuditEvent.objects.filter(
        action="admin.add", object_type="organisation.Department"
    ).exists()


def test_the_audit_record_cannot_be_edited_in_the_admin(admin_client):
    event = AuditEvent.objects.first()
    assert event is not None
    assert admin_client.get(f"/quan-tri/audit/auditevent/{event.pk}/delete/").status_code == 403
    assert admin_client.get("/quan-tri/audit/auditevent/add/").status_code == 403
    change_url = f"/quan-tri/audit/auditevent/{event.pk}/change/"
    assert admin_client.post(change_url, {"summary": "đã sửa"}).status_code == 403
    page = admin_client.get(change_url)
    assert page.status_code == 200  # it can be read …
    assert 'name="summary"' not in page.content.decode()  # … not edited
    listing = admin_client.post(
        "/quan-tri/audit/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert listing.status_code in {200, 302, 403}
    assert AuditEvent.objects.filter(pk=event.pk, summary=event.summary).exists()


def test_agency_identifier_must_have_the_official_shape(admin_client, province):
    form = {
        "code": "H53-000",
        "name": "Sai mã",
        "kind": "so",
        "unit": province["root"].pk,
        "is_active": "on",
        "departments-TOTAL_FORMS": "0",
        "departments-INITIAL_FORMS": "0",
        "departments-MIN_NUM_FORMS": "0",
        "departments-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post("/quan-tri/organisation/agency/add/", form)
    assert response.status_code == 200
    assert "13 ký tự dạng 000.00.00.H59" in response.content.decode()
