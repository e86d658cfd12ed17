"""Reading and writing catalogue files: JSON and Excel (docs/catalogue-format.md)."""

import io
import json
import zipfile
from collections import defaultdict
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from tinhso.catalogue.constants import FeeDueAt

PROCEDURE_SHEET = "Thủ tục"
# A column read by people at the one-stop desk: its header and values are in Vietnamese, the
# labels of FeeDueAt (records._fee_due_at also takes the codes a JSON file uses).
FEE_DUE_AT_COLUMN = "Thời điểm nộp phí, lệ phí"
COMPONENT_SHEET = "Thành phần hồ sơ"
FEE_SHEET = "Phí, lệ phí"
PROCEDURE_COLUMNS = [
    "code",
    "name",
    "field",
    "level",
    "agencies",
    "online_level",
    "working_days",
    "hours",
    "cutoff",
    "same_day",
    "result",
    "delivery",
    "legal_basis",
    "applicants",
    "steps",
    "conditions",
    "effective_from",
    "demo",
    "demo_note",
    "supplement_days",
    FEE_DUE_AT_COLUMN,
]
COMPONENT_COLUMNS = [
    "code",
    "name",
    "originals",
    "copies",
    "required",
    "file_types",
    "template",
    "note",
]
FEE_COLUMNS = ["code", "kind", "name", "amount", "exemption", "condition", "rule", "group"]


class CatalogueFileError(ValueError):
    """The file cannot be read at all (as opposed to single bad rows)."""


def read_json(data: bytes) -> list[tuple[str, Any]]:
    try:
        content = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueFileError(f"Tệp JSON không đọc được: {exc}") from exc
    items = content.get("procedures") if isinstance(content, dict) else content
    if not isinstance(items, list):
        raise CatalogueFileError('Tệp JSON phải là danh sách thủ tục hoặc {"procedures": [...]}.')
    return [(f"thủ tục thứ {n}", item) for n, item in enumerate(items, start=1)]


def write_json(records: list[dict[str, Any]]) -> bytes:
    return json.dumps({"procedures": records}, ensure_ascii=False, indent=2).encode("utf-8")


def _rows(sheet) -> list[tuple[int, dict[str, Any]]]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        return []
    names = [str(h).strip() if h is not None else "" for h in header]
    result = []
    for n, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        result.append((n, {k: v for k, v in zip(names, values, strict=False) if k}))
    return result


def _split(value: Any, sep: str = ";") -> list[str]:
    if value in (None, ""):
        return []
    return [part.strip() for part in str(value).split(sep) if part.strip()]


def _code(value: Any) -> str:
    # Excel turns "1.001612" into the number 1.001612 when a user retypes it.
    if isinstance(value, float):
        return f"{value:.6f}"
    return str(value or "").strip()


def read_xlsx(data: bytes) -> list[tuple[str, Any]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CatalogueFileError(f"Tệp Excel không đọc được: {exc}") from exc
    if PROCEDURE_SHEET not in book.sheetnames:
        raise CatalogueFileError(f"Tệp Excel thiếu trang tính '{PROCEDURE_SHEET}'.")
    components: dict[str, list[dict]] = defaultdict(list)
    if COMPONENT_SHEET in book.sheetnames:
        for _, row in _rows(book[COMPONENT_SHEET]):
            components[_code(row.get("code"))].append(row)
    fees: dict[str, list[dict]] = defaultdict(list)
    if FEE_SHEET in book.sheetnames:
        for _, row in _rows(book[FEE_SHEET]):
            fees[_code(row.get("code"))].append(row)
    records = []
    for n, row in _rows(book[PROCEDURE_SHEET]):
        code = _code(row.get("code"))
        limit: dict[str, Any] = {}
        if row.get("working_days") not in (None, ""):
            limit["working_days"] = row["working_days"]
        if row.get("hours") not in (None, ""):
            limit["hours"] = row["hours"]
            if row.get("cutoff"):
                limit["cutoff"] = str(row["cutoff"])[:5]
            if row.get("same_day") not in (None, ""):
                limit["same_day"] = row["same_day"]
        record = {
            **{
                k: row.get(k)
                for k in (
                    "name",
                    "field",
                    "level",
                    "online_level",
                    "result",
                    "applicants",
                    "steps",
                    "conditions",
                    "effective_from",
                    "demo",
                    "demo_note",
                    "supplement_days",
                )
            },
            "code": code,
            "fee_due_at": row.get(FEE_DUE_AT_COLUMN, row.get("fee_due_at")),
            "agencies": _split(row.get("agencies")),
            "delivery": _split(row.get("delivery")),
            "legal_basis": _split(row.get("legal_basis"), "\n"),
            "time_limit": limit,
            "components": [
                {**c, "file_types": _split(c.get("file_types"), ",")} for c in components[code]
            ],
            "fees": fees[code],
        }
        records.append((f"trang '{PROCEDURE_SHEET}', dòng {n}", record))
    return records


def write_xlsx(records: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    procedures = book.active
    procedures.title = PROCEDURE_SHEET
    procedures.append(PROCEDURE_COLUMNS)
    components = book.create_sheet(COMPONENT_SHEET)
    components.append(COMPONENT_COLUMNS)
    fees = book.create_sheet(FEE_SHEET)
    fees.append(FEE_COLUMNS)
    for r in records:
        limit = r["time_limit"]
        procedures.append(
            [
                r["code"],
                r["name"],
                r["field"],
                r["level"],
                "; ".join(r["agencies"]),
                r["online_level"],
                limit.get("working_days"),
                limit.get("hours"),
                limit.get("cutoff"),
                True if limit.get("same_day") else None,
                r["result"],
                "; ".join(r["delivery"]),
                "\n".join(r["legal_basis"]),
                r["applicants"],
                r["steps"],
                r["conditions"],
                r["effective_from"],
                r["demo"],
                r["demo_note"],
                r.get("supplement_days"),
                FeeDueAt(r.get("fee_due_at") or "").label if r.get("fee_due_at") else None,
            ]
        )
        for c in r["components"]:
            components.append(
                [
                    r["code"],
                    c["name"],
                    c["originals"],
                    c["copies"],
                    c["required"],
                    ",".join(c["file_types"]),
                    c["template"],
                    c["note"],
                ]
            )
        for f in r["fees"]:
            fees.append(
                [
                    r["code"],
                    f["kind"],
                    f["name"],
                    f["amount"],
                    f["exemption"],
                    f.get("condition", ""),
                    f.get("rule", ""),
                    f.get("group", ""),
                ]
            )
    _fee_due_at_choices(procedures)
    for sheet in (procedures, components, fees):
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.number_format = "@"
    for row in procedures.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "@"  # keep "1.001612" a text, not a number
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fee_due_at_choices(sheet: Any) -> None:
    """A drop-down of the allowed values on the fee-due column (blank allowed)."""
    labels = ",".join(str(c.label) for c in FeeDueAt if c)
    choices = DataValidation(
        type="list",
        formula1=f'"{labels}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=FEE_DUE_AT_COLUMN,
        error="Chọn một giá trị trong danh sách hoặc để trống.",
    )
    column = get_column_letter(PROCEDURE_COLUMNS.index(FEE_DUE_AT_COLUMN) + 1)
    choices.add(f"{column}2:{column}1048576")
    sheet.add_data_validation(choices)


def read_file(name: str, data: bytes) -> list[tuple[str, Any]]:
    lower = name.lower()
    if lower.endswith(".json"):
        return read_json(data)
    if lower.endswith(".xlsx"):
        return read_xlsx(data)
    raise CatalogueFileError("Chỉ nhận tệp .json hoặc .xlsx.")
