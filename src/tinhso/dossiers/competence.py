"""Who decides a dossier: the competent agency for the receiving point and the applicant.

One rule for every channel (counter, online, postal, national portal, API), asked by
tinhso.dossiers.intake.submission_check. Nghị định 118/2025/NĐ-CP: the one-stop centres of the
province receive dossiers independently of administrative boundaries (tiếp nhận không phụ
thuộc địa giới hành chính); the competent body is the one the sector law names. docs/routing.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from tinhso.catalogue.constants import CompetenceBasis, CompetentLevel
from tinhso.organisation import selectors as organisation
from tinhso.organisation.constants import UnitLevel
from tinhso.organisation.models import AdministrativeUnit, Agency

if TYPE_CHECKING:
    from tinhso.catalogue.models import ProcedureVersion


def competent_agencies(version: ProcedureVersion, receiving: Agency) -> list[Agency]:
    """Agencies that may decide a dossier of this version received at `receiving`.

    A commune-level procedure without named agencies is decided by the commune where it
    is received, unless it is territorial (competent_agency_for decides those); the
    province's centres receive regardless of boundaries (ND 118/2025), so at a
    province-level receiving point the officer chooses the commune.
    """
    named = list(version.agencies.all())
    if named:
        return named
    if version.competent_level == CompetentLevel.COMMUNE:
        if receiving.is_commune_level:
            return [receiving]
        return list(Agency.objects.filter(kind="ubnd_xa", is_active=True).order_by("name"))
    return []


def competent_choice(
    version: ProcedureVersion, receiving: Agency, chosen: Agency | None
) -> tuple[Agency | None, str]:
    """(the competent agency, "") or (None, the Vietnamese reason)."""
    candidates = competent_agencies(version, receiving)
    if chosen is None and receiving in candidates:
        chosen = receiving
    if chosen is None and len(candidates) == 1:
        chosen = candidates[0]
    if chosen is None:
        return None, "Hãy chọn cơ quan giải quyết hồ sơ."
    if candidates and chosen not in candidates:
        return None, f"{chosen.name} không có thẩm quyền giải quyết thủ tục này."
    return chosen, ""


def is_territorial(version: ProcedureVersion) -> bool:
    """A commune-level procedure whose competent commune is not simply the receiving one."""
    return (
        version.competent_level == CompetentLevel.COMMUNE
        and version.competence_basis != CompetenceBasis.RECEIVING
    )


def residence_unit_of(chosen: AdministrativeUnit | None, address: str) -> AdministrativeUnit | None:
    """The applicant's commune of residence: the one chosen (counter) or sent (portal),
    else the one the applicant's address names ("…, phường Tân Ninh"), if exactly one."""
    if chosen is not None:
        return chosen
    return organisation.commune_in_address(address, on=timezone.localdate())


def competent_agency_for(
    version: ProcedureVersion,
    receiving: Agency,
    residence_unit: AdministrativeUnit | None,
    answers: dict[str, Any] | None,
    *,
    chosen: Agency | None = None,
) -> tuple[Agency | None, str]:
    """Which body decides this applicant's dossier: (the agency, "") or (None, the reason).

    The one rule for every channel (counter, online, postal, national portal, API).
    Nghị định 118/2025/NĐ-CP: the one-stop centres of the province receive dossiers
    independently of administrative boundaries; reception does not make the receiving
    commune competent. For a commune-level procedure (CompetentLevel.COMMUNE):

    - competence_basis RECEIVING: the receiving commune decides (e.g. chứng thực, Nghị định
      23/2015/NĐ-CP: any commune); at a province-level point, the commune chosen;
    - RESIDENCE: the UBND of the commune where the applicant lives (e.g. khai sinh, Luật Hộ
      tịch 2014 Điều 13) — `residence_unit`, else the commune the e-form field
      `competence_field` names;
    - EFORM: the UBND of the commune the e-form field `competence_field` names (where the land
      lies, where the event took place).

    A body named in the procedure's list must contain that commune's UBND. `chosen` (e.g. the
    portal's competent_agency) must agree with the rule. The receiving agency stays the
    receiving agency; the hand-over to the competent one is a step (effects._on_receive).
    """
    if not is_territorial(version):
        return competent_choice(version, receiving, chosen)
    today = timezone.localdate()
    key = version.competence_field
    answer = str((answers or {}).get(key) or "") if key else ""
    unit = residence_unit if version.competence_basis == CompetenceBasis.RESIDENCE else None
    if unit is None and answer:
        unit = organisation.commune_named(answer, on=today)
    if unit is None:
        if version.competence_basis == CompetenceBasis.RESIDENCE:
            return None, "Hãy chọn xã, phường nơi cư trú của người nộp hồ sơ."
        return None, "Tờ khai chưa ghi rõ xã, phường để xác định cơ quan giải quyết."
    if not unit.is_valid_on(today) or unit.level != UnitLevel.COMMUNE:
        return None, f"{unit.name} không phải xã, phường đang có hiệu lực."
    body = organisation.commune_body(unit)
    if body is None:
        return None, f"Chưa có UBND của {unit.name} trong danh mục cơ quan."
    named = list(version.agencies.all())
    if named and body not in named:
        return None, f"{body.name} không có thẩm quyền giải quyết thủ tục này."
    if chosen is not None and chosen != body:
        return None, (
            f"Cơ quan giải quyết là {body.name} (theo {unit.name}), không phải {chosen.name}."
        )
    return body, ""
