"""A second Tỉnh Số for the exchange demo: one agency, its four people, its seal.

Issue 15: two running instances, each with its own database, exchange a document over the
axis simulator. Each needs an agency whose mã định danh (Quyết định 20/2020/QĐ-TTg) is in
the simulator's directory (tinhso.simulators.axis.seed), the people who handle a letter
(văn thư, lãnh đạo, trưởng phòng, chuyên viên — Nghị định 30/2020/NĐ-CP Điều 10–16, 18–24)
and the agency's seal on the SoftHSM2 token. Both instances share SIGNATURES_DEMO_DIR: one
demo CA (so each trusts the other's seal) and one token (a key label per agency code).
Idempotent, like the demo loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from tinhso.accounts import services as accounts
from tinhso.accounts.constants import SignerRank
from tinhso.accounts.models import User
from tinhso.demo.loader import DEMO_PASSWORD
from tinhso.organisation import services as organisation
from tinhso.organisation.constants import AgencyKind, UnitLevel
from tinhso.organisation.models import Agency, Department
from tinhso.organisation.roles import Role


@dataclass(frozen=True)
class PeerSpec:
    organ_id: str
    name: str
    abbreviation: str
    unit_code: str
    unit_name: str


@dataclass
class PeerReport:
    agency: Agency
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (username, what they do)
    seal: str = ""  # the seal's key label on the token, empty without SoftHSM2


# (username prefix, full name, role, position, in the department, rank)
PEOPLE: tuple[tuple[str, str, Role, str, bool, str], ...] = (
    ("vanthu", "Văn thư", Role.CLERK, "Văn thư", False, ""),
    ("giamdoc", "Giám đốc", Role.AGENCY_LEADER, "Giám đốc", False, SignerRank.HEAD),
    ("truongphong", "Trưởng phòng", Role.HEAD_OF_DEPARTMENT, "Chánh Văn phòng", True, ""),
    ("chuyenvien", "Chuyên viên", Role.SPECIALIST, "Chuyên viên", True, ""),
)
SURNAMES = ("Nguyễn Thị", "Trần Văn", "Lê Thị", "Phạm Văn")


def username(prefix: str, spec: PeerSpec) -> str:
    return f"{prefix}.{spec.abbreviation.lower()}"


def setup_peer(spec: PeerSpec) -> PeerReport:
    from tinhso.signatures.demo import load_demo_signatures

    with transaction.atomic():
        unit, _ = organisation.unit_upsert(
            code=spec.unit_code, name=spec.unit_name, level=UnitLevel.PROVINCE, is_demo=True
        )
        agency, _ = organisation.agency_upsert(
            code=spec.organ_id,
            name=spec.name,
            short_name=spec.name.split(" tỉnh ")[0][:100],
            abbreviation=spec.abbreviation,
            kind=AgencyKind.SO,
            unit=unit,
            is_demo=True,
        )
        office, _ = organisation.department_upsert(
            agency=agency, code=f"{spec.abbreviation}.VP", name="Văn phòng"
        )
        report = PeerReport(agency)
        for (prefix, title, role, position, in_dept, rank), surname in zip(
            PEOPLE, SURNAMES, strict=True
        ):
            login = username(prefix, spec)
            _person(login, f"{surname} {title}", agency, role, office if in_dept else None,
                    position, rank)  # fmt: skip
            report.accounts.append((login, f"{role.label} – {spec.name}"))
    pki = load_demo_signatures()
    report.seal = f"seal-{spec.organ_id.lower()}" if pki.hsm else ""
    return report


def _person(
    login: str,
    full_name: str,
    agency: Agency,
    role: Role,
    department: Department | None,
    position: str,
    rank: str,
) -> None:
    user = User.objects.filter(username=login).first()
    if user is None:
        user = accounts.staff_create(
            username=login,
            full_name=full_name,
            password=DEMO_PASSWORD,
            email=f"{login}@tinhso.local",
        )
    accounts.role_grant(
        user=user, agency=agency, role=role, department=department, position=position, rank=rank
    )
