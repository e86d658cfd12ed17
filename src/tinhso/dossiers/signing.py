"""Who signs the one-stop's papers and how the applicant is addressed.

Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.7 (thẩm quyền ký: TM., KT., Q.; chức vụ của người
ký, ô 7a–7b) with the positions kept in the organisation data (StaffRole.position, .rank), and
Điều 13 (ký thay, ký thừa lệnh, ký thừa ủy quyền) with the delegations kept in
signatures.Delegation (TM., KT., Q., TL., TUQ., each between two dates).
"""

import re
from datetime import date

from django.utils import timezone

from tinhso.accounts.constants import AccountKind, SignerRank
from tinhso.accounts.models import StaffRole, User
from tinhso.dossiers.models import Dossier
from tinhso.organisation.constants import AgencyKind
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role
from tinhso.printing import data as p
from tinhso.signatures.certificates import active_delegation
from tinhso.signatures.models import Authority, Delegation

# Collective bodies, whose head signs on behalf of the body ("TM.").
COLLECTIVE_BODIES: dict[str, str] = {
    AgencyKind.UBND_XA: "Ủy ban nhân dân",
    AgencyKind.UBND_TINH: "Ủy ban nhân dân",
}
# The head's title when the organisation data records none.
HEAD_TITLES: dict[str, str] = {
    AgencyKind.UBND_XA: "Chủ tịch",
    AgencyKind.UBND_TINH: "Chủ tịch",
    AgencyKind.SO: "Giám đốc",
    AgencyKind.TRUNG_TAM_PVHCC: "Giám đốc",
    AgencyKind.VAN_PHONG: "Chánh Văn phòng",
}
LEADER_ROLES = (Role.AGENCY_LEADER, Role.PROVINCE_LEADER)


def signer_block(kind: str, head_title: str, position: str, rank: str, name: str) -> p.Signer:
    """The signature block (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.7 and ô 7a–7b).

    - the head of a collective body (UBND): "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH";
    - a deputy: "KT. <head's title>" / own position ("TM. ỦY BAN NHÂN DÂN" above it for a
      collective body): "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH";
    - an acting head: "Q. <head's title>" (under "TM. …" for a collective body);
    - the head of a body that is not collective (a Sở): the position only, "GIÁM ĐỐC".
    Without a recorded rank, a position beginning with "Phó" is a deputy's.
    """
    if not rank:
        rank = SignerRank.DEPUTY if position.lower().startswith("phó ") else SignerRank.HEAD
    lines = [f"TM. {COLLECTIVE_BODIES[kind]}"] if kind in COLLECTIVE_BODIES else []
    if rank == SignerRank.DEPUTY:
        lines.append(f"KT. {head_title}")
        shown = position or f"Phó {head_title}"
    elif rank == SignerRank.ACTING:
        shown = f"Q. {head_title}"
    else:
        shown = position or head_title
    return p.Signer(name=name, position=shown, authority="\n".join(lines))


def delegated_block(kind: str, delegation: Delegation, position: str, name: str) -> p.Signer:
    """The signature block of someone signing under `delegation` (Nghị định 30/2020/NĐ-CP Điều
    13, Phụ lục I ô 7a–7b), `position` being the signer's own title:

    - TM.: "TM. <tập thể>" / position ("TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH");
    - KT.: ("TM. ỦY BAN NHÂN DÂN" for a collective body) "KT. <người đứng đầu>" / position;
    - Q.: ("TM. …" for a collective body) / "Q. <người đứng đầu>";
    - TL.: "TL. <người đứng đầu>" / position ("TL. GIÁM ĐỐC" / "CHÁNH VĂN PHÒNG");
    - TUQ.: "TUQ. <người đứng đầu>" / position ("TUQ. CHỦ TỊCH" / "GIÁM ĐỐC SỞ TƯ PHÁP").
    """
    title = delegation.principal_title
    shown = delegation.signer_title or position
    lines: list[str] = []
    if delegation.authority in (Authority.KT, Authority.Q) and kind in COLLECTIVE_BODIES:
        lines.append(f"TM. {COLLECTIVE_BODIES[kind]}")
    if delegation.authority == Authority.Q:
        shown = f"Q. {title}"
    else:
        lines.append(f"{delegation.authority} {title}")
    return p.Signer(name=name, position=shown, authority="\n".join(lines))


