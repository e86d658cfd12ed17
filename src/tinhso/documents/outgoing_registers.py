"""Registers of outgoing documents as PDF and .xlsx (Nghị định 30/2020/NĐ-CP Phụ lục IV):

- Sổ đăng ký văn bản đi: Số, ký hiệu văn bản | Ngày tháng văn bản | Tên loại và trích yếu nội
  dung văn bản | Người ký | Nơi nhận văn bản | Đơn vị, người nhận bản lưu | Số lượng bản | Ngày
  chuyển | Ký nhận | Ghi chú;
- Sổ gửi văn bản đi bưu điện: Ngày chuyển | Số, ký hiệu văn bản | Nơi nhận văn bản | Số lượng bì
  | Ký nhận và dấu bưu điện | Ghi chú.

"Ký nhận" and "Ký nhận và dấu bưu điện" stay blank for the handwritten receipt on the printout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tinhso.documents.access import readable_documents
from tinhso.documents.kinds import Direction
from tinhso.documents.models import DocumentBook
from tinhso.documents.models.outgoing import PostalDispatch
from tinhso.documents.numbering import unit_abbreviation
from tinhso.printing.render import html_to_pdf

OUTGOING_COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
POSTAL_COLUMNS = (
    "Ngày chuyển",
    "Số, ký hiệu văn bản",
    "Nơi nhận văn bản",
    "Số lượng bì",
    "Ký nhận và dấu bưu điện",
    "Ghi chú",
)


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


@dataclass(frozen=True)
class Register:
    title: str
    agency: str
    year: int
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]


def outgoing_rows(documents: Any) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for doc in documents.select_related("outgoing", "drafting_department").prefetch_related(
        "recipients"
    ):
        recipients = list(doc.recipients.all())
        sent = [r.sent_at for r in recipients if r.sent_at]
        detail = getattr(doc, "outgoing", None)
        keep = (detail.archive_copy if detail and detail.archive_copy else "") or (
            f"Lưu: VT, {unit_abbreviation(doc.drafting_department.code)}"
            if doc.drafting_department
            else "Lưu: VT"
        )
        note = doc.get_state_display() if doc.state in ("recalled", "replaced") else ""
        rows.append(
            (
                doc.number_and_symbol,
                _d(doc.issued_date),
                f"{doc.get_doc_type_display()}: {doc.subject}",
                doc.signer_name,
                "; ".join(r.name for r in recipients),
                keep,
                str(sum(r.copies for r in recipients) or doc.issued_amount),
                _d(timezone.localdate(min(sent))) if sent else "",
                "",
                note or doc.description,
            )
        )
    return rows


def outgoing_register(book: DocumentBook, user: Any) -> Register:
    """Sổ đăng ký văn bản đi of one book, in number order, as the user may read it
    (documents.access: a confidential document only for those named on it)."""
    documents = (
        readable_documents(user)
        .filter(book=book, direction=Direction.OUTGOING)
        .order_by("book_number")
    )
    return Register(
        book.name, book.agency.name, book.year, OUTGOING_COLUMNS, outgoing_rows(documents)
    )


def postal_register(agency: Any, year: int) -> Register:
    rows: list[tuple[str, ...]] = [
        (
            _d(p.handed_on),
            p.number_and_symbol,
            p.destination,
            str(p.envelopes),
            p.postal_receipt,
            p.note,
        )
        for p in PostalDispatch.objects.filter(agency=agency, handed_on__year=year)
    ]
    return Register(
        f"Sổ gửi văn bản đi bưu điện năm {year}", agency.name, year, POSTAL_COLUMNS, rows
    )


def register_pdf(register: Register) -> bytes:
    html = render_to_string(
        "documents/outgoing/register_pdf.html",
        {
            "register": register,
            "printed": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        },
    )
    return html_to_pdf(html)


def register_xlsx(register: Register) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "So"
    ws.append([register.agency])
    ws.append([register.title.upper()])
    ws.append([])
    ws.append(list(register.columns))
    ws.append([f"({i})" for i in range(1, len(register.columns) + 1)])
    for row in register.rows:
        ws.append(list(row))
    for cell in ws[4]:
        cell.font = Font(name="Times New Roman", bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for i, heading in enumerate(register.columns, start=1):
        ws.column_dimensions[chr(64 + i)].width = max(10, min(40, len(heading) + 4))
    ws["A2"].font = Font(name="Times New Roman", bold=True, size=14)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
