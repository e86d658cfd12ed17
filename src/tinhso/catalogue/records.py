"""The exchange record of a procedure (docs/catalogue-format.md) and its validation.

Import reads files into plain dicts, `parse_record` turns each into a ProcedureRecord or a list
of Vietnamese error messages, and export turns versions back into the same dicts, so that an
exported file imports to the same catalogue.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from tinhso.catalogue.constants import (
    FILE_TYPES,
    PROCEDURE_CODE,
    CompetentLevel,
    DeliveryMode,
    FeeDueAt,
    FeeKind,
    OnlineLevel,
)
from tinhso.catalogue.fee_rules import rule_error
from tinhso.catalogue.fees import group_order_errors


@dataclass
class ComponentRecord:
    name: str
    originals: int = 0
    copies: int = 0
    required: bool = True
    file_types: list[str] = field(default_factory=lambda: ["pdf", "jpg", "png"])
    template: str | None = None
    note: str = ""


@dataclass
class FeeRecord:
    kind: str
    name: str
    amount: int
    exemption: str = ""
    condition: str = ""
    rule: str = ""
    group: str = ""


@dataclass
class ProcedureRecord:
    code: str
    name: str
    field: str
    level: str
    agencies: list[str]
    online_level: str
    working_days: Decimal | None
    hours: Decimal | None
    cutoff: time | None
    result: str
    delivery: list[str]
    legal_basis: list[str]
    components: list[ComponentRecord]
    fees: list[FeeRecord]
    applicants: str = ""
    steps: str = ""
    conditions: str = ""
    effective_from: date | None = None
    demo: bool = False
    demo_note: str = ""
    same_day: bool = False
    supplement_days: int | None = None
    fee_due_at: str = ""

    def content_hash(self) -> str:
        """Hash of what the procedure says; validity dates and demo marks are not content."""
        content = asdict(self)
        for key in ("effective_from", "demo", "demo_note"):
            content.pop(key)
        if self.same_day == (self.cutoff is not None):
            content.pop("same_day")  # implied by the cut-off: hashes from before the flag hold
        if self.supplement_days is None:
            content.pop("supplement_days")
        if not self.fee_due_at:
            content.pop("fee_due_at")  # files from before the field hash as they did
        content["agencies"] = sorted(self.agencies)
        content["delivery"] = sorted(self.delivery)
        # A fee line without condition hashes as before the conditions existed, so a file
        # exported before them re-imports as unchanged.
        new_keys = ("condition", "rule", "group")
        content["fees"] = [
            {k: v for k, v in f.items() if v != "" or k not in new_keys} for f in content["fees"]
        ]
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()


class RecordErrors(list[str]):
    pass


def _text(
    raw: dict,
    key: str,
    errors: RecordErrors,
    *,
    label: str,
    required: bool = True,
    max_length: int = 500,
) -> str:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append(f"Thiếu {label} ({key}).")
        return ""
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if len(value) > max_length:
        errors.append(f"{label.capitalize()} dài quá {max_length} ký tự.")
    return value


def _choice(raw: dict, key: str, choices: type, errors: RecordErrors, *, label: str) -> str:
    value = str(raw.get(key) or "").strip()
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        errors.append(f"{label.capitalize()} '{value}' không hợp lệ; dùng một trong: {allowed}.")
    return value


def _str_list(raw: dict, key: str, errors: RecordErrors, *, label: str) -> list[str]:
    value = raw.get(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace("\n", ";").split(";")
    if not isinstance(value, list):
        errors.append(f"{label.capitalize()} phải là một danh sách.")
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def _positive_decimal(value: Any, errors: RecordErrors, label: str) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.append(f"{label} phải là một số, không phải '{value}'.")
        return None
    if number <= 0 or number > 9999:
        errors.append(f"{label} phải lớn hơn 0 và nhỏ hơn 10.000.")
        return None
    return number


def _time_limit(
    raw: dict, errors: RecordErrors
) -> tuple[Decimal | None, Decimal | None, time | None, bool]:
    """(working days, hours, cut-off, same day) of a record's time_limit.

    {"hours": H} counts H working hours from valid reception; {"hours": H, "same_day": true}
    and {"hours": H, "cutoff": "15:00"} (a cut-off exists only for them) are "trong ngày"
    procedures (regulations §1.5), which must fit in one office day.
    """
    limit = raw.get("time_limit")
    if not isinstance(limit, dict) or not ({"working_days", "hours"} & limit.keys()):
        errors.append(
            'Thiếu thời hạn giải quyết: {"working_days": N}, {"hours": H} hoặc '
            '{"hours": H, "same_day": true, "cutoff": "15:00"}.'
        )
        return None, None, None, False
    if "working_days" in limit and "hours" in limit:
        errors.append("Thời hạn chỉ ghi một trong hai: số ngày làm việc hoặc số giờ.")
        return None, None, None, False
    if "working_days" in limit:
        if limit.get("same_day") or limit.get("cutoff"):
            errors.append("Thủ tục giải quyết trong ngày ghi thời hạn bằng số giờ (hours).")
        return (
            _positive_decimal(limit["working_days"], errors, "Số ngày làm việc"),
            None,
            None,
            False,
        )
    hours = _positive_decimal(limit["hours"], errors, "Số giờ")
    cutoff = None
    if limit.get("cutoff"):
        try:
            cutoff = time.fromisoformat(str(limit["cutoff"]))
        except ValueError:
            errors.append(f"Giờ tiếp nhận muộn nhất '{limit['cutoff']}' phải có dạng HH:MM.")
    same_day = _bool(limit.get("same_day"), False) or bool(limit.get("cutoff"))
    if same_day and hours is not None and hours > 8:
        errors.append("Thủ tục giải quyết trong ngày không quá 8 giờ làm việc.")
    return None, hours, cutoff, same_day


def _supplement_days(raw: dict, errors: RecordErrors) -> int | None:
    value = raw.get("supplement_days")
    if value is None or value == "":
        return None
    days = _whole(value, errors, "Thời hạn bổ sung hồ sơ (ngày làm việc)")
    if not 1 <= days <= 365:
        errors.append("Thời hạn bổ sung hồ sơ phải từ 1 đến 365 ngày làm việc.")
        return None
    return days


def _fee_due_at(raw: dict, errors: RecordErrors) -> str:
    """The code (JSON) or the label (Excel's column, case and spacing aside) of FeeDueAt."""
    value = " ".join(str(raw.get("fee_due_at") or "").split())
    if not value:
        return ""
    for choice in FeeDueAt:
        if choice and value.casefold() in (choice.value, str(choice.label).casefold()):
            return str(choice.value)
    allowed = ", ".join(f"“{c.label}” ({c.value})" for c in FeeDueAt if c)
    errors.append(
        f"Thời điểm nộp phí, lệ phí “{value[:100]}” không hợp lệ: dùng {allowed} hoặc để trống."
    )
    return ""


def _whole(value: Any, errors: RecordErrors, label: str, *, default: int = 0) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value) if not isinstance(value, float) or value.is_integer() else None
    except (TypeError, ValueError):
        number = None
    if number is None or number < 0:
        errors.append(f"{label} phải là số nguyên không âm, không phải '{value}'.")
        return default
    return number


