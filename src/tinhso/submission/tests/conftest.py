"""A commune procedure with an e-form (khai sinh, toàn trình), a Sở Tư pháp procedure
(một phần, two required papers, a fee), a counter-only procedure, and the people."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tinhso.accounts.services import citizen_create, role_grant, staff_create
from tinhso.catalogue.selectors import version_in_force
from tinhso.core.tests.s3 import local_s3, moto_endpoint  # noqa: F401 - the local S3's fixtures
from tinhso.eforms.services import eform_save
from tinhso.organisation.roles import Role

PASSWORD = "Mat-khau-rat-dai-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

BIRTH_FORM = {
    "fields": [
        {
            "key": "nyc_ho_ten",
            "type": "text",
            "label": "Họ, chữ đệm, tên người yêu cầu",
            "required": True,
            "prefill": "full_name",
        },
        {
            "key": "nyc_cccd",
            "type": "cccd",
            "label": "Số CCCD người yêu cầu",
            "required": True,
            "prefill": "cccd",
        },
        {
            "key": "nyc_noi_cu_tru",
            "type": "text",
            "label": "Nơi cư trú",
            "required": True,
            "prefill": "address",
        },
        {
            "key": "con_ho_ten",
            "type": "text",
            "label": "Họ, chữ đệm, tên của người được khai sinh",
            "section": "Người được khai sinh",
            "required": True,
            "max_length": 100,
        },
        {
            "key": "con_ngay_sinh",
            "type": "date",
            "label": "Ngày sinh",
            "section": "Người được khai sinh",
            "required": True,
            "max": "today",
        },
        {
            "key": "con_gioi_tinh",
            "type": "select",
            "label": "Giới tính",
            "section": "Người được khai sinh",
            "required": True,
            "choices": [["nam", "Nam"], ["nu", "Nữ"]],
        },
        {"key": "me_cccd", "type": "cccd", "label": "Số CCCD của mẹ", "section": "Mẹ"},
        {
            "key": "cam_doan",
            "type": "checkbox",
            "label": "Tôi cam đoan khai đúng sự thật",
            "required": True,
        },
    ],
    "covers_components": [1],
}


@dataclass
class People:
    citizen: Any
    stranger: Any
    commune_reception: Any
    justice_reception: Any


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_OUTBOX = tmp_path / "sms.jsonl"


@pytest.fixture
def people(province) -> People:
    commune = staff_create(username="motcua.xa", full_name="Ngô Thị Sáu", password=PASSWORD)
    role_grant(user=commune, agency=province["x1"], role=Role.RECEPTION)
    justice = staff_create(username="motcua.stp", full_name="Lê Văn Một", password=PASSWORD)
    role_grant(user=justice, agency=province["stp"], role=Role.RECEPTION)
    return People(
        citizen=citizen_create(
            username="congdan",
            full_name="Nguyễn Thị Ánh",
            cccd="072190001234",
            password=PASSWORD,
            phone="0912345678",
            email="anh@example.vn",
        ),
        stranger=citizen_create(
            username="nguoikhac", full_name="Lý Văn Tám", cccd="072185004321", password=PASSWORD
        ),
        commune_reception=commune,
        justice_reception=justice,
    )


def _component(name: str, required: bool = True) -> dict:
    return {
        "name": name,
        "originals": 1,
        "copies": 0,
        "required": required,
        "file_types": ["pdf", "jpg", "png"],
        "template": "",
        "note": "",
    }


@pytest.fixture
def procedures(import_records, record):
    report = import_records(
        record(
            components=[
                _component("Tờ khai đăng ký khai sinh"),
                _component("Giấy chứng sinh"),
                _component("Văn bản ủy quyền", required=False),
            ],
        ),
        record(
            code="1.001232",
            name="Cấp Phiếu lý lịch tư pháp",
            field="LLTP",
            level="tinh",
            agencies=["000.00.12.H53"],
            online_level="mot_phan",
            time_limit={"working_days": 10},
            fees=[
                {"kind": "phi", "name": "Phí lý lịch tư pháp", "amount": 200000, "exemption": ""}
            ],
            components=[_component("Tờ khai yêu cầu cấp Phiếu"), _component("Bản chụp CCCD")],
            delivery=["counter", "postal"],
        ),
        record(
            code="2.001019",
            name="Thủ tục chứng thực di chúc",
            online_level="truc_tiep",
            delivery=["counter"],
        ),
    )
    assert report.rejected == [], report.rejected
    today = timezone.localdate()
    versions = {
        "khaisinh": version_in_force("1.001193", today),
        "lltp": version_in_force("1.001232", today),
        "dichuc": version_in_force("2.001019", today),
    }
    eform_save(versions["khaisinh"], title="Tờ khai đăng ký khai sinh", schema=BIRTH_FORM)
    return versions


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
