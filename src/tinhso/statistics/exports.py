"""Báo cáo tình hình, kết quả giải quyết TTHC as .xlsx (openpyxl) and PDF (WeasyPrint, Tinos).

Columns follow the summary report of Thông tư 03/2025/TT-VPCP (as Biểu tổng hợp of the former
TT 01/2018/TT-VPCP): số hồ sơ nhận giải quyết (tổng số; kỳ trước chuyển qua; mới tiếp nhận
trực tuyến / trực tiếp, bưu chính), kết quả giải quyết (đã giải quyết: trước hạn, đúng hạn,
quá hạn; đang giải quyết: trong hạn, quá hạn), then the columns our leaders also asked for
(từ chối, rút, bổ sung, gia hạn, thời gian trung bình, hài lòng). The dashboard pages link to
views in tinhso.statistics.views that call these functions.

    report_xlsx(rows, meta) -> bytes      rows: selectors.figures(...)
    report_pdf(rows, meta) -> bytes
    index_766_xlsx(rows, meta) -> bytes   rows: selectors.index_766(...)
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tinhso.statistics.figures import Figures, Index766Row

FONT = "Times New Roman"
SOURCE = "Thông tư 03/2025/TT-VPCP"


@dataclass(frozen=True)
class ReportMeta:
    """What the report is about: the unit (tỉnh / cơ quan), the period, the grouping."""

    unit: str
    date_from: date
    date_to: date
    group_label: str = "Đơn vị"

    @property
    def title(self) -> str:
        return "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"

    @property
    def period(self) -> str:
        return f"Kỳ báo cáo: từ ngày {self.date_from:%d/%m/%Y} đến ngày {self.date_to:%d/%m/%Y}"


@dataclass(frozen=True)
class Column:
    group: str  # the upper heading ("" = none, merged over two rows)
    heading: str
    value: Callable[[Figures], object]


def _ratio(value: Decimal | None) -> str:
    return "" if value is None else f"{value * 100:.2f}".replace(".", ",") + "%"


def _days(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


RECEIVED = "Số hồ sơ nhận giải quyết"
RESOLVED = "Số hồ sơ đã giải quyết"
IN_PROGRESS = "Số hồ sơ đang giải quyết"
OTHER = "Khác"
COLUMNS: tuple[Column, ...] = (
    Column(RECEIVED, "Tổng số", lambda f: f.received.total),
    Column(RECEIVED, "Kỳ trước chuyển qua", lambda f: f.received.carried_over),
    Column(RECEIVED, "Mới tiếp nhận trực tuyến", lambda f: f.received.online_total),
    Column(
        RECEIVED,
        "Mới tiếp nhận trực tiếp, qua bưu chính",
        lambda f: f.received.counter + f.received.postal,
    ),
    Column(RESOLVED, "Tổng số", lambda f: f.resolved.total),
    Column(RESOLVED, "Trước hạn", lambda f: f.resolved.early),
    Column(RESOLVED, "Đúng hạn", lambda f: f.resolved.on_time),
    Column(RESOLVED, "Quá hạn", lambda f: f.resolved.late),
    Column(IN_PROGRESS, "Tổng số", lambda f: f.in_progress.total),
    Column(IN_PROGRESS, "Trong hạn", lambda f: f.in_progress.in_time),
    Column(IN_PROGRESS, "Quá hạn", lambda f: f.in_progress.overdue),
    Column(OTHER, "Từ chối", lambda f: f.refused + f.refused_reception),
    Column(OTHER, "Rút hồ sơ", lambda f: f.withdrawn),
    Column(OTHER, "Yêu cầu bổ sung", lambda f: f.supplement_requests),
    Column(OTHER, "Gia hạn", lambda f: f.extensions),
    Column(
        OTHER, "Thời gian giải quyết TB (ngày làm việc)", lambda f: _days(f.average_working_days)
    ),
    Column(OTHER, "Tỷ lệ đúng hạn", lambda f: _ratio(f.resolved.in_time_ratio)),
    Column(OTHER, "Tỷ lệ hài lòng", lambda f: _ratio(f.satisfaction.ratio)),
)


def _header_groups() -> list[tuple[str, int]]:
    groups: list[tuple[str, int]] = []
    for c in COLUMNS:
        if groups and groups[-1][0] == c.group:
            groups[-1] = (c.group, groups[-1][1] + 1)
        else:
            groups.append((c.group, 1))
    return groups


def report_xlsx(rows: list[Figures], meta: ReportMeta) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name=FONT, bold=True, size=12)
    plain = Font(name=FONT, size=12)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    width = len(COLUMNS) + 2
    for r, (text, font) in enumerate(
        [
            (meta.unit, bold),
            (meta.title, Font(name=FONT, bold=True, size=14)),
            (meta.period, plain),
        ],
        start=1,
    ):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        cell = ws.cell(r, 1, text)
        cell.font, cell.alignment = font, centre
    top = 5
    for col, heading in ((1, "STT"), (2, meta.group_label)):
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        ws.cell(top, col, heading)
    col = 3
    for group, span in _header_groups():
        ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
        ws.cell(top, col, group)
        col += span
    for i, c in enumerate(COLUMNS, start=3):
        ws.cell(top + 1, i, c.heading)
    for i in range(1, width + 1):  # (1), (2), … as official forms number their columns
        ws.cell(top + 2, i, f"({i})")
    for r in range(top, top + 3):
        for i in range(1, width + 1):
            cell = ws.cell(r, i)
            cell.font, cell.alignment, cell.border = bold, centre, box
    for n, f in enumerate(rows, start=1):
        r = top + 2 + n
        values = [n, f.label, *[c.value(f) for c in COLUMNS]]
        for i, value in enumerate(values, start=1):
            cell = ws.cell(r, i, value)
            cell.font, cell.border = plain, box
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 36
    for i in range(3, width + 1):
        ws.column_dimensions[get_column_letter(i)].width = 12
    ws.row_dimensions[top + 1].height = 60
    note = top + 4 + len(rows)
    ws.cell(note, 1, f"Lập lúc {timezone.localtime():%H:%M ngày %d/%m/%Y} – mẫu theo {SOURCE}.")
    ws.cell(note, 1).font = Font(name=FONT, italic=True, size=11)
    ws.freeze_panes = ws.cell(top + 3, 3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def report_html(rows: list[Figures], meta: ReportMeta) -> str:
    table = [(n, f.label, [c.value(f) for c in COLUMNS]) for n, f in enumerate(rows, start=1)]
    return render_to_string(
        "statistics/report_pdf.html",
        {
            "meta": meta,
            "groups": _header_groups(),
            "columns": COLUMNS,
            "numbers": range(1, len(COLUMNS) + 3),
            "table": table,
            "source": SOURCE,
            "generated_at": timezone.localtime(),
        },
    )


def report_pdf(rows: list[Figures], meta: ReportMeta) -> bytes:
    """The report as A4 landscape PDF, through tinhso.printing's WeasyPrint set-up (Tinos
    font, no network access while rendering)."""
    from tinhso.printing.render import html_to_pdf

    return html_to_pdf(report_html(rows, meta))


def _points(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def index_766_xlsx(rows: list[Index766Row], meta: ReportMeta) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet
    ws.title = "Chỉ số 766"
    bold = Font(name=FONT, bold=True, size=12)
    ws.append([meta.unit])
    ws.append(["CÁC NHÓM CHỈ SỐ THEO QUYẾT ĐỊNH 766/QĐ-TTg"])
    ws.append([meta.period])
    ws.append([])
    heads = [meta.group_label, "Nhóm chỉ số", "Tử số", "Mẫu số", "Tỷ lệ", "Tử số là", "Mẫu số là"]
    ws.append([*heads, "Nhóm (điểm tối đa, QĐ 766)", "Điểm nhóm"])
    for cell in ws[5]:
        cell.font = bold
    for row in rows:
        group_of = {m.code: sc for sc in row.scores for m in sc.metrics}
        for g in row.groups:
            sc = group_of.get(g.code)
            ws.append(
                [
                    row.label,
                    g.label,
                    g.numerator,
                    g.denominator,
                    _ratio(g.ratio),
                    g.numerator_label,
                    g.denominator_label,
                    f"{sc.label} ({sc.max_points})" if sc else "",
                    _points(sc.points) if sc else "",
                ]
            )
        if row.scores:
            total = f"{_points(row.points)} / {row.max_points}"
            ws.append([row.label, "Tổng điểm Bộ chỉ số 766", *[""] * 5, "", total])
    for i, w in enumerate((34, 34, 10, 10, 10, 50, 40, 30, 12), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
