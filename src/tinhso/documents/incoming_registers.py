"""The registers of incoming documents, as PDF and .xlsx, for a book and a date range.

Nghị định 30/2020/NĐ-CP, Phụ lục IV: Sổ đăng ký văn bản đến (10 columns: Ngày đến | Số đến |
Tác giả | Số, ký hiệu | Ngày tháng | Tên loại và trích yếu nội dung | Đơn vị hoặc người nhận |
Ngày chuyển | Ký nhận | Ghi chú) and Sổ theo dõi giải quyết văn bản đến (7 columns: Số đến |
Tên loại, số, ký hiệu, ngày tháng, tác giả và trích yếu | Đơn vị hoặc người nhận | Thời hạn
giải quyết | Tiến độ giải quyết | Số, ký hiệu văn bản trả lời | Ghi chú). Điều 16.2.b: a
register kept in the system is printed with all its fields and bound. Rows are only those the
reader may read (tinhso.documents.access).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tinhso.documents import access
from tinhso.documents.kinds import AssignmentRole, Confidentiality, Urgency
from tinhso.documents.models import Document, DocumentBook, DocumentState
from tinhso.printing.render import html_to_pdf


@dataclass(frozen=True)
class Register:
    key: str
    title: str
    headings: tuple[str, ...]
    widths: tuple[int, ...]


ARRIVAL = Register(
    "so-dang-ky",
    "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    (
        "Ngày đến",
        "Số đến",
        "Tác giả",
        "Số, ký hiệu",
        "Ngày tháng",
        "Tên loại và trích yếu nội dung",
        "Đơn vị hoặc người nhận",
        "Ngày chuyển",
        "Ký nhận",
        "Ghi chú",
    ),
    (14, 7, 21, 18, 14, 40, 24, 14, 10, 22),
)
FOLLOW_UP = Register(
    "so-theo-doi",
    "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN",
    (
        "Số đến",
        "Tên loại, số, ký hiệu, ngày tháng, tác giả và trích yếu nội dung",
        "Đơn vị hoặc người nhận",
        "Thời hạn giải quyết",
        "Tiến độ giải quyết",
        "Số, ký hiệu văn bản trả lời",
        "Ghi chú",
    ),
    (8, 52, 26, 14, 22, 22, 24),
)
REGISTERS = {r.key: r for r in (ARRIVAL, FOLLOW_UP)}


@dataclass(frozen=True)
class RegisterSheet:
    register: Register
    agency_name: str
    book_name: str
    start: date
    end: date
    rows: list[tuple[str, ...]]


def _d(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value:%d/%m/%Y}"


def _documents(book: DocumentBook, start: date, end: date, user: Any) -> list[Document]:
    qs = (
        access.readable_documents(user)
        .filter(book=book, book_number__isnull=False)
        .select_related("incoming_detail", "agency")
        .prefetch_related("assignments__assignee", "assignments__department")
        .order_by("book_number")
    )
    return [
        d
        for d in qs
        if d.registered_at and start <= timezone.localtime(d.registered_at).date() <= end
    ]


def _detail(document: Document) -> Any:
    return getattr(document, "incoming_detail", None)


def _lead(document: Document) -> Any:
    for a in document.assignments.all():
        if a.is_active and a.parent_id is None and a.role == AssignmentRole.LEAD:
            return a
    return None


def _receivers(document: Document) -> str:
    names = []
    for a in document.assignments.all():
        if a.is_active and a.parent_id is None:
            who = a.assignee.full_name if a.assignee else a.department.name if a.department else ""
            names.append(f"{who} ({a.get_role_display().lower()})")
    return "; ".join(names)


def _notes(document: Document) -> str:
    detail = _detail(document)
    parts = []
    if document.urgency != Urgency.NORMAL:
        parts.append(document.get_urgency_display())
    if document.confidentiality != Confidentiality.NORMAL:
        parts.append(document.get_confidentiality_display())
    if detail and detail.registered_late:
        parts.append("Vào sổ muộn")
    if detail and detail.duplicate_confirmed:
        parts.append("Trùng, đã xác nhận")
    if detail and detail.note:
        parts.append(detail.note)
    return "; ".join(parts)


def _arrival_row(d: Document) -> tuple[str, ...]:
    detail = _detail(d)
    return (
        _d(d.arrival_at),
        str(d.book_number),
        d.organ_name,
        d.number_and_symbol,
        _d(d.issued_date),
        f"{d.get_doc_type_display()}: {d.subject}",
        _receivers(d),
        _d(detail.transferred_at) if detail else "",
        "",
        _notes(d),
    )


def _follow_up_row(d: Document) -> tuple[str, ...]:
    detail = _detail(d)
    lead = _lead(d)
    identity = (
        f"{d.get_doc_type_display()} số {d.number_and_symbol or 'không số'}"
        f"{' ngày ' + _d(d.issued_date) if d.issued_date else ''} của {d.organ_name}: {d.subject}"
    )
    deadline = (lead.deadline if lead and lead.deadline else None) or d.due_date
    progress = DocumentState(d.state).label
    if lead and d.state != DocumentState.DONE:
        progress += f" ({lead.progress}%)"
    if detail and detail.completed_at:
        progress += f", xong ngày {_d(detail.completed_at)}"
    return (
        str(d.book_number),
        identity,
        _receivers(d),
        _d(deadline),
        progress,
        detail.reply_notation if detail else "",
        _notes(d),
    )


ROW_BUILDERS: dict[str, Callable[[Document], tuple[str, ...]]] = {
    ARRIVAL.key: _arrival_row,
    FOLLOW_UP.key: _follow_up_row,
}


def sheet(key: str, book: DocumentBook, start: date, end: date, user: Any) -> RegisterSheet:
    """The register `key` of the book between two dates (registration day, local time)."""
    if key not in REGISTERS:
        raise ValueError("Sổ không hợp lệ.")
    if start > end:
        raise ValueError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
    build = ROW_BUILDERS[key]
    return RegisterSheet(
        register=REGISTERS[key],
        agency_name=book.agency.name,
        book_name=book.name,
        start=start,
        end=end,
        rows=[build(d) for d in _documents(book, start, end, user)],
    )


def register_pdf(data: RegisterSheet) -> bytes:
    """A4 landscape, every column of Phụ lục IV, Vietnamese fonts (tinhso.printing)."""
    total = sum(data.register.widths)
    html = render_to_string(
        "documents/incoming/register_pdf.html",
        {
            "sheet": data,
            "start": _d(data.start),
            "end": _d(data.end),
            "percents": [round(100 * w / total, 1) for w in data.register.widths],
        },
    )
    return html_to_pdf(html)


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def register_xlsx(data: RegisterSheet) -> bytes:
    """The same register as an .xlsx workbook: title lines, bold frozen header, text cells."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = data.register.title.title()[:31]
    headings = data.register.headings
    last = get_column_letter(len(headings))
    lines = (
        (data.agency_name.upper(), Font(name="Times New Roman", size=12, bold=True)),
        (data.register.title, Font(name="Times New Roman", size=14, bold=True)),
        (
            f"{data.book_name} – từ ngày {_d(data.start)} đến ngày {_d(data.end)}",
            Font(name="Times New Roman", size=12, italic=True),
        ),
    )
    for row, (text, font) in enumerate(lines, start=1):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=_text(text))
        cell.font = font
        cell.alignment = Alignment(horizontal="center")
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header = 5
    for col, (heading, width) in enumerate(zip(headings, data.register.widths, strict=True), 1):
        cell = ws.cell(row=header, column=col, value=heading)
        cell.font = Font(name="Times New Roman", size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(data.rows, start=header + 1):
        for col, value in enumerate(values, 1):
            body = ws.cell(row=r, column=col)
            body.value = _text(value)
            body.data_type = "s"  # text stays text: a subject starting with "=" is no formula
            body.font = Font(name="Times New Roman", size=11)
            body.alignment = Alignment(vertical="top", wrap_text=True)
            body.border = border
    ws.freeze_panes = f"A{header + 1}"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
