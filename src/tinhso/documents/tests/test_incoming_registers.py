"""The incoming registers carry every column of Phụ lục IV (Nghị định 30/2020/NĐ-CP), as PDF
and .xlsx (issue 14 items 2 and 6)."""

import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tinhso.documents import incoming_handling, incoming_registers
from tinhso.documents.incoming_handling import SlipLine
from tinhso.documents.kinds import AssignmentRole, Confidentiality, Urgency

from .incoming_helpers import at, register_scan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _text(pdf: bytes) -> str:
    raw = " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", raw)


@pytest.fixture
def book(office):
    doc = register_scan(office, urgency=Urgency.URGENT, moment=at(2026, 12, 2, 9, 0))
    incoming_handling.assign(
        doc,
        actor=office.leader,
        lines=[SlipLine(AssignmentRole.LEAD, department=office.legal_dept, working_days=5)],
        moment=at(2026, 12, 2, 10, 0),
    )
    incoming_handling.complete(doc, actor=office.leader, reply_notation="88/STP-XDKTVB")
    register_scan(office, code_number="300", subject="Về việc mời họp", moment=at(2026, 12, 3, 9))
    # outside the range, and a secret one in its own book
    register_scan(
        office,
        code_number="301",
        moment=at(2026, 11, 20, 9),
        arrival_at=at(2026, 11, 20, 8),
        issued_date=date(2026, 11, 19),
    )
    register_scan(
        office,
        code_number="302",
        confidentiality=Confidentiality.CONFIDENTIAL,
        named_readers=[office.leader],
    )
    return doc.book


def test_the_arrival_register_has_every_column_of_phu_luc_iv(office, book):
    sheet = incoming_registers.sheet(
        "so-dang-ky", book, date(2026, 12, 1), date(2026, 12, 31), office.clerk
    )
    assert [r[1] for r in sheet.rows] == ["1", "2"]  # not no. 3 (November), nor the secret book
    first = sheet.rows[0]
    assert first[0] == "02/12/2026" and first[2] == "Sở Xây dựng" and first[3] == "125/SXD-VP"
    assert first[4] == "01/12/2026" and first[5].startswith("Công văn: Về việc góp ý")
    assert office.legal_dept.name in first[6] and first[7] == "02/12/2026" and "Khẩn" in first[9]

    text = _text(incoming_registers.register_pdf(sheet))
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text
    for heading in incoming_registers.ARRIVAL.headings:
        assert heading in text, heading
    assert "125/SXD-VP" in text and "Về việc mời họp" in text

    wb = load_workbook(BytesIO(incoming_registers.register_xlsx(sheet)))
    ws = wb.active
    assert [c.value for c in ws[5]] == list(incoming_registers.ARRIVAL.headings)
    assert ws["B6"].value == "1" and ws["D6"].value == "125/SXD-VP" and ws["B7"].value == "2"


def test_the_follow_up_register_has_its_seven_columns(office, book):
    sheet = incoming_registers.sheet(
        "so-theo-doi", book, date(2026, 12, 1), date(2026, 12, 31), office.leader
    )
    first = sheet.rows[0]
    assert len(first) == 7 and first[0] == "1"
    assert (
        first[3] == "09/12/2026"
        and "Đã giải quyết xong" in first[4]
        and first[5] == "88/STP-XDKTVB"
    )
    text = _text(incoming_registers.register_pdf(sheet))
    assert "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN" in text
    for heading in incoming_registers.FOLLOW_UP.headings:
        assert heading in text, heading
    wb = load_workbook(BytesIO(incoming_registers.register_xlsx(sheet)))
    assert [c.value for c in wb.active[5]] == list(incoming_registers.FOLLOW_UP.headings)


def test_a_register_shows_only_what_the_reader_may_read(office, book):
    sheet = incoming_registers.sheet(
        "so-dang-ky", book, date(2026, 12, 1), date(2026, 12, 31), office.other_clerk
    )
    assert sheet.rows == []
    with pytest.raises(ValueError, match="Ngày bắt đầu"):
        incoming_registers.sheet(
            "so-dang-ky", book, date(2026, 12, 31), date(2026, 12, 1), office.clerk
        )
