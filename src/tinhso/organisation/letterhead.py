"""Who issues a paper and where: the heading of official forms and letters.

Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.2 (tên cơ quan ban hành và cơ quan chủ quản trực
tiếp) and II.4.a (địa danh: "tên gọi chính thức của đơn vị hành chính nơi cơ quan ban hành văn
bản đóng trụ sở"; a body of the province writes the province's name, a commune body the
commune's; a unit named by a number keeps its full name, "Phường 7"). Since 01/7/2025 local
government has two tiers and every one-stop is a "Trung tâm Phục vụ hành chính công" of the
province or of the commune (Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP, Phụ lục I:
the heading of Mẫu 01, 02, 03, 06, 07 is the centre under its governing body).
"""

import re
from dataclasses import dataclass

from tinhso.organisation.constants import AgencyKind, UnitLevel
from tinhso.organisation.models import AdministrativeUnit, Agency

# Kinds of unit written before the proper name ("Phường Tân Ninh" → "Tân Ninh").
UNIT_PREFIXES = (
    "thành phố",
    "tỉnh",
    "đặc khu",
    "phường",
    "xã",
    "thị trấn",
    "thị xã",
    "huyện",
    "quận",
)


@dataclass(frozen=True)
class Letterhead:
    """parent: the governing body (first line); name: the issuing body; place: date line."""

    name: str
    parent: str = ""
    place: str = ""


def place_name(unit: AdministrativeUnit) -> str:
    """The unit's proper name for the date line: "Tây Ninh", "Tân Ninh", but "Phường 7"."""
    full = re.sub(r"\s*\(.*\)\s*$", "", unit.name).strip()
    lowered = full.lower()
    for prefix in UNIT_PREFIXES:
        if lowered.startswith(prefix + " "):
            rest = full[len(prefix) + 1 :].strip()
            return full if rest[:1].isdigit() else rest
    return full


def place_of(agency: Agency) -> str:
    """Where a body's papers are dated: its own unit (Agency.unit: the commune for a commune
    body, the province for a body of the province)."""
    return place_name(agency.unit)


def _province_unit(unit: AdministrativeUnit) -> AdministrativeUnit:
    while unit.level != UnitLevel.PROVINCE and unit.parent is not None:
        unit = unit.parent
    return unit


def agency_letterhead(agency: Agency) -> Letterhead:
    """The body itself under its direct superior (for the letters it signs: Mẫu 04, 05 …)."""
    return Letterhead(
        name=agency.name,
        parent=agency.parent.name if agency.parent_id and agency.parent else "",
        place=place_of(agency),
    )


def _commune_centre_name(agency: Agency) -> str:
    unit = agency.unit.name
    return f"Trung tâm Phục vụ hành chính công {unit[:1].lower()}{unit[1:]}"


def one_stop_of(agency: Agency) -> Letterhead:
    """The one-stop that receives for `agency` (Nghị định 118/2025/NĐ-CP), as its heading.

    - the agency is a Trung tâm Phục vụ hành chính công: itself, under its superior;
    - it names its one-stop (Agency.one_stop_name): that centre, under the agency;
    - a commune UBND without a name recorded: "Trung tâm Phục vụ hành chính công <xã/phường>";
    - a body of the province: the province's centre, whose one-stop it uses since 01/7/2025
      (the agency itself when the province has recorded no centre).
    """
    if agency.kind == AgencyKind.TRUNG_TAM_PVHCC:
        return agency_letterhead(agency)
    if agency.one_stop_name:
        return Letterhead(name=agency.one_stop_name, parent=agency.name, place=place_of(agency))
    if agency.kind == AgencyKind.UBND_XA:
        return Letterhead(
            name=_commune_centre_name(agency), parent=agency.name, place=place_of(agency)
        )
    centre = (
        Agency.objects.filter(
            kind=AgencyKind.TRUNG_TAM_PVHCC,
            unit=_province_unit(agency.unit),
            is_active=True,
        )
        .select_related("parent", "unit")
        .order_by("pk")
        .first()
    )
    return agency_letterhead(centre if centre is not None else agency)
