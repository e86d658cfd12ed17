"""The e-form schema: fields declared as data, checked before they are saved.

A schema is a JSON object::

    {"fields": [{"key": "ho_ten_con", "type": "text", "label": "Họ, chữ đệm, tên",
                 "required": true, "max_length": 100, "section": "Người được khai sinh"}, …],
     "covers_components": [1]}

Field keys: key, type (see constants.FieldType), label, help, section, required, min_length /
max_length (text, textarea), min / max (number; date: "yyyy-mm-dd" or "today"), pattern with
pattern_message (text), choices (select: ["Nam", "Nữ"] or [["nam", "Nam"], …]), prefill (see
constants.Prefill). `covers_components` lists the order numbers of the dossier components the
filled e-form stands for (the tờ khai itself): online, the e-form is the declaration, so the
citizen does not also upload a scan of it (Nghị định 42/2022/NĐ-CP Điều 11: every online
service has an e-form).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tinhso.catalogue.fee_rules import rule_keys
from tinhso.eforms.constants import PREFILL_TYPES, TEXT_MAX, TEXT_TYPES, FieldType, Prefill

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
FIELD_KEYS = frozenset(
    "key type label help section required min_length max_length min max pattern "
    "pattern_message choices prefill".split()
)
MAX_FIELDS = 100


@dataclass(frozen=True)
class FieldSpec:
    key: str
    type: str
    label: str
    help: str = ""
    section: str = ""
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    min: Any = None  # number, or a date / "today" for dates
    max: Any = None
    pattern: str = ""
    pattern_message: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    prefill: str = ""

    def choice_label(self, value: str) -> str:
        return dict(self.choices).get(value, value)


@dataclass(frozen=True)
class Schema:
    fields: tuple[FieldSpec, ...]
    covers_components: tuple[int, ...] = ()

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)


class SchemaError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_date_bound(value: Any) -> bool:
    if value == "today":
        return True
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def date_bound(value: Any, today: date) -> date | None:
    if value is None:
        return None
    return today if value == "today" else date.fromisoformat(value)


def _choices(raw: Any) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(raw, list) or not raw:
        return None
    out = []
    for item in raw:
        if isinstance(item, str) and item.strip():
            out.append((item.strip(), item.strip()))
        elif (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(x, str) and x.strip() for x in item)
        ):
            out.append((item[0].strip(), item[1].strip()))
        else:
            return None
    return tuple(out)


def _field_errors(n: int, raw: Any, seen: set[str]) -> list[str]:
    where = f"Trường thứ {n}"
    if not isinstance(raw, dict):
        return [f"{where}: phải là một đối tượng JSON {{…}}."]
    key = raw.get("key")
    if isinstance(key, str):
        where += f" “{key}”"
    errors = []
    unknown = sorted(set(raw) - FIELD_KEYS)
    if unknown:
        errors.append(f"{where}: không có thuộc tính {', '.join(unknown)}.")
    if not isinstance(key, str) or not KEY.match(key):
        errors.append(
            f"{where}: mã trường (key) phải bắt đầu bằng chữ thường, chỉ gồm a–z, 0–9, dấu _ "
            "và dài tối đa 40 ký tự."
        )
    elif key in seen:
        errors.append(f"{where}: mã trường bị trùng.")
    else:
        seen.add(key)
    kind = raw.get("type")
    if kind not in FieldType.values:
        errors.append(f"{where}: kiểu '{kind}' không hợp lệ; dùng: {', '.join(FieldType.values)}.")
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        errors.append(f"{where}: thiếu nhãn tiếng Việt (label).")
    for name in ("help", "section", "pattern_message"):
        if name in raw and not isinstance(raw[name], str):
            errors.append(f"{where}: {name} phải là chuỗi chữ.")
    if "required" in raw and not isinstance(raw["required"], bool):
        errors.append(f"{where}: required phải là true hoặc false.")
    errors += _length_errors(where, raw, kind)
    errors += _bound_errors(where, raw, kind)
    errors += _pattern_errors(where, raw, kind)
    if kind == FieldType.SELECT:
        if _choices(raw.get("choices")) is None:
            errors.append(
                f"{where}: danh sách lựa chọn (choices) phải có ít nhất một mục, mỗi mục là "
                'chuỗi chữ hoặc cặp ["giá trị", "nhãn"].'
            )
        elif len({v for v, _ in _choices(raw["choices"])}) != len(raw["choices"]):
            errors.append(f"{where}: danh sách lựa chọn có giá trị trùng nhau.")
    elif "choices" in raw:
        errors.append(f"{where}: chỉ trường kiểu select mới có danh sách lựa chọn.")
    prefill = raw.get("prefill")
    if prefill is not None:
        if prefill not in Prefill.values:
            errors.append(
                f"{where}: nguồn điền sẵn '{prefill}' không hợp lệ; dùng: "
                f"{', '.join(Prefill.values)}."
            )
        elif kind in FieldType.values and kind not in PREFILL_TYPES[prefill]:
            errors.append(f"{where}: không điền sẵn '{prefill}' vào trường kiểu {kind}.")
    return errors


def _length_errors(where: str, raw: dict, kind: Any) -> list[str]:
    errors = []
    for name in ("min_length", "max_length"):
        if name not in raw:
            continue
        value = raw[name]
        if kind not in TEXT_TYPES:
            errors.append(f"{where}: {name} chỉ dùng cho trường text, textarea.")
        elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= TEXT_MAX:
            errors.append(f"{where}: {name} phải là số nguyên từ 0 đến {TEXT_MAX}.")
    low, high = raw.get("min_length"), raw.get("max_length")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        errors.append(f"{where}: min_length lớn hơn max_length.")
    return errors


def _bound_errors(where: str, raw: dict, kind: Any) -> list[str]:
    errors = []
    for name in ("min", "max"):
        if name not in raw:
            continue
        value = raw[name]
        if kind == FieldType.NUMBER:
            if not _is_number(value):
                errors.append(f"{where}: {name} của trường số phải là một số.")
        elif kind == FieldType.DATE:
            if not _is_date_bound(value):
                errors.append(
                    f'{where}: {name} của trường ngày phải dạng "yyyy-mm-dd" hoặc "today".'
                )
        else:
            errors.append(f"{where}: {name} chỉ dùng cho trường number, date.")
    low, high = raw.get("min"), raw.get("max")
    if kind == FieldType.NUMBER and _is_number(low) and _is_number(high) and low > high:
        errors.append(f"{where}: min lớn hơn max.")
    if kind == FieldType.DATE and _is_date_bound(low) and _is_date_bound(high):
        today = date.today()  # noqa: DTZ011 — only compares the two bounds with each other
        if date_bound(low, today) > date_bound(high, today):
            errors.append(f"{where}: min sau max.")
    return errors


def _pattern_errors(where: str, raw: dict, kind: Any) -> list[str]:
    if "pattern" not in raw:
        if raw.get("pattern_message"):
            return [f"{where}: có pattern_message nhưng không có pattern."]
        return []
    pattern = raw["pattern"]
    if kind != FieldType.TEXT:
        return [f"{where}: pattern chỉ dùng cho trường text."]
    if not isinstance(pattern, str) or not pattern or len(pattern) > 200:
        return [f"{where}: pattern phải là biểu thức chính quy, tối đa 200 ký tự."]
    try:
        re.compile(pattern)
    except re.error as exc:
        return [f"{where}: pattern không phải biểu thức chính quy hợp lệ ({exc})."]
    message = raw.get("pattern_message")
    if not isinstance(message, str) or not message.strip():
        return [f"{where}: cần pattern_message – câu báo lỗi tiếng Việt khi giá trị không khớp."]
    return []


def schema_errors(raw: Any, *, components: int | None = None) -> list[str]:
    """Everything wrong with a schema, in Vietnamese; [] when it is valid.

    `components` is how many dossier components the procedure version has, to check
    `covers_components` against.
    """
    if not isinstance(raw, dict):
        return ['Biểu mẫu phải là một đối tượng JSON dạng {"fields": […]}.']
    errors = []
    unknown = sorted(set(raw) - {"fields", "covers_components"})
    if unknown:
        errors.append(f"Biểu mẫu không có thuộc tính {', '.join(unknown)}.")
    fields = raw.get("fields")
    if not isinstance(fields, list) or not fields:
        errors.append('Biểu mẫu phải có danh sách trường "fields" với ít nhất một trường.')
        fields = []
    if len(fields) > MAX_FIELDS:
        errors.append(f"Biểu mẫu có quá {MAX_FIELDS} trường.")
    seen: set[str] = set()
    for n, field in enumerate(fields, start=1):
        errors += _field_errors(n, field, seen)
    covers = raw.get("covers_components", [])
    if not isinstance(covers, list) or not all(
        isinstance(c, int) and not isinstance(c, bool) and c >= 1 for c in covers
    ):
        errors.append("covers_components phải là danh sách số thứ tự thành phần hồ sơ (1, 2 …).")
    elif components is not None:
        missing = [c for c in covers if c > components]
        if missing:
            errors.append(
                f"covers_components: thủ tục chỉ có {components} thành phần hồ sơ, không có "
                f"thành phần số {', '.join(map(str, missing))}."
            )
    return errors


def parse_schema(raw: Any, *, components: int | None = None) -> Schema:
    """The schema as typed objects, or SchemaError listing every problem."""
    errors = schema_errors(raw, components=components)
    if errors:
        raise SchemaError(errors)
    fields = []
    for f in raw["fields"]:
        fields.append(
            FieldSpec(
                key=f["key"],
                type=f["type"],
                label=f["label"].strip(),
                help=f.get("help", "").strip(),
                section=f.get("section", "").strip(),
                required=f.get("required", False),
                min_length=f.get("min_length"),
                max_length=f.get("max_length"),
                min=f.get("min"),
                max=f.get("max"),
                pattern=f.get("pattern", ""),
                pattern_message=f.get("pattern_message", "").strip(),
                choices=_choices(f.get("choices")) or (),
                prefill=f.get("prefill", ""),
            )
        )
    return Schema(fields=tuple(fields), covers_components=tuple(raw.get("covers_components", [])))


# The form of a procedure version that has none of its own: what the applicant asks for, and
# where to reach them; who they are comes from the account.
DEFAULT_SCHEMA: dict[str, Any] = {
    "fields": [
        {
            "key": "dia_chi",
            "type": "text",
            "label": "Địa chỉ liên hệ",
            "help": "Nơi cư trú hoặc trụ sở, để cơ quan liên hệ khi cần.",
            "required": True,
            "max_length": 300,
            "prefill": "address",
        },
        {
            "key": "noi_dung",
            "type": "textarea",
            "label": "Nội dung đề nghị",
            "help": "Ghi ngắn gọn việc ông/bà đề nghị cơ quan giải quyết.",
            "required": True,
            "min_length": 5,
            "max_length": 2000,
        },
    ]
}


def fee_field_errors(fees: Iterable[tuple[str, str]], keys: set[str]) -> list[str]:
    """For the (name, condition) of each fee line of the version: a field the condition reads
    must be in the form, or the fee due could no longer be decided online
    (tinhso.catalogue.fees)."""
    errors = []
    for name, rule in fees:
        missing = sorted(rule_keys(rule) - keys)
        if missing:
            errors.append(
                f"Khoản phí “{name}” có điều kiện dựa trên trường {', '.join(missing)}; "
                "biểu mẫu phải có trường này."
            )
    return errors
