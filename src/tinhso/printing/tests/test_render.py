"""The one-stop forms render as real A4 PDFs in Vietnamese, with the fonts embedded."""

import dataclasses
import io
import re
import unicodedata
from datetime import date, datetime

import pytest
import segno
from openpyxl import load_workbook
from pypdf import PdfReader

from tinhso.printing import render
from tinhso.printing.data import Applicant, RegisterData
from tinhso.printing.tests import samples

A4_PORTRAIT = (595.28, 841.89)  # points: 210 × 297 mm
FORM_REF = "Phụ lục I, Thông tư số 03/2025/TT-VPCP"


def pdf_text(pdf: bytes, page: int | None = None) -> str:
    """Extracted text, NFC, with every run of whitespace collapsed to one space."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages if page is None else [reader.pages[page]]
    text = " ".join(p.extract_text() for p in pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """BaseFont (subset tag removed) → whether the font program is embedded, over all pages."""
    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, bool] = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor"
            )
            descriptor = descriptor.get_object() if descriptor else {}
            found[name] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


FORMS = [
    pytest.param(
        "01",
        render.receipt_pdf,
        samples.receipt,
        ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "NGƯỜI NỘP HỒ SƠ", "CÁN BỘ TIẾP NHẬN"],
        id="01-receipt",
    ),
    pytest.param(
        "02",
        render.supplement_pdf,
        samples.supplement,
        [
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "Bản vẽ mặt bằng móng công trình",
            "Điểm c khoản 1 Điều 46 Nghị định số 175/2024/NĐ-CP",
            "trước ngày 02/12/2026",
        ],
        id="02-supplement",
    ),
    pytest.param(
        "03",
        render.refusal_pdf,
        samples.refusal,
        [
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "Công trình thuộc đối tượng được miễn giấy phép xây dựng",
            "Căn cứ: Điểm i khoản 2 Điều 89 Luật Xây dựng",
        ],
        id="03-refusal",
    ),
    pytest.param(
        "04",
        render.apology_pdf,
        samples.apology,
        [
            "VĂN BẢN XIN LỖI",
            "VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "16 giờ 00 phút, ngày 30/11/2026",
            "16 giờ 00 phút, ngày 07/12/2026",
            "Cần lấy ý kiến phối hợp của Sở Xây dựng",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Trần Văn Đức",
            "Nơi nhận:",
        ],
        id="04-apology",
    ),
    pytest.param(
        "05",
        render.stop_pdf,
        samples.stop,
        [
            "THÔNG BÁO",
            "Dừng giải quyết hồ sơ",
            "Người nộp hồ sơ đề nghị rút hồ sơ.",
            "Thẩm định hồ sơ tại Phòng Quản lý xây dựng",
            "Hoàn trả lệ phí 75.000 đồng",
            "Nghị định số 118/2025/NĐ-CP",
        ],
        id="05-stop",
    ),
    pytest.param(
        "06",
        render.control_sheet_pdf,
        samples.control_sheet,
        [
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "TÊN CƠ QUAN, ĐƠN VỊ",
            "THỜI GIAN GIAO, NHẬN HỒ SƠ",
            "KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
            "GHI CHÚ",
            "Giao: Bộ phận Một cửa",
            "Nhận: Phòng Quản lý xây dựng",
            "15 giờ 30 phút, ngày 23/11/2026",
            "Trước hạn",
            "Quá hạn",
            "Người giao",
            "Người nhận",
        ],
        id="06-control-sheet",
    ),
]


@pytest.mark.parametrize(("number", "render_pdf", "sample", "expected"), FORMS)
def test_form_is_an_a4_pdf_in_vietnamese(number, render_pdf, sample, expected):
    pdf = render_pdf(sample())

    assert pdf.startswith(b"%PDF-")
    for width, height in page_sizes(pdf):
        assert (width, height) == pytest.approx(A4_PORTRAIT, abs=0.5)

    text = pdf_text(pdf)
    for phrase in [
        f"Mẫu số {number} – {FORM_REF}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH NGHỆ AN",
        "Nguyễn Thị Ánh",
        samples.DOSSIER_CODE,
        *expected,
    ]:
        assert phrase in text

    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata.title == f"Mẫu số {number} – {render.FORMS[number]}"


@pytest.mark.parametrize(("number", "render_pdf", "sample", "expected"), FORMS)
def test_fonts_are_embedded_tinos_or_dejavu(number, render_pdf, sample, expected):
    fonts = embedded_fonts(render_pdf(sample()))

    assert fonts
    for name, embedded in fonts.items():
        assert name.startswith(("Tinos", "DejaVuSerif")), name
        assert embedded, name


def test_receipt_content():
    pdf = render.receipt_pdf(samples.receipt())
    text = pdf_text(pdf)

    assert len(page_sizes(pdf)) == 1  # the receipt fits on one page
    assert "Nghệ An, ngày 23 tháng 11 năm 2026" in text
    assert "Số: 125/TNHS" in text
    # 07:05 UTC is printed in Việt Nam time.
    assert "Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 23/11/2026" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 30/11/2026" in text
    assert "30/11/2026" in text
    assert "Phí, lệ phí: 1.234.000 đồng" in text
    assert "Giấy chứng nhận quyền sử dụng đất 01 bản sao" in text
    assert "02 bản chính" in text
    assert "Quyển số: 03/2026, Số thứ tự: 0125" in text
    assert "(mã thủ tục: 1.009994)" in text
    assert "Lê Thị Hương" in text


def test_receipt_prints_the_tracking_url_and_its_qr_code():
    pdf = render.receipt_pdf(samples.receipt())

    assert samples.TRACKING_URL in pdf_text(pdf).replace(" ", "")
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert len(images) == 1

    # Read the modules back from the embedded PNG and compare with the code of the URL.
    qr = segno.make(samples.TRACKING_URL, error="m", micro=False)
    picture = images[0].image.convert("L")
    size = qr.symbol_size(scale=1, border=2)[0]
    scale = picture.width // size
    assert picture.width == size * scale
    modules = [
        [
            picture.getpixel(((c + 2) * scale + scale // 2, (r + 2) * scale + scale // 2)) < 128
            for c in range(len(qr.matrix[0]))
        ]
        for r in range(len(qr.matrix))
    ]
    assert modules == [[bool(bit) for bit in row] for row in qr.matrix]


def test_receipt_without_tracking_url_has_no_qr_code():
    pdf = render.receipt_pdf(samples.receipt(tracking_url="", fees=0))

    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 0
    assert "Không thu phí, lệ phí" in pdf_text(pdf)


def test_applicant_text_is_escaped_not_interpreted():
    applicant = dataclasses.replace(
        samples.APPLICANT, name='Lê <b>Văn</b> "Tám" & Cộng sự <img src="file:///etc/passwd">'
    )
    html = render.render_html(
        "receipt.html", render._context("01", samples.receipt(applicant=applicant))
    )
    assert "<b>Văn</b>" not in html
    assert "&lt;b&gt;Văn&lt;/b&gt;" in html

    pdf = render.receipt_pdf(samples.receipt(applicant=applicant))
    assert 'Lê <b>Văn</b> "Tám" & Cộng sự' in pdf_text(pdf)


def test_rendering_fetches_nothing_but_data_uris():
    fetcher = render._url_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.com/logo.png")


def test_supplement_deadline_with_time():
    data = dataclasses.replace(
        samples.supplement(), deadline=datetime(2026, 12, 2, 10, 0, tzinfo=samples.UTC)
    )
    assert "trước 17 giờ 00 phút, ngày 02/12/2026" in pdf_text(render.supplement_pdf(data))


def test_control_sheet_keeps_every_hand_over_in_order():
    text = pdf_text(render.control_sheet_pdf(samples.control_sheet()))

    first = text.index("1. Giao: Bộ phận Một cửa")
    second = text.index("2. Giao: Phòng Quản lý xây dựng")
    assert first < second
    assert "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: 125/TNHS)" in text
    assert "Cơ quan phối hợp giải quyết hồ sơ: Sở Xây dựng" in text
    assert "Chờ ý kiến Sở Xây dựng" in text


def test_register_pdf_is_landscape_with_header_on_every_page_and_totals():
    data = samples.register(rows=45)
    pdf = render.register_pdf(data)

    sizes = page_sizes(pdf)
    assert len(sizes) > 1
    for width, height in sizes:
        assert (width, height) == pytest.approx(A4_PORTRAIT[::-1], abs=0.5)

    first, last = pdf_text(pdf, 0), pdf_text(pdf, len(sizes) - 1)
    assert f"Mẫu số 07 – {FORM_REF}" in first
    assert "SỔ THEO DÕI HỒ SƠ" in first
    assert "Từ ngày 01/11/2026 đến ngày 30/11/2026 – Quyển số: 03/2026" in first
    assert "Nguyễn Thị Ánh" in first
    assert "Hẹn trả kết quả" in last  # the table header repeats
    assert "Tổng cộng: 45 hồ sơ (gồm: Đã trả kết quả: 15; Đang giải quyết: 30)" in last
    assert data.rows[0].dossier_code in first.replace(" ", "")
    end = pdf_text(pdf, len(sizes) - 2) + last  # the totals line may stand alone
    assert data.rows[-1].dossier_code in end.replace(" ", "")
    assert metadata_title(pdf) == "Mẫu số 07 – Sổ theo dõi hồ sơ"


def metadata_title(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).metadata.title


def test_register_xlsx():
    data = samples.register(rows=3)
    wb = load_workbook(io.BytesIO(render.register_xlsx(data)))
    ws = wb.active

    assert ws.title == "Sổ theo dõi hồ sơ"
    assert ws["A1"].value == "SỔ THEO DÕI HỒ SƠ"
    assert ws["A1"].font.b
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH NGHỆ AN" in ws["A2"].value
    assert ws["A3"].value == "Từ ngày 01/11/2026 đến ngày 30/11/2026 – Quyển số: 03/2026"
    assert ws["A4"].value == f"Mẫu số 07 – {FORM_REF}"

    header = [c.value for c in ws[6]]
    assert header == [
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ",
        "Số điện thoại",
        "Cơ quan chủ trì giải quyết",
        "Ngày nhận hồ sơ",
        "Ngày hẹn trả kết quả",
        "Ngày chuyển hồ sơ đến cơ quan giải quyết",
        "Chuyển đến cơ quan, đơn vị",
        "Ngày nhận kết quả từ cơ quan giải quyết",
        "Ngày trả kết quả",
        "Ký nhận",
        "Ghi chú",
    ]
    assert all(c.font.b for c in ws[6])
    assert ws.freeze_panes == "C7"
    assert ws.print_title_rows == "$6:$6"
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width

    first = [c.value for c in ws[7]]
    assert first[0] == 1
    assert first[1] == data.rows[0].dossier_code
    assert first[4] == "Nguyễn Thị Ánh"
    assert first[6] == "0912345678"  # phone numbers stay text, leading zero kept
    received = ws.cell(row=7, column=header.index("Ngày nhận hồ sơ") + 1)
    assert received.value.date() == date(2026, 11, 23)  # 07:05 UTC → 23/11 in Việt Nam
    assert received.number_format == "DD/MM/YYYY"
    returned = ws.cell(row=7, column=header.index("Ngày trả kết quả") + 1)
    assert returned.value.date() == date(2026, 11, 30)
    assert ws.cell(row=8, column=header.index("Ngày trả kết quả") + 1).value is None

    assert [ws.cell(row=r, column=1).value for r in (7, 8, 9)] == [1, 2, 3]
    assert ws["A10"].value == "Tổng cộng: 3 hồ sơ"
    assert ws["A10"].font.b
    assert ws["A11"].value == "– Đã trả kết quả: 1 hồ sơ"
    assert ws["A12"].value == "– Đang giải quyết: 2 hồ sơ"


def test_register_xlsx_never_turns_text_into_formulas():
    base = samples.register(rows=1)
    row = dataclasses.replace(base.rows[0], applicant_name='=HYPERLINK("http://x","y")')
    data = dataclasses.replace(base, rows=[row])
    ws = load_workbook(io.BytesIO(render.register_xlsx(data))).active

    assert ws["E7"].value == '=HYPERLINK("http://x","y")'
    assert ws["E7"].data_type == "s"


def test_empty_register():
    data = RegisterData(
        header=samples.HEADER, period_start=date(2026, 1, 1), period_end=date(2026, 1, 31), rows=[]
    )
    assert "Tổng cộng: 0 hồ sơ" in pdf_text(render.register_pdf(data))
    ws = load_workbook(io.BytesIO(render.register_xlsx(data))).active
    assert ws["A7"].value == "Tổng cộng: 0 hồ sơ"


def test_data_is_frozen_and_lists_become_tuples():
    data = samples.receipt()
    assert isinstance(data.components, tuple)
    assert hash(data)
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.number = "1"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Applicant(name="A").name = "B"  # type: ignore[misc]
