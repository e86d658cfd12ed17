"""The forms of one dossier, built at fixed times, read back from the PDF (issue 12, item 4).

Each test compares the whole text with a golden file (src/tinhso/printing/tests/golden/,
UPDATE_GOLDEN=1 rewrites them) and asserts the fields a reader relies on, one by one.
"""

import io
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from tinhso.accounts.constants import SignerRank
from tinhso.accounts.services import business_create, role_grant, staff_create
from tinhso.dossiers import paperwork, services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.tests.conftest import PASSWORD
from tinhso.organisation import services as organisation
from tinhso.organisation.roles import Role
from tinhso.printing import render
from tinhso.printing.data import ComponentLine
from tinhso.printing.tests import samples
from tinhso.printing.tests.golden import assert_golden, pdf_golden_text, squeeze

VN = ZoneInfo("Asia/Ho_Chi_Minh")
KEY = "ABCDEFGH2345"
URL = "https://dichvucong.tayninh.gov.vn/tra-cuu/?ma=CODE&k=ABCDEFGH2345"


CONTROL_HEAD = (
    "TÊN CƠ QUAN, ĐƠN VỊ THỜI GIAN GIAO, NHẬN HỒ SƠ KẾT QUẢ GIẢI QUYẾT HỒ SƠ "
    "(Trước hạn/đúng hạn/quá hạn) GHI CHÚ"
)
REGISTER_HEAD = (
    "STT Mã hồ sơ Tên thủ tục hành chính Số lượng hồ sơ (bộ) Tên cá nhân, tổ chức Địa chỉ, số "
    "điện thoại Cơ quan chủ trì giải quyết Nhận hồ sơ (giờ, ngày) Hẹn trả kết quả Chuyển hồ sơ "
    "đến cơ quan giải quyết Nhận kết quả từ cơ quan giải quyết Trả kết quả cho cá nhân, tổ chức "
    "Ký nhận Ghi chú"
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def fixed_tracking(monkeypatch):
    monkeypatch.setattr(paperwork, "tracking_key", lambda code: KEY)
    monkeypatch.setattr(paperwork, "tracking_url", lambda d: URL.replace("CODE", d.code))


@pytest.fixture
def centre(province):
    agency, _ = organisation.agency_upsert(
        code="000.01.01.H53",
        name="Trung tâm Phục vụ hành chính công tỉnh Tây Ninh",
        kind="trung_tam_phvhc",
        unit=province["root"],
        parent=province["ubnd"],
    )
    return agency


@pytest.fixture
def officer(centre):
    user = staff_create(username="motcua.tinh", full_name="Lê Thị Mai", password=PASSWORD)
    role_grant(user=user, agency=centre, role=Role.RECEPTION)
    return user


@pytest.fixture
def lltp(new_dossier, cast, officer, centre, province):
    """Cấp Phiếu lý lịch tư pháp: received at the province's centre on Mon 23/11/2026 08:30,
    appraised, approved by the director of Sở Tư pháp and returned on 27/11/2026."""
    role_grant(
        user=cast.leader,
        agency=province["stp"],
        role=Role.AGENCY_LEADER,
        position="Giám đốc",
        rank=SignerRank.HEAD,
    )
    with time_machine.travel(at(23, 8, 30), tick=False):
        d = services.counter_receive(new_dossier(receiving_agency=centre), actor=officer)
    Dossier.objects.filter(pk=d.pk).update(fees_due=200000, fees_paid=200000)
    story = [
        (at(24, 10), Action.FORWARD, cast.specialist, "Hồ sơ hợp lệ"),
        (at(26, 9, 15), Action.APPROVE, cast.leader, ""),
        (at(27, 15), Action.RETURN_RESULT, officer, "Trả trực tiếp"),
    ]
    for moment, action, actor, note in story:
        with time_machine.travel(moment, tick=False):
            d = services.dossier_act(d, action, actor=actor, note=note)
    return Dossier.objects.get(pk=d.pk)


def test_mau_01_receipt_golden(lltp):
    pdf = paperwork.form_pdf(lltp, "01")
    text = pdf_golden_text(pdf, joins=[URL.replace("CODE", lltp.code)])
    assert_golden("mau-01-lltp", text)

    assert lltp.code == "000.01.01.H53-261123-0001"
    assert "ỦY BAN NHÂN DÂN TỈNH TÂY NINH" not in text  # the test province's UBND is "UBND"
    assert "UBND TỈNH TÂY NINH TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH TÂY NINH" in text
    assert "BỘ PHẬN MỘT CỬA" not in text.upper()
    assert "Tây Ninh, ngày 23 tháng 11 năm 2026" in text
    assert "Trung tâm Phục vụ hành chính công tỉnh Tây Ninh tiếp nhận hồ sơ của: Ông/Bà" in text
    assert "Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 23/11/2026" in text
    assert f"Thời gian trả kết quả giải quyết hồ sơ: {_when(lltp.legal_due_at)}" in text
    assert "hẹn lại" not in text
    assert "Phí, lệ phí: 200.000 đồng (đã thu 200.000 đồng)" in text
    assert f"Mã xác minh: {KEY}" in text
    assert "NGƯỜI NỘP HỒ SƠ" in text and "CÁN BỘ TIẾP NHẬN" in text
    assert "Lê Thị Mai" in text


def _when(value: datetime) -> str:
    local = value.astimezone(VN)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def test_mau_06_control_sheet_golden(lltp, cast):
    text = pdf_golden_text(paperwork.form_pdf(lltp, "06"), headers=[CONTROL_HEAD])
    assert_golden("mau-06-lltp", text)

    one_stop = "Trung tâm Phục vụ hành chính công tỉnh Tây Ninh"
    assert f"1. Giao: {one_stop} Nhận: Thụ lý, thẩm định hồ sơ – Sở Tư pháp" in text
    for when, giver, receiver in [
        ("08 giờ 30 phút, ngày 23/11/2026", "Lê Thị Mai", "Trần Thị Hai"),
        ("10 giờ 00 phút, ngày 24/11/2026", "Trần Thị Hai", "Phạm Văn Ba"),
        ("09 giờ 15 phút, ngày 26/11/2026", "Phạm Văn Ba", "Lê Thị Mai"),
        ("15 giờ 00 phút, ngày 27/11/2026", "Lê Thị Mai", "Nguyễn Thị Ánh"),
    ]:
        assert f"{when} Người giao {giver} Người nhận {receiver}" in text
    assert text.count(CONTROL_HEAD) == 1


def test_mau_07_register_golden(lltp, centre):
    data = paperwork.register_data(centre, date(2026, 11, 1), date(2026, 11, 30))
    data = data.__class__(**{**data.__dict__, "printed_at": at(30, 17)})
    text = pdf_golden_text(render.register_pdf(data), joins=[lltp.code], headers=[REGISTER_HEAD])
    assert_golden("mau-07-centre", text)
    assert REGISTER_HEAD in text

    for heading in [
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
        "Nhận hồ sơ (giờ, ngày)",
        "Hẹn trả kết quả",
        "Chuyển hồ sơ đến cơ quan giải quyết",
        "Nhận kết quả từ cơ quan giải quyết",
        "Trả kết quả cho cá nhân, tổ chức",
        "Ký nhận",
        "Ghi chú",
    ]:
        assert heading in text
    row = data.rows[0]
    assert (row.received_at, row.handed_at) == (at(23, 8, 30), at(23, 8, 30))
    assert (row.result_ready_at, row.returned_at) == (at(26, 9, 15), at(27, 15))
    assert row.lead_agency == "Sở Tư pháp"
    assert squeeze(
        "Sở Tư pháp 08:30 23/11/2026 08/12/2026 23/11/2026 26/11/2026 27/11/2026 "
        "Đã trả kết quả; Trước hạn"
    ) in squeeze(text)


def test_register_leaves_out_what_was_not_received(new_dossier, cast, centre, officer):
    with time_machine.travel(at(23, 9), tick=False):
        waiting = services.dossier_create(new_dossier(receiving_agency=centre), actor=officer)
    data = paperwork.register_data(centre, date(2026, 11, 1), date(2026, 11, 30))
    assert waiting.submitted_at is not None
    assert [r.dossier_code for r in data.rows] == []
    assert "Tổng cộng: 0 hồ sơ" in pdf_golden_text(render.register_pdf(data))


def test_mau_02_at_reception_golden(procedures, province, cast):
    """Asked at the commune's counter: the commune's centre, the basis per item, the officer."""
    with time_machine.travel(at(23, 9, 15), tick=False):
        d = services.dossier_create(
            services.NewDossier(
                version=procedures["khaisinh"],
                receiving_agency=province["x1"],
                applicant=services.ApplicantInfo(name="Trần Văn Bình", cccd="072088004567"),
            ),
            actor=cast.commune_reception,
        )
        services.dossier_act(
            d,
            Action.REQUEST_SUPPLEMENT,
            actor=cast.commune_reception,
            note="Giấy chứng sinh | Khoản 1 Điều 16 Luật Hộ tịch 2014\n"
            "- Giấy tờ tùy thân của người đi đăng ký",
        )
    text = pdf_golden_text(paperwork.form_pdf(d, "02"), joins=[URL.replace("CODE", d.code)])
    assert_golden("mau-02-khaisinh", text)

    assert "UBND PHƯỜNG TÂN NINH TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG TÂN NINH" in text
    assert "Tân Ninh, ngày 23 tháng 11 năm 2026" in text
    assert "1 Giấy chứng sinh Khoản 1 Điều 16 Luật Hộ tịch 2014" in text
    assert "2 Giấy tờ tùy thân của người đi đăng ký Thành phần hồ sơ của thủ tục 1.001193" in text
    assert "CÁN BỘ TIẾP NHẬN (Ký và ghi rõ họ tên) Ngô Thị Sáu" in text


@pytest.mark.parametrize(
    ("number", "sample"),
    [("03", "refusal"), ("04", "apology"), ("05", "stop")],
)
def test_letters_golden(number, sample):
    """Mẫu 03–05 as rendered in this tree (their builders belong to the decisions work)."""
    pdf = getattr(render, f"{sample}_pdf")(getattr(samples, sample)())
    assert_golden(f"mau-{number}-sample", pdf_golden_text(pdf))


def test_mau_01_reprint_shows_the_receipt_date_and_the_later_appointment(lltp):
    later = at(30, 17)
    Dossier.objects.filter(pk=lltp.pk).update(due_at=later)
    text = pdf_golden_text(paperwork.form_pdf(Dossier.objects.get(pk=lltp.pk), "01"))
    assert f"{_when(lltp.legal_due_at)} (hẹn lại: 17 giờ 00 phút, ngày 30/11/2026)" in text


def test_mau_01_without_fees_and_for_a_business(new_dossier, centre, officer):
    business = business_create(
        username="congty",
        full_name="Trương Văn Nghiệp",
        organisation_name="Công ty TNHH Minh họa",
        tax_code="0100109106",
        password=PASSWORD,
    )
    applicant = services.ApplicantInfo(
        name="Công ty TNHH Minh họa", cccd="0100109106", account=business
    )
    with time_machine.travel(at(23, 10), tick=False):
        d = services.counter_receive(
            new_dossier(receiving_agency=centre, applicant=applicant), actor=officer
        )
    Dossier.objects.filter(pk=d.pk).update(fees_due=0, fees_paid=0)
    text = pdf_golden_text(paperwork.form_pdf(Dossier.objects.get(pk=d.pk), "01"))
    assert "Phí, lệ phí: Không thu phí, lệ phí" in text
    assert "Ông/Bà" not in text
    assert "tiếp nhận hồ sơ của: Công ty TNHH Minh họa" in text
    assert "Mã số doanh nghiệp/Mã số thuế: 0100109106" in text


def test_mau_01_fits_one_page_with_many_papers(lltp):
    many = [
        ComponentLine(f"Giấy tờ số {i} kèm theo hồ sơ đề nghị cấp phép", 1, 1) for i in range(9)
    ]
    pdf = render.receipt_pdf(replace(samples.receipt(), components=many))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0].extract_text()
    assert "NGƯỜI NỘP HỒ SƠ" in page and "CÁN BỘ TIẾP NHẬN" in page
