"""Who issues, where, and who signs the one-stop's papers (issue 12, item 4 a–c, d, g)."""

from dataclasses import replace

import pytest

from tinhso.accounts.constants import SignerRank
from tinhso.accounts.services import role_grant, staff_create
from tinhso.dossiers import paperwork, services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.signing import signer_block
from tinhso.dossiers.tests.conftest import PASSWORD
from tinhso.organisation import services as organisation
from tinhso.organisation.letterhead import one_stop_of, place_name
from tinhso.organisation.models import AdministrativeUnit
from tinhso.organisation.roles import Role
from tinhso.printing import render
from tinhso.printing.tests import samples
from tinhso.printing.tests.golden import pdf_golden_text


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Tỉnh Tây Ninh", "Tây Ninh"),
        ("Phường Tân Ninh", "Tân Ninh"),
        ("Xã Đức Hòa", "Đức Hòa"),
        ("Phường 7", "Phường 7"),  # a unit named by a number keeps its full name
        ("Tỉnh Tây Ninh (trước hợp nhất)", "Tây Ninh"),
    ],
)
def test_place_is_the_units_proper_name(name, place):
    assert place_name(AdministrativeUnit(name=name)) == place


def test_date_line_is_the_issuing_bodys_place(province):
    assert paperwork._header(province["x1"]).place == "Tân Ninh"
    assert paperwork._header(province["x2"]).place == "Tân Biên"
    assert paperwork._header(province["stp"]).place == "Tây Ninh"
    assert paperwork._one_stop_header(province["x1"]).place == "Tân Ninh"


def test_one_stop_is_todays_centre(province):
    commune = one_stop_of(province["x1"])
    assert (commune.parent, commune.name) == (
        "UBND phường Tân Ninh",
        "Trung tâm Phục vụ hành chính công phường Tân Ninh",
    )
    x2 = province["x2"]
    x2.one_stop_name = "Trung tâm Phục vụ hành chính công xã Tân Biên (cơ sở 2)"
    x2.save()
    assert one_stop_of(x2).name == "Trung tâm Phục vụ hành chính công xã Tân Biên (cơ sở 2)"
    # A body of the province has no one-stop of its own: the province's centre receives.
    assert one_stop_of(province["stp"]).name == "Sở Tư pháp"  # none recorded yet
    organisation.agency_upsert(
        code="000.01.01.H53",
        name="Trung tâm Phục vụ hành chính công tỉnh Tây Ninh",
        kind="trung_tam_phvhc",
        unit=province["root"],
        parent=province["ubnd"],
    )
    centre = one_stop_of(province["stp"])
    assert (centre.parent, centre.name, centre.place) == (
        "UBND tỉnh Tây Ninh",
        "Trung tâm Phục vụ hành chính công tỉnh Tây Ninh",
        "Tây Ninh",
    )


@pytest.mark.parametrize(
    ("kind", "position", "rank", "lines"),
    [
        ("ubnd_xa", "Chủ tịch", SignerRank.HEAD, ["TM. Ủy ban nhân dân", "Chủ tịch"]),
        (
            "ubnd_xa",
            "Phó Chủ tịch",
            SignerRank.DEPUTY,
            ["TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch"],
        ),
        ("ubnd_tinh", "Phó Chủ tịch", "", ["TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch"]),
        ("so", "Giám đốc", SignerRank.HEAD, ["Giám đốc"]),
        ("so", "Phó Giám đốc", SignerRank.DEPUTY, ["KT. Giám đốc", "Phó Giám đốc"]),
        ("so", "Phó Giám đốc", SignerRank.ACTING, ["Q. Giám đốc"]),
    ],
)
def test_signer_block(kind, position, rank, lines):
    head = "Chủ tịch" if kind.startswith("ubnd") else "Giám đốc"
    signer = signer_block(kind, head, position, rank, "Lý Văn Chủ")
    shown = [*filter(None, signer.authority.split("\n")), signer.position]
    assert shown == lines
    assert signer.name == "Lý Văn Chủ"


