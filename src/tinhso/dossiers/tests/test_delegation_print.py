"""Signing on behalf printed from signatures.Delegation (issue 13 must-have 4; Nghị định
30/2020/NĐ-CP Điều 13, Phụ lục I ô 7a–7b): each prefix, the dates, refusal without one."""

from dataclasses import replace
from datetime import date

import pytest

from tinhso.accounts.services import role_grant, staff_create
from tinhso.dossiers import paperwork
from tinhso.dossiers.signing import SignerAuthorityError, authority_for, signer_for
from tinhso.dossiers.tests.conftest import PASSWORD
from tinhso.organisation.roles import Role
from tinhso.printing import render
from tinhso.printing.tests import samples
from tinhso.printing.tests.golden import pdf_golden_text
from tinhso.signatures.models import Delegation

DAY = date(2026, 3, 10)


def _lines(signer) -> list[str]:
    return [*filter(None, signer.authority.split("\n")), signer.position]


def _delegate(agency, user, authority, principal, **kw) -> Delegation:
    return Delegation.objects.create(
        authority=authority,
        agency=agency,
        to_user=user,
        principal_title=principal,
        valid_from=kw.pop("valid_from", date(2026, 3, 1)),
        valid_to=kw.pop("valid_to", date(2026, 3, 31)),
        **kw,
    )


@pytest.mark.parametrize(
    ("agency_key", "authority", "principal", "position", "lines"),
    [
        ("x1", "TM.", "Ủy ban nhân dân", "Chủ tịch", ["TM. Ủy ban nhân dân", "Chủ tịch"]),
        (
            "x1",
            "KT.",
            "Chủ tịch",
            "Phó Chủ tịch",
            ["TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch"],
        ),
        ("stp", "KT.", "Giám đốc", "Phó Giám đốc", ["KT. Giám đốc", "Phó Giám đốc"]),
        ("x1", "Q.", "Chủ tịch", "Phó Chủ tịch", ["TM. Ủy ban nhân dân", "Q. Chủ tịch"]),
        ("stp", "TL.", "Giám đốc", "Chánh Văn phòng", ["TL. Giám đốc", "Chánh Văn phòng"]),
        (
            "ubnd",
            "TUQ.",
            "Chủ tịch",
            "Giám đốc Sở Tư pháp",
            ["TUQ. Chủ tịch", "Giám đốc Sở Tư pháp"],
        ),
    ],
)
def test_each_prefix_is_printed(province, agency_key, authority, principal, position, lines):
    agency = province[agency_key]
    user = staff_create(username="nguoiky", full_name="Hà Văn Ký", password=PASSWORD)
    # the signer's own title: in the agency, or (TUQ.) in the Sở where they work
    role_grant(user=user, agency=province["stp"], role=Role.AGENCY_LEADER, position=position)
    _delegate(agency, user, authority, principal)

    signer = signer_for(agency, user, DAY)

    assert _lines(signer) == lines
    assert signer.name == "Hà Văn Ký"
    assert authority_for(agency, user, DAY) is not None


def test_the_delegation_is_used_only_between_its_dates(province):
    sxd = province["sxd"]
    clerk = staff_create(username="chanhvp", full_name="Đỗ Thị Văn", password=PASSWORD)
    role_grant(user=clerk, agency=sxd, role=Role.CLERK, position="Chánh Văn phòng")
    _delegate(sxd, clerk, "TL.", "Giám đốc")

    for day in (date(2026, 3, 1), date(2026, 3, 31)):  # both ends included
        assert _lines(signer_for(sxd, clerk, day)) == ["TL. Giám đốc", "Chánh Văn phòng"]
    for day in (date(2026, 2, 28), date(2026, 4, 1)):
        assert "TL." not in signer_for(sxd, clerk, day).authority
        with pytest.raises(SignerAuthorityError, match="không có ủy quyền, giao ký thay"):
            authority_for(sxd, clerk, day)


def test_signing_on_behalf_without_a_delegation_is_refused(province):
    stp = province["stp"]
    officer = staff_create(username="chuyenvien", full_name="Lê Văn Viên", password=PASSWORD)
    role_grant(user=officer, agency=stp, role=Role.SPECIALIST)
    with pytest.raises(SignerAuthorityError) as refused:
        authority_for(stp, officer, DAY)
    assert str(refused.value) == (
        f"Lê Văn Viên không phải lãnh đạo của {stp.name} và không có ủy quyền, giao ký thay "
        "còn hiệu lực ngày 10/03/2026: không thể ký thay."
    )
    revoked = _delegate(stp, officer, "TL.", "Giám đốc", active=False)
    with pytest.raises(SignerAuthorityError):
        authority_for(stp, officer, DAY)
    revoked.active = True
    revoked.save()
    assert authority_for(stp, officer, DAY) == revoked


def test_leaders_sign_without_a_delegation(province):
    x1 = province["x1"]
    deputy = staff_create(username="phochutich", full_name="Mai Thị Phó", password=PASSWORD)
    role_grant(
        user=deputy, agency=x1, role=Role.AGENCY_LEADER, position="Phó Chủ tịch", rank="deputy"
    )
    assert authority_for(x1, deputy, DAY) is None
    assert _lines(signer_for(x1, deputy, DAY)) == [
        "TM. Ủy ban nhân dân",
        "KT. Chủ tịch",
        "Phó Chủ tịch",
    ]


def test_the_printed_letter_carries_the_delegation(province):
    ubnd = province["ubnd"]
    director = staff_create(username="giamdoc", full_name="Trương Văn Đốc", password=PASSWORD)
    role_grant(user=director, agency=province["stp"], role=Role.AGENCY_LEADER, position="Giám đốc")
    _delegate(ubnd, director, "TUQ.", "Chủ tịch", signer_title="Giám đốc Sở Tư pháp")
    signer = paperwork._signer(ubnd, director, DAY)
    text = pdf_golden_text(render.stop_pdf(replace(samples.stop(), signer=signer)))
    assert "TUQ. CHỦ TỊCH GIÁM ĐỐC SỞ TƯ PHÁP" in text
    assert "Trương Văn Đốc" in text