def any_position(user: User, agency: Agency) -> str:
    """The user's title: in `agency` first, else in any agency (a Sở director who signs
    "TUQ. CHỦ TỊCH" for the provincial committee holds his title in the Sở)."""
    found = StaffRole.objects.filter(user=user, is_active=True).exclude(position="")
    held = found.filter(agency=agency).first() or found.first()
    return held.position if held is not None else ""


def staff_title(user: User | None, agency: Agency, role: str) -> str:
    """A staff member's position in the agency (StaffRole.position), else the role's name."""
    found = StaffRole.objects.filter(user=user, agency=agency, is_active=True).exclude(position="")
    held = found.filter(role=role).first() or found.first() if user is not None else None
    if held is not None:
        return held.position
    return Role(role).label if role in Role.values else "Cán bộ xử lý"


def signer_for(agency: Agency, user: User | None = None, on: date | None = None) -> p.Signer:
    """`user` (the deciding leader) when given, else the agency's head (an active leader role
    ranked head, then acting, then any leader), with the block of signer_block — or, when
    `user` signs for `agency` under a delegation in force on `on` (default: today), the block
    of that delegation (delegated_block). A delegation outside its dates is not used."""
    if user is not None:
        delegation = active_delegation(user.pk, agency.pk, on or timezone.localdate())
        if delegation is not None:
            return delegated_block(
                agency.kind, delegation, any_position(user, agency), user.full_name
            )
    roles = StaffRole.objects.filter(agency=agency, role__in=LEADER_ROLES, is_active=True)
    head = roles.filter(rank=SignerRank.HEAD).exclude(position="").first()
    head_title = head.position if head else HEAD_TITLES.get(agency.kind, "Thủ trưởng cơ quan")
    role: StaffRole | None
    if user is not None:
        role = roles.filter(user=user).first()
        name = user.full_name
    else:
        order: dict[str, int] = {SignerRank.HEAD: 0, SignerRank.ACTING: 1}
        found = sorted(roles.select_related("user"), key=lambda r: (order.get(r.rank, 2), r.pk))
        role = found[0] if found else None
        name = role.user.full_name if role else ""
    position = role.position if role else ""
    rank = role.rank if role else ("" if user is not None else SignerRank.HEAD)
    return signer_block(agency.kind, head_title, position, rank, name)


class SignerAuthorityError(Exception):
    """`user` may not sign for the agency (Vietnamese message)."""


def authority_for(agency: Agency, user: User, on: date | None = None) -> Delegation | None:
    """Check that `user` may sign for `agency` on `on`: as one of its leaders (the deputy's
    "KT." follows from the rank), or under a delegation in force (returned). Signing on behalf
    without one is refused (Nghị định 30/2020/NĐ-CP Điều 13)."""
    day = on or timezone.localdate()
    delegation = active_delegation(user.pk, agency.pk, day)
    if delegation is not None:
        return delegation
    if StaffRole.objects.filter(
        user=user, agency=agency, role__in=LEADER_ROLES, is_active=True
    ).exists():
        return None
    raise SignerAuthorityError(
        f"{user.full_name} không phải lãnh đạo của {agency.name} và không có ủy quyền, giao ký "
        f"thay còn hiệu lực ngày {day:%d/%m/%Y}: không thể ký thay."
    )


# A tax or enterprise code (10 digits, or 13 for a branch): the applicant is an organisation.
_ORGANISATION_CODE = re.compile(r"\d{10}(-?\d{3})?")


def applicant_is_person(d: Dossier) -> bool:
    """A person is addressed "Ông/Bà"; an organisation or business by its name.

    A dossier filed from a business account is an organisation's; without an account, one whose
    identifier is a tax code (10 or 13 digits; a person's is a 12-digit số định danh) too."""
    account: User | None = d.applicant
    if account is not None:
        return account.kind != AccountKind.BUSINESS
    return not _ORGANISATION_CODE.fullmatch(d.applicant_cccd or "")