def _bool(value: Any, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "có", "co", "x", "yes"}


def _components(raw: dict, errors: RecordErrors) -> list[ComponentRecord]:
    items = raw.get("components") or []
    if not isinstance(items, list):
        errors.append("Thành phần hồ sơ phải là một danh sách.")
        return []
    result = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            errors.append(f"Thành phần hồ sơ thứ {n} thiếu tên giấy tờ.")
            continue
        types = item.get("file_types") or ["pdf", "jpg", "png"]
        if isinstance(types, str):
            types = types.replace(";", ",").split(",")
        types = [str(t).strip().lower().lstrip(".") for t in types if str(t).strip()]
        unknown = [t for t in types if t not in FILE_TYPES]
        if unknown:
            errors.append(
                f"Thành phần hồ sơ thứ {n}: định dạng tệp không hỗ trợ: {', '.join(unknown)}."
            )
        result.append(
            ComponentRecord(
                name=str(item["name"]).strip(),
                originals=_whole(item.get("originals"), errors, f"Số bản chính (thành phần {n})"),
                copies=_whole(item.get("copies"), errors, f"Số bản sao (thành phần {n})"),
                required=_bool(item.get("required"), True),
                file_types=types,
                template=(str(item["template"]).strip() or None) if item.get("template") else None,
                note=str(item.get("note") or "").strip(),
            )
        )
    return result


def _fees(raw: dict, errors: RecordErrors) -> list[FeeRecord]:
    items = raw.get("fees") or []
    if not isinstance(items, list):
        errors.append("Phí, lệ phí phải là một danh sách.")
        return []
    result = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.append(f"Khoản phí thứ {n} không đúng định dạng.")
            continue
        kind = str(item.get("kind") or "").strip()
        if kind not in FeeKind.values:
            errors.append(f"Khoản phí thứ {n}: loại '{kind}' không hợp lệ; dùng phi hoặc le_phi.")
        name = str(item.get("name") or "").strip()
        if not name:
            errors.append(f"Khoản phí thứ {n} thiếu nội dung.")
        amount = _whole(item.get("amount"), errors, f"Mức thu của khoản phí thứ {n}", default=-1)
        if item.get("amount") in (None, ""):
            errors.append(f"Khoản phí thứ {n} thiếu mức thu (đồng).")
        rule = str(item.get("rule") or "").strip()
        problem = rule_error(rule)
        if problem:
            errors.append(f"Khoản phí thứ {n}: điều kiện “{rule}” không hợp lệ: {problem}.")
        group = str(item.get("group") or "").strip()
        if len(group) > 40:
            errors.append(f"Khoản phí thứ {n}: mã nhóm thay thế dài quá 40 ký tự.")
        condition = str(item.get("condition") or "").strip()
        if len(condition) > 200:
            errors.append(f"Khoản phí thứ {n}: trường hợp áp dụng dài quá 200 ký tự.")
        result.append(
            FeeRecord(
                kind=kind,
                name=name,
                amount=max(amount, 0),
                exemption=str(item.get("exemption") or "").strip(),
                condition=condition,
                rule=rule,
                group=group,
            )
        )
    errors.extend(group_order_errors([(f.group, f.rule, f.name) for f in result]))
    return result


