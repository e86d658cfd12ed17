"""An office for e-office tests: Sở Tư pháp (STP) with its Văn phòng and a specialist
department, Sở Xây dựng (SXD) next door, and one person per role."""

from dataclasses import dataclass
from typing import Any

import pytest

from tinhso.accounts.services import role_grant, staff_create
from tinhso.organisation.roles import Role
from tinhso.organisation.services import department_upsert

PASSWORD = "Mat-khau-rat-dai-2026!"


@dataclass
class Office:
    stp: Any
    sxd: Any
    ubnd: Any
    office_dept: Any  # Văn phòng Sở Tư pháp (VP)
    legal_dept: Any  # Phòng Xây dựng và Kiểm tra văn bản (XDKTVB)
    clerk: Any  # văn thư STP
    leader: Any  # giám đốc STP
    head: Any  # trưởng phòng XDKTVB
    specialist: Any  # chuyên viên XDKTVB
    office_specialist: Any  # chuyên viên Văn phòng
    other_clerk: Any  # văn thư SXD
    other_leader: Any  # giám đốc SXD
    province_leader: Any


def _staff(username: str, name: str, *grants: tuple[Any, ...]) -> Any:
    user = staff_create(username=username, full_name=name, password=PASSWORD)
    for grant in grants:
        agency, role, *rest = grant
        role_grant(
            user=user,
            agency=agency,
            role=role,
            department=rest[0] if rest else None,
            position=rest[1] if len(rest) > 1 else "",
        )
    return user


@pytest.fixture
def office(province) -> Office:
    stp, sxd, ubnd = province["stp"], province["sxd"], province["ubnd"]
    for agency, abbreviation in ((stp, "STP"), (sxd, "SXD"), (ubnd, "UBND")):
        agency.abbreviation = abbreviation
        agency.save(update_fields=["abbreviation"])
    vp, _ = department_upsert(agency=stp, code="VP", name="Văn phòng Sở")
    legal, _ = department_upsert(
        agency=stp, code="XDKTVB", name="Phòng Xây dựng và Kiểm tra văn bản"
    )
    return Office(
        stp=stp,
        sxd=sxd,
        ubnd=ubnd,
        office_dept=vp,
        legal_dept=legal,
        clerk=_staff("vanthu.stp", "Đặng Thị Thư", (stp, Role.CLERK, vp, "Văn thư")),
        leader=_staff("giamdoc.stp", "Phạm Văn Ba", (stp, Role.AGENCY_LEADER, None, "Giám đốc")),
        head=_staff(
            "truongphong.stp",
            "Lê Thị Tư",
            (stp, Role.HEAD_OF_DEPARTMENT, legal, "Trưởng phòng"),
        ),
        specialist=_staff(
            "chuyenvien.stp", "Trần Thị Hai", (stp, Role.SPECIALIST, legal, "Chuyên viên")
        ),
        office_specialist=_staff(
            "chuyenvien.vp", "Ngô Văn Sáu", (stp, Role.SPECIALIST, vp, "Chuyên viên")
        ),
        other_clerk=_staff("vanthu.sxd", "Võ Thị Bốn", (sxd, Role.CLERK)),
        other_leader=_staff("giamdoc.sxd", "Đỗ Văn Năm", (sxd, Role.AGENCY_LEADER)),
        province_leader=_staff("lanhdao.tinh", "Hoàng Văn Bảy", (ubnd, Role.PROVINCE_LEADER)),
    )
