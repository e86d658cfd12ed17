"""Loads the demo province: units, agencies, departments, fields, procedures, accounts.

Idempotent: everything is an upsert by its code, the catalogue import skips unchanged
procedures and existing accounts are left as they are.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from tinhso.accounts import services as accounts
from tinhso.accounts.constants import SignerRank
from tinhso.accounts.models import User
from tinhso.catalogue import services as catalogue
from tinhso.demo.eforms import load_demo_eforms
from tinhso.organisation import services as organisation
from tinhso.organisation.constants import AgencyKind
from tinhso.organisation.models import AdministrativeUnit, Agency, Department
from tinhso.organisation.roles import Role

DATA_FILE = Path(__file__).parent / "data" / "tay_ninh.json"
DEMO_PASSWORD = "TinhSo@2026-demo"  # noqa: S105 — printed on purpose for the demo only


@dataclass
class DemoAccount:
    username: str
    full_name: str
    description: str
    roles: list[tuple[Agency, Role]]
    # What the person signs as on every role (StaffRole.position, .rank).
    position: str = ""
    rank: str = ""
    # The unit (Department.code) the person works in, on every role: e-office drafts carry it
    # as their drafting unit, and its head approves their content (issue 14).
    department: str = ""


@dataclass
class LoadReport:
    units_changed: int
    agencies_changed: int
    catalogue: catalogue.ImportReport
    accounts_created: list[str]
    accounts: list[DemoAccount]
    dossiers_created: int = 0


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _in_dependency_order(items: list[dict], key: str = "code") -> list[dict]:
    by_code = {item[key]: item for item in items}
    ordered: list[dict] = []
    placed: set[str] = set()

    def place(item: dict) -> None:
        if item[key] in placed:
            return
        parent = item.get("parent")
        if parent and parent in by_code:
            place(by_code[parent])
        placed.add(item[key])
        ordered.append(item)

    for item in items:
        place(item)
    return ordered


def _load_units(data: dict) -> int:
    changed = 0
    for u in _in_dependency_order(data["units"]):
        parent = AdministrativeUnit.objects.get(code=u["parent"]) if u.get("parent") else None
        _, did = organisation.unit_upsert(
            code=u["code"],
            name=u["name"],
            level=u["level"],
            kind=u.get("kind", ""),
            parent=parent,
            valid_from=_date(u.get("valid_from")),
            valid_to=_date(u.get("valid_to")),
            is_demo=bool(u.get("demo")),
        )
        changed += did
    return changed


def _load_agencies(data: dict) -> int:
    changed = 0
    for a in _in_dependency_order(data["agencies"]):
        agency, did = organisation.agency_upsert(
            code=a["code"],
            name=a["name"],
            short_name=a.get("short_name", ""),
            abbreviation=a.get("abbreviation", ""),
            kind=a["kind"],
            unit=AdministrativeUnit.objects.get(code=a["unit"]),
            parent=Agency.objects.get(code=a["parent"]) if a.get("parent") else None,
            one_stop_name=a.get("one_stop_name", ""),
            address=a.get("address", ""),
            phone=a.get("phone", ""),
            email=a.get("email", ""),
            is_demo=bool(a.get("demo")),
        )
        changed += did
        for d in a.get("departments", []):
            _, did = organisation.department_upsert(agency=agency, code=d["code"], name=d["name"])
            changed += did
    return changed


def _agency(kind: str, name_contains: str = "") -> Agency:
    qs = Agency.objects.filter(kind=kind, name__icontains=name_contains).order_by("name")
    agency = qs.first()
    if agency is None:
        raise LookupError(f"Dữ liệu minh họa thiếu cơ quan loại {kind} '{name_contains}'")
    return agency


def demo_accounts() -> list[DemoAccount]:
    province = _agency(AgencyKind.UBND_TINH)
    centre = _agency(AgencyKind.TRUNG_TAM_PVHCC)
    justice = _agency(AgencyKind.SO, "Tư pháp")
    construction = _agency(AgencyKind.SO, "Xây dựng")
    commune = _agency(AgencyKind.UBND_XA)
    return [
        DemoAccount(
            "quantri", "Nguyễn Văn Quản", "Quản trị hệ thống", [(province, Role.SYSTEM_ADMIN)]
        ),
        DemoAccount(
            "lanhdao.tinh",
            "Trần Thị Lãnh",
            "Lãnh đạo UBND tỉnh (xem toàn tỉnh)",
            [(province, Role.PROVINCE_LEADER)],
            "Phó Chủ tịch",
            SignerRank.DEPUTY,
        ),
        DemoAccount(
            "motcua.tinh",
            "Lê Thị Mai",
            f"Cán bộ một cửa – {centre.short_name or centre.name}",
            [(centre, Role.RECEPTION)],
        ),
        DemoAccount(
            "chuyenvien.stp",
            "Phạm Văn Chuyên",
            f"Chuyên viên – {justice.name}",
            [(justice, Role.SPECIALIST)],
            "Chuyên viên",
            department="STP.HCTP",
        ),
        DemoAccount(
            "truongphong.stp",
            "Hoàng Thị Phương",
            f"Lãnh đạo phòng – {justice.name}",
            [(justice, Role.HEAD_OF_DEPARTMENT)],
            "Trưởng phòng Hành chính tư pháp",
            department="STP.HCTP",
        ),
        DemoAccount(
            "giamdoc.stp",
            "Võ Văn Đốc",
            f"Lãnh đạo cơ quan – {justice.name}",
            [(justice, Role.AGENCY_LEADER)],
            "Giám đốc",
            SignerRank.HEAD,
        ),
        DemoAccount(
            "vanthu.stp", "Đặng Thị Thư", f"Văn thư – {justice.name}", [(justice, Role.CLERK)]
        ),
        DemoAccount(
            "chuyenvien.sxd",
            "Bùi Văn Dựng",
            f"Chuyên viên – {construction.name}",
            [(construction, Role.SPECIALIST)],
            "Chuyên viên",
        ),
        # Issue 14: receives what Sở Tư pháp sends (the pending copies of văn bản đến).
        DemoAccount(
            "vanthu.sxd",
            "Lâm Thị Nhận",
            f"Văn thư – {construction.name}",
            [(construction, Role.CLERK)],
        ),
        DemoAccount(
            "motcua.xa",
            "Ngô Thị Xuân",
            f"Cán bộ một cửa – {commune.name}",
            [(commune, Role.RECEPTION)],
        ),
        DemoAccount(
            "chuyenvien.xa",
            "Đỗ Văn Hộ",
            f"Công chức tư pháp – hộ tịch – {commune.name}",
            [(commune, Role.SPECIALIST)],
            "Công chức Tư pháp – hộ tịch",
        ),
        DemoAccount(
            "chutich.xa",
            "Lý Văn Chủ",
            f"Lãnh đạo cơ quan – {commune.name}",
            [(commune, Role.AGENCY_LEADER)],
            "Chủ tịch",
            SignerRank.HEAD,
        ),
        # Issue 12 item 17: reads the personal-data access log and answers data requests.
        DemoAccount(
            "baove.dulieu",
            "Trịnh Thị Bảo",
            "Cán bộ bảo vệ dữ liệu cá nhân – UBND tỉnh",
            [(province, Role.DATA_PROTECTION_OFFICER)],
        ),
    ]


def _load_accounts() -> tuple[list[str], list[DemoAccount]]:
    created = []
    accounts_list = demo_accounts()
    for acc in accounts_list:
        user = User.objects.filter(username=acc.username).first()
        if user is None:
            is_admin = any(role == Role.SYSTEM_ADMIN for _, role in acc.roles)
            user = accounts.staff_create(
                username=acc.username,
                full_name=acc.full_name,
                password=DEMO_PASSWORD,
                email=f"{acc.username}@tinhso.local",
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            created.append(acc.username)
        for agency, role in acc.roles:
            unit = (
                Department.objects.filter(agency=agency, code=acc.department).first()
                if acc.department
                else None
            )
            accounts.role_grant(
                user=user,
                agency=agency,
                role=role,
                department=unit,
                position=acc.position,
                rank=acc.rank,
            )
    if not User.objects.filter(username="congdan").exists():
        accounts.citizen_create(
            username="congdan",
            full_name="Nguyễn Thị Dân",
            cccd="072190001234",
            phone="0912345678",
            email="congdan@tinhso.local",
            password=DEMO_PASSWORD,
        )
        created.append("congdan")
    if not User.objects.filter(username="doanhnghiep").exists():
        accounts.business_create(
            username="doanhnghiep",
            full_name="Trương Văn Nghiệp",
            organisation_name="Công ty TNHH Minh họa Tây Ninh",
            tax_code="0100109106",
            phone="0987654321",
            email="doanhnghiep@tinhso.local",
            password=DEMO_PASSWORD,
        )
        created.append("doanhnghiep")
    return created, accounts_list


def load_demo(data_file: Path = DATA_FILE) -> LoadReport:
    data: dict[str, Any] = json.loads(data_file.read_text(encoding="utf-8"))
    with transaction.atomic():
        units = _load_units(data)
        agencies = _load_agencies(data)
        for f in data["fields"]:
            catalogue.field_upsert(code=f["code"], name=f["name"], is_demo=bool(f.get("demo")))
    rows = [(f"thủ tục thứ {n}", p) for n, p in enumerate(data["procedures"], start=1)]
    report = catalogue.catalogue_import(rows)
    load_demo_eforms()
    with transaction.atomic():
        created, accounts_list = _load_accounts()
    from tinhso.demo.dossiers import load_demo_dossiers

    dossiers = load_demo_dossiers()
    from tinhso.signatures.demo import load_demo_signatures

    load_demo_signatures()  # issue 13: the demo PKI (idempotent)
    from tinhso.demo.eoffice import load_eoffice_demo

    load_eoffice_demo()  # issue 14: a year of documents and work files (idempotent)
    return LoadReport(units, agencies, report, created, accounts_list, dossiers)
