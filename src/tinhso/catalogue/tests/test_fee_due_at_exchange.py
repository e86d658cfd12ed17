"""When a procedure's fee is due (ProcedureVersion.fee_due_at: reception, or the result, waits
for it — Nghị định 42/2022/NĐ-CP Điều 11) goes through the Excel catalogue: a Vietnamese column
with Vietnamese values out, checked row by row on the way in."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tinhso.catalogue import exchange, selectors, services
from tinhso.catalogue.constants import FeeDueAt
from tinhso.catalogue.models import ProcedureVersion

pytestmark = pytest.mark.django_db
BEFORE_RECEPTION = "Nộp khi nộp hồ sơ (trước khi tiếp nhận)"
BEFORE_RESULT = "Nộp trước khi nhận kết quả"


def _three(record, province) -> list[dict]:
    return [
        record(fee_due_at=FeeDueAt.BEFORE_RECEPTION),
        record(code="1.013228", name="Cấp lại giấy phép xây dựng", fee_due_at="before_result"),
        record(code="2.000488", name="Cấp Phiếu lý lịch tư pháp", field="LLTP", level="tinh",
               agencies=[province["stp"].code]),
    ]  # fmt: skip


def _column(data: bytes) -> list:
    sheet = load_workbook(io.BytesIO(data))[exchange.PROCEDURE_SHEET]
    header = [c.value for c in sheet[1]]
    at = header.index("Thời điểm nộp phí, lệ phí")
    return [(row[0].value, row[at].value) for row in sheet.iter_rows(min_row=2)]


def test_export_writes_the_moment_in_vietnamese_and_reimports_unchanged(
    import_records, record, province
):
    import_records(*_three(record, province))
    data = exchange.write_xlsx(selectors.records_for_export(timezone.localdate()))
    assert sorted(_column(data)) == [
        ("1.001193", BEFORE_RECEPTION),
        ("1.013228", BEFORE_RESULT),
        ("2.000488", None),
    ]
    rows = exchange.read_xlsx(data)
    report = import_records(*(raw for _, raw in rows))
    assert sorted(report.unchanged) == ["1.001193", "1.013228", "2.000488"]
    assert dict(ProcedureVersion.objects.values_list("procedure__code", "fee_due_at")) == {
        "1.001193": "before_reception",
        "1.013228": "before_result",
        "2.000488": "",
    }


def test_the_column_offers_its_values_as_a_list(record, province):
    data = exchange.write_xlsx([_export_shape(r) for r in _three(record, province)])
    sheet = load_workbook(io.BytesIO(data))[exchange.PROCEDURE_SHEET]
    (choices,) = sheet.data_validations.dataValidation
    assert choices.type == "list" and choices.allow_blank
    assert choices.formula1 == f'"{BEFORE_RECEPTION},{BEFORE_RESULT}"'


def test_a_bad_value_is_refused_on_its_row_in_vietnamese(province, fields, record):
    rows = [_export_shape(r) for r in _three(record, province)]
    data = exchange.write_xlsx(rows)
    book = load_workbook(io.BytesIO(data))
    sheet = book[exchange.PROCEDURE_SHEET]
    at = [c.value for c in sheet[1]].index(exchange.FEE_DUE_AT_COLUMN) + 1
    sheet.cell(row=2, column=at, value="  nộp TRƯỚC khi nhận   kết quả ")  # case, spaces aside
    sheet.cell(row=3, column=at, value="khi có thông báo")
    sheet.cell(row=4, column=at, value="before_reception")  # the JSON code is understood too
    out = io.BytesIO()
    book.save(out)
    report = services.catalogue_import(exchange.read_xlsx(out.getvalue()))
    assert sorted(report.created) == ["1.001193", "2.000488"]
    (bad,) = report.rejected
    assert bad.where == "trang 'Thủ tục', dòng 3"
    assert bad.reasons == [
        f"Thời điểm nộp phí, lệ phí “khi có thông báo” không hợp lệ: dùng “{BEFORE_RECEPTION}” "
        f"(before_reception), “{BEFORE_RESULT}” (before_result) hoặc để trống."
    ]
    assert dict(ProcedureVersion.objects.values_list("procedure__code", "fee_due_at")) == {
        "1.001193": "before_result",
        "2.000488": "before_reception",
    }


def test_a_file_without_the_column_still_imports(province, fields, record):
    data = exchange.write_xlsx([_export_shape(record())])
    book = load_workbook(io.BytesIO(data))
    sheet = book[exchange.PROCEDURE_SHEET]
    sheet.delete_cols(len(exchange.PROCEDURE_COLUMNS))
    out = io.BytesIO()
    book.save(out)
    report = services.catalogue_import(exchange.read_xlsx(out.getvalue()))
    assert report.created == ["1.001193"]
    assert ProcedureVersion.objects.get().fee_due_at == ""


def _export_shape(raw: dict) -> dict:
    """Shape a raw record like an export so write_xlsx accepts it."""
    return {
        **dict.fromkeys(("applicants", "steps", "conditions", "demo_note"), ""),
        "demo": False,
        **raw,
    }
