"""Saving e-forms (admin and service), copying them to a new version, showing answers."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tinhso.audit.models import AuditEvent
from tinhso.catalogue.services import procedure_revise
from tinhso.eforms import selectors, services
from tinhso.eforms.models import EForm
from tinhso.eforms.schema import SchemaError

pytestmark = pytest.mark.django_db

GOOD = {
    "fields": [
        {"key": "ho_ten_con", "type": "text", "label": "Họ tên con", "required": True},
        {"key": "cccd_me", "type": "cccd", "label": "CCCD của mẹ", "section": "Mẹ"},
    ],
    "covers_components": [1],
}


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_admin_refuses_a_bad_schema_and_says_why(version, admin_user):
    bad = {"fields": [{"key": "ho_ten", "type": "chu", "label": "Họ tên"}]}
    response = admin_client(admin_user).post(
        reverse("admin:eforms_eform_add"),
        {"version": version.pk, "title": "Tờ khai", "schema": json.dumps(bad)},
    )
    assert response.status_code == 200
    assert "kiểu &#x27;chu&#x27; không hợp lệ" in response.content.decode()
    assert not EForm.objects.exists()


def test_admin_refuses_text_that_is_not_json(version, admin_user):
    response = admin_client(admin_user).post(
        reverse("admin:eforms_eform_add"),
        {"version": version.pk, "title": "Tờ khai", "schema": "{fields: ["},
    )
    assert "Nội dung không phải JSON hợp lệ." in response.content.decode()
    assert not EForm.objects.exists()


def test_admin_saves_a_good_schema_on_the_record(version, admin_user):
    response = admin_client(admin_user).post(
        reverse("admin:eforms_eform_add"),
        {"version": version.pk, "title": "Tờ khai đăng ký khai sinh", "schema": json.dumps(GOOD)},
    )
    assert response.status_code == 302
    eform = EForm.objects.get()
    assert eform.schema == GOOD and eform.updated_by == admin_user
    assert AuditEvent.objects.filter(action="admin.add", object_id=str(eform.pk)).exists()
    page = admin_client(admin_user).get(reverse("admin:eforms_eform_change", args=[eform.pk]))
    assert "Họ tên con – Chữ (một dòng) (bắt buộc)" in page.content.decode()


def test_service_refuses_a_bad_schema_and_a_missing_component(version):
    with pytest.raises(SchemaError) as caught:
        services.eform_save(version, title="", schema={**GOOD, "covers_components": [5]})
    assert caught.value.errors == [
        "Hãy đặt tên tờ khai, ví dụ “Tờ khai đăng ký khai sinh”.",
        "covers_components: thủ tục chỉ có 1 thành phần hồ sơ, không có thành phần số 5.",
    ]
    assert not EForm.objects.exists()


def test_a_version_without_an_eform_gets_the_generic_one(version):
    definition = selectors.form_for_version(version)
    assert definition.is_default
    assert [f.key for f in definition.schema.fields] == ["dia_chi", "noi_dung"]
    services.eform_save(version, title="Tờ khai đăng ký khai sinh", schema=GOOD)
    definition = selectors.form_for_version(version)
    assert (definition.is_default, definition.title) == (False, "Tờ khai đăng ký khai sinh")


def test_a_new_version_keeps_the_eform(version):
    services.eform_save(version, title="Tờ khai đăng ký khai sinh", schema=GOOD)
    draft = procedure_revise(version=version)
    copied = EForm.objects.get(version=draft)
    assert (copied.title, copied.schema) == ("Tờ khai đăng ký khai sinh", GOOD)
    assert EForm.objects.get(version=version).schema == GOOD
