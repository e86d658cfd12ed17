"""Mẫu số 07 — Sổ theo dõi hồ sơ as an .xlsx workbook (openpyxl)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tinhso.printing.data import FORM_SOURCE, RegisterData, RegisterRow
from tinhso.printing.formatting import local, short_date

FONT_NAME = "Times New Roman"
DATE_FORMAT = "DD/MM/YYYY"
HEADER_ROW = 6


@dataclass(frozen=True)
class Column:
    heading: str
    width: float
    value: Callable[[RegisterRow], object]
    is_date: bool = False
    wrap: bool = True


def _day(value: date | datetime | None) -> date | None:
    """Dates for Excel: local calendar day, no time zone (Excel has none)."""
    if value is None:
        return None
    value = local(value)
    return value.date() if isinstance(value, datetime) else value


def _note(r: RegisterRow) -> str:
    return "; ".join(part for part in (r.status_label, r.note) if part)


# The columns of Mẫu số 07 (Thông tư 03/2025/TT-VPCP, Phụ lục I), as in the PDF register.
COLUMNS: tuple[Column, ...] = (
    Column("STT", 6, lambda r: r.number, wrap=False),
    Column("Mã hồ sơ", 26, lambda r: r.dossier_code, wrap=False),
    Column("Tên thủ tục hành chính", 42, lambda r: r.procedure_name),
    Column("Số lượng hồ sơ (bộ)", 9, lambda r: r.sets, wrap=False),
    Column("Tên cá nhân, tổ chức", 24, lambda r: r.applicant_name),
    Column("Địa chỉ", 30, lambda r: r.address),
    Column("Số điện thoại", 14, lambda r: r.phone, wrap=False),
    Column("Cơ quan chủ trì giải quyết", 28, lambda r: r.lead_agency),
    Column(
        "Ngày nhận hồ sơ",
        13,
        lambda r: _day(r.received_at) if r.received_at else "Chưa tiếp nhận",
        is_date=True,
    ),
    Column("Ngày hẹn trả kết quả", 13, lambda r: _day(r.due_at), is_date=True),
    Column(
        "Ngày chuyển hồ sơ đến cơ quan giải quyết", 14, lambda r: _day(r.handed_at), is_date=True
    ),
    Column("Chuyển đến cơ quan, đơn vị", 28, lambda r: r.handed_to),
    Column(
        "Ngày nhận kết quả từ cơ quan giải quyết",
        14,
        lambda r: _day(r.result_ready_at),
        is_date=True,
    ),
    Column("Ngày trả kết quả", 13, lambda r: _day(r.returned_at), is_date=True),
    Column("Ký nhận", 14, lambda r: ""),
    Column("Ghi chú", 30, _note),
)

_thin = Side(style="thin", color="000000")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_HEADER_FILL = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _put(ws: Worksheet, row: int, col: int, value: object):
    """Write a value; text always stays text (a name starting with "=" is not a formula)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = _text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _title_line(ws: Worksheet, row: int, text: str, font: Font) -> None:
    last = get_column_letter(len(COLUMNS))
    ws.merge_cells(f"A{row}:{last}{row}")
    cell = _put(ws, row, 1, text)
    cell.font = font
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def register_xlsx(data: RegisterData) -> bytes:
    """The register as an .xlsx file: title, bold frozen header, dd/mm/yyyy dates, totals."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sổ theo dõi hồ sơ"

    header = data.header
    issuer = " – ".join(
        part.upper() for part in (header.parent_agency_name, header.agency_name) if part
    )
    period = f"Từ ngày {short_date(data.period_start)} đến ngày {short_date(data.period_end)}"
    if data.book_number:
        period += f" – Quyển số: {data.book_number}"
    _title_line(ws, 1, "SỔ THEO DÕI HỒ SƠ", Font(name=FONT_NAME, size=14, bold=True))
    _title_line(ws, 2, issuer, Font(name=FONT_NAME, size=12, bold=True))
    _title_line(ws, 3, period, Font(name=FONT_NAME, size=12, italic=True))
    _title_line(ws, 4, f"Mẫu số 07 – {FORM_SOURCE}", Font(name=FONT_NAME, size=10, italic=True))
    ws.row_dimensions[1].height = 22

    bold = Font(name=FONT_NAME, size=12, bold=True)
    normal = Font(name=FONT_NAME, size=12)
    for index, column in enumerate(COLUMNS, start=1):
        cell = _put(ws, HEADER_ROW, index, column.heading)
        cell.font = bold
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[HEADER_ROW].height = 48

    row_no = HEADER_ROW
    for row in data.rows:
        row_no += 1
        for index, column in enumerate(COLUMNS, start=1):
            value = column.value(row)
            cell = _put(ws, row_no, index, value)
            cell.font = normal
            cell.border = _BORDER
            horizontal = "center" if column.is_date or index == 1 else "left"
            cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=column.wrap)
            if column.is_date:
                cell.number_format = DATE_FORMAT

    last_data_row = row_no
    last_col = get_column_letter(len(COLUMNS))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{max(last_data_row, HEADER_ROW)}"

    # Totals: one line for the whole register, then one per status.
    row_no += 1
    ws.merge_cells(f"A{row_no}:{last_col}{row_no}")
    cell = _put(ws, row_no, 1, f"Tổng cộng: {len(data.rows)} hồ sơ")
    cell.font = bold
    for label, count in data.totals():
        row_no += 1
        ws.merge_cells(f"A{row_no}:{last_col}{row_no}")
        _put(ws, row_no, 1, f"– {label}: {count} hồ sơ").font = normal

    ws.freeze_panes = f"C{HEADER_ROW + 1}"  # keeps STT and Mã hồ sơ in view
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    wb.properties.title = "Sổ theo dõi hồ sơ"
    wb.properties.creator = header.agency_name

    out = BytesIO()
    wb.save(out)
    return out.getvalue()
