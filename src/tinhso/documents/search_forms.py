"""The search form (/van-ban/tim-kiem/) and the .xlsx export of its results."""

from collections.abc import Iterable
from io import BytesIO
from typing import Any, cast

from django import forms
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from tinhso.documents.kinds import TYPE_CHOICES, Direction, Urgency
from tinhso.documents.models import Document, DocumentState
from tinhso.documents.search import Criteria

ANY = [("", "Tất cả")]
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DocumentSearchForm(forms.Form):
    q = forms.CharField(
        label="Từ khóa (toàn văn, có dấu hoặc không dấu)", required=False, max_length=200
    )
    number = forms.CharField(label="Số, ký hiệu", required=False, max_length=50)
    doc_type = forms.ChoiceField(label="Loại văn bản", required=False, choices=ANY + TYPE_CHOICES)
    issuer = forms.CharField(label="Cơ quan ban hành", required=False, max_length=200)
    subject = forms.CharField(label="Trích yếu", required=False, max_length=200)
    signer = forms.CharField(label="Người ký", required=False, max_length=50)
    date_from = forms.DateField(
        label="Ngày văn bản từ (dd/mm/yyyy)", required=False, input_formats=DATE_FORMATS
    )
    date_to = forms.DateField(
        label="đến ngày (dd/mm/yyyy)", required=False, input_formats=DATE_FORMATS
    )
    urgency = forms.ChoiceField(label="Mức độ khẩn", required=False, choices=ANY + Urgency.choices)
    direction = forms.ChoiceField(
        label="Văn bản đi/đến", required=False, choices=ANY + Direction.choices
    )
    state = forms.ChoiceField(
        label="Trạng thái", required=False, choices=ANY + DocumentState.choices
    )
    book = forms.IntegerField(label="Sổ (mã số)", required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data

    def criteria(self) -> Criteria:
        c = self.cleaned_data
        return Criteria(
            q=c.get("q") or "",
            number=c.get("number") or "",
            doc_type=c.get("doc_type") or "",
            issuer=c.get("issuer") or "",
            subject=c.get("subject") or "",
            signer=c.get("signer") or "",
            date_from=c.get("date_from"),
            date_to=c.get("date_to"),
            urgency=c.get("urgency") or "",
            direction=c.get("direction") or "",
            state=c.get("state") or "",
            book=c.get("book"),
        )


HEADINGS = (
    ("STT", 6),
    ("Số, ký hiệu", 18),
    ("Ngày văn bản", 13),
    ("Loại văn bản", 16),
    ("Trích yếu nội dung", 60),
    ("Cơ quan ban hành", 30),
    ("Người ký", 22),
    ("Đi/Đến", 12),
    ("Mức độ khẩn", 12),
    ("Trạng thái", 18),
)


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value or "")


def results_xlsx(documents: Iterable[Document], title: str) -> bytes:
    """The search results as a workbook (Phụ lục VI §III: export of search results)."""
    book = Workbook()
    ws = cast(Worksheet, book.active)
    ws.title = "Kết quả tìm kiếm"
    ws.cell(row=1, column=1, value=_text(title)).font = Font(name="Times New Roman", bold=True)
    bold = Font(name="Times New Roman", bold=True)
    for col, (heading, width) in enumerate(HEADINGS, start=1):
        cell = ws.cell(row=3, column=col, value=heading)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[cell.column_letter].width = width
    for i, d in enumerate(documents, start=1):
        values = (
            i,
            d.number_and_symbol,
            d.issued_date,
            d.get_doc_type_display(),
            d.subject,
            d.organ_name,
            d.signer_name,
            d.get_direction_display(),
            d.get_urgency_display(),
            d.get_state_display(),
        )
        for col, value in enumerate(values, start=1):
            cell = ws.cell(
                row=3 + i, column=col, value=_text(value) if isinstance(value, str) else value
            )
            if col == 3 and value is not None:
                cell.number_format = "DD/MM/YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    book.save(out)
    return out.getvalue()