def _date(raw: dict, key: str, errors: RecordErrors, label: str) -> date | None:
    value = raw.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append(f"{label} '{value}' phải có dạng yyyy-mm-dd.")
        return None


def parse_record(
    raw: Any, *, known_fields: set[str], known_agencies: set[str]
) -> tuple[ProcedureRecord | None, list[str]]:
    """Validate one imported procedure; returns (record, []) or (None, reasons)."""
    errors = RecordErrors()
    if not isinstance(raw, dict):
        return None, ["Mỗi thủ tục phải là một đối tượng JSON (hoặc một dòng Excel)."]
    code = _text(raw, "code", errors, label="mã thủ tục", max_length=20)
    if code and not PROCEDURE_CODE.fullmatch(code):
        errors.append(
            f"Mã thủ tục '{code}' không đúng dạng 1.001612 (một chữ số, dấu chấm, sáu chữ số)."
        )
    name = _text(raw, "name", errors, label="tên thủ tục")
    field_code = _text(raw, "field", errors, label="lĩnh vực", max_length=30)
    if field_code and field_code not in known_fields:
        errors.append(f"Lĩnh vực '{field_code}' chưa có trong danh mục lĩnh vực.")
    level = _choice(raw, "level", CompetentLevel, errors, label="cấp thực hiện")
    agencies = _str_list(raw, "agencies", errors, label="cơ quan có thẩm quyền")
    unknown = [a for a in agencies if a not in known_agencies]
    if unknown:
        errors.append("Cơ quan chưa có trong danh mục: " + ", ".join(unknown) + ".")
    if level == CompetentLevel.PROVINCE and not agencies:
        errors.append("Thủ tục cấp tỉnh phải ghi cơ quan có thẩm quyền (agencies).")
    online_level = _choice(raw, "online_level", OnlineLevel, errors, label="mức độ trực tuyến")
    working_days, hours, cutoff, same_day = _time_limit(raw, errors)
    delivery = _str_list(raw, "delivery", errors, label="hình thức trả kết quả")
    bad_modes = [m for m in delivery if m not in DeliveryMode.values]
    if bad_modes:
        errors.append(
            "Hình thức trả kết quả không hợp lệ: "
            + ", ".join(bad_modes)
            + "; dùng counter, postal, electronic."
        )
    if not delivery:
        errors.append("Phải có ít nhất một hình thức trả kết quả.")
    if online_level == OnlineLevel.FULL and not ({"postal", "electronic"} & set(delivery)):
        errors.append(
            "Dịch vụ toàn trình phải trả kết quả trực tuyến hoặc qua bưu chính (Nghị định 42/2022)."
        )
    legal_basis = _str_list(raw, "legal_basis", errors, label="căn cứ pháp lý")
    if not legal_basis:
        errors.append("Thiếu căn cứ pháp lý.")
    record = ProcedureRecord(
        code=code,
        name=name,
        field=field_code,
        level=level,
        agencies=agencies,
        online_level=online_level,
        working_days=working_days,
        hours=hours,
        cutoff=cutoff,
        same_day=same_day,
        supplement_days=_supplement_days(raw, errors),
        fee_due_at=_fee_due_at(raw, errors),
        result=_text(raw, "result", errors, label="kết quả thực hiện"),
        delivery=delivery,
        legal_basis=legal_basis,
        components=_components(raw, errors),
        fees=_fees(raw, errors),
        applicants=_text(
            raw, "applicants", errors, label="đối tượng", required=False, max_length=5000
        ),
        steps=_text(raw, "steps", errors, label="trình tự", required=False, max_length=20000),
        conditions=_text(
            raw, "conditions", errors, label="điều kiện", required=False, max_length=20000
        ),
        effective_from=_date(raw, "effective_from", errors, "Ngày áp dụng"),
        demo=_bool(raw.get("demo"), False),
        demo_note=str(raw.get("demo_note") or "").strip()[:500],
    )
    if errors:
        return None, list(errors)
    return record, []