def test_signer_from_organisation_data_printed(province):
    x1 = province["x1"]
    chair = staff_create(username="chutich", full_name="Lý Văn Chủ", password=PASSWORD)
    deputy = staff_create(username="phochutich", full_name="Mai Thị Phó", password=PASSWORD)
    role_grant(user=chair, agency=x1, role=Role.AGENCY_LEADER, position="Chủ tịch", rank="head")
    role_grant(
        user=deputy, agency=x1, role=Role.AGENCY_LEADER, position="Phó Chủ tịch", rank="deputy"
    )

    head = paperwork._signer(x1)
    assert (head.authority, head.position, head.name) == (
        "TM. Ủy ban nhân dân",
        "Chủ tịch",
        "Lý Văn Chủ",
    )
    pdf = render.stop_pdf(replace(samples.stop(), signer=paperwork._signer(x1, deputy)))
    text = pdf_golden_text(pdf)
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert "Mai Thị Phó" in text


def test_organisation_is_addressed_by_its_name():
    business = replace(samples.APPLICANT, name="Công ty TNHH Minh họa", is_person=False)
    text = pdf_golden_text(render.supplement_pdf(replace(samples.supplement(), applicant=business)))
    assert "Ông/Bà" not in text
    assert "đề nghị Công ty TNHH Minh họa bổ sung" in text
    assert "tiếp nhận hồ sơ của: Công ty TNHH Minh họa" in text


def test_supplement_items_take_their_basis():
    items = paperwork.supplement_items(
        "- Giấy chứng sinh | Khoản 1 Điều 16 Luật Hộ tịch 2014\n"
        "Tờ khai – Căn cứ: Thông tư 04/2020/TT-BTP\n\nẢnh chân dung",
        "Thành phần hồ sơ của thủ tục 1.001193",
    )
    assert [(i.missing, i.legal_basis) for i in items] == [
        ("Giấy chứng sinh", "Khoản 1 Điều 16 Luật Hộ tịch 2014"),
        ("Tờ khai", "Thông tư 04/2020/TT-BTP"),
        ("Ảnh chân dung", "Thành phần hồ sơ của thủ tục 1.001193"),
    ]


def test_mau_02_asked_by_the_specialist_is_signed_by_the_specialist(received, cast, province):
    role_grant(
        user=cast.specialist,
        agency=province["stp"],
        role=Role.SPECIALIST,
        position="Chuyên viên Phòng Hành chính tư pháp",
    )
    services.dossier_act(
        received,
        Action.REQUEST_SUPPLEMENT,
        actor=cast.specialist,
        note="Bản sao sổ hộ khẩu | Khoản 2 Điều 45 Luật Lý lịch tư pháp 2009",
    )
    text = pdf_golden_text(paperwork.form_pdf(received, "02"))
    assert "SỞ TƯ PHÁP" in text
    assert "Bản sao sổ hộ khẩu Khoản 2 Điều 45 Luật Lý lịch tư pháp 2009" in text
    assert "CHUYÊN VIÊN PHÒNG HÀNH CHÍNH TƯ PHÁP (Ký và ghi rõ họ tên) Trần Thị Hai" in text
    assert "CÁN BỘ TIẾP NHẬN" not in text


def test_reprinted_receipt_quotes_the_date_recorded_at_reception(received):
    """The date issued at reception is the one recorded on the RECEIVE event when there is one
    (a pause moves legal_due_at later); a later appointment is printed beside it."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tinhso.dossiers.models import Dossier, DossierEvent

    issued = datetime(2026, 12, 1, 17, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    later = datetime(2026, 12, 4, 17, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    DossierEvent.objects.filter(dossier=received, action=Action.RECEIVE).update(
        data={"receipt_due_at": issued.isoformat()}
    )
    Dossier.objects.filter(pk=received.pk).update(due_at=later)
    text = pdf_golden_text(paperwork.form_pdf(Dossier.objects.get(pk=received.pk), "01"))
    assert (
        "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 01/12/2026 "
        "(hẹn lại: 17 giờ 00 phút, ngày 04/12/2026)"
    ) in text


@pytest.mark.parametrize(
    ("due", "paid", "text"),
    [
        (0, 0, "Không thu phí, lệ phí"),
        (5000, 0, "5.000 đồng (chưa thu)"),
        (5000, 5000, "5.000 đồng (đã thu 5.000 đồng)"),
        (0, 5000, "0 đồng (đã thu 5.000 đồng)"),
    ],
)
def test_fee_line(due, paid, text):
    from tinhso.printing.formatting import fee_line

    assert fee_line(due, paid) == text
