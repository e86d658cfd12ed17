"""A province with a Sở Tư pháp procedure (lý lịch tư pháp, 10 working days, liên thông
with Sở Xây dựng for the demo), a commune procedure, and one officer per role."""

from dataclasses import dataclass
from typing import Any

import pytest

from tinhso.accounts.services import citizen_create, role_grant, staff_create
from tinhso.catalogue.selectors import version_in_force
from tinhso.dossiers import services
from tinhso.organisation.roles import Role

PASSWORD = "Mat-khau-rat-dai-2026!"


@dataclass
class Cast:
    reception: Any  # one-stop officer of Sở Tư pháp
    specialist: Any  # Sở Tư pháp
    leader: Any  # Sở Tư pháp
    other_specialist: Any  # Sở Xây dựng
    other_leader: Any  # Sở Xây dựng
    commune_reception: Any  # UBND phường Tân Ninh
    province_leader: Any
    citizen: Any
    stranger: Any  # another citizen


def _staff(username: str, name: str, *grants) -> Any:
    user = staff_create(username=username, full_name=name, password=PASSWORD)
    for agency, role in grants:
        role_grant(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def cast(province) -> Cast:
    stp, sxd, x1, ubnd = province["stp"], province["sxd"], province["x1"], province["ubnd"]
    return Cast(
        reception=_staff("motcua.stp", "Lê Văn Một", (stp, Role.RECEPTION)),
        specialist=_staff("chuyenvien.stp", "Trần Thị Hai", (stp, Role.SPECIALIST)),
        leader=_staff("giamdoc.stp", "Phạm Văn Ba", (stp, Role.AGENCY_LEADER)),
        other_specialist=_staff("chuyenvien.sxd", "Võ Thị Bốn", (sxd, Role.SPECIALIST)),
        other_leader=_staff("giamdoc.sxd", "Đỗ Văn Năm", (sxd, Role.AGENCY_LEADER)),
        commune_reception=_staff("motcua.xa", "Ngô Thị Sáu", (x1, Role.RECEPTION)),
        province_leader=_staff("lanhdao.tinh", "Hoàng Văn Bảy", (ubnd, Role.PROVINCE_LEADER)),
        citizen=citizen_create(
            username="congdan",
            full_name="Nguyễn Thị Ánh",
            cccd="072190001234",
            password=PASSWORD,
            phone="0912345678",
            email="anh@example.vn",
        ),
        stranger=citizen_create(
            username="nguoikhac",
            full_name="Lý Văn Tám",
            cccd="072185004321",
            password=PASSWORD,
        ),
    )


@pytest.fixture
def procedures(import_records, record):
    """LLTP at Sở Tư pháp in 10 working days; khai sinh at every commune, same day."""
    report = import_records(
        record(
            code="1.001232",
            name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            field="LLTP",
            level="tinh",
            agencies=["000.00.12.H53"],
            online_level="toan_trinh",
            time_limit={"working_days": 10},
            fees=[
                {
                    "kind": "phi",
                    "name": "Phí cung cấp thông tin lý lịch tư pháp",
                    "amount": 200000,
                    "exemption": "",
                }
            ],
            components=[
                {
                    "name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
                    "originals": 1,
                    "copies": 0,
                    "required": True,
                    "file_types": ["pdf", "jpg", "png"],
                    "template": "",
                    "note": "",
                },
                {
                    "name": "Bản chụp CCCD",
                    "originals": 0,
                    "copies": 1,
                    "required": False,
                    "file_types": ["pdf", "jpg", "png"],
                    "template": "",
                    "note": "",
                },
            ],
            delivery=["counter", "postal"],
            effective_from="2025-07-01",
        ),
        record(effective_from="2025-07-01"),
    )
    assert report.rejected == [], report.rejected
    from django.utils import timezone

    today = timezone.localdate()
    return {
        "lltp": version_in_force("1.001232", today),
        "khaisinh": version_in_force("1.001193", today),
    }


@pytest.fixture
def new_dossier(province, procedures, cast):
    """Build a counter dossier of LLTP at Sở Tư pháp (required component ticked)."""

    def build(**overrides) -> services.NewDossier:
        version = overrides.pop("version", procedures["lltp"])
        required = {c.pk for c in version.components.all() if c.required}
        values = {
            "version": version,
            "receiving_agency": province["stp"],
            "applicant": services.ApplicantInfo(
                name="Nguyễn Thị Ánh",
                cccd="072190001234",
                phone="0912345678",
                email="anh@example.vn",
                address="12 Trần Hưng Đạo, phường Tân Ninh",
                account=cast.citizen,
            ),
            "received_components": required,
        }
        values.update(overrides)
        return services.NewDossier(**values)

    return build


@pytest.fixture
def received(new_dossier, cast):
    """A dossier received at the counter of Sở Tư pháp, now at the specialist's step."""
    return services.counter_receive(new_dossier(), actor=cast.reception)
