"""Django forms built from an e-form schema, with Vietnamese messages tied to each field."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from tinhso.accounts.validators import normalise_digits, validate_cccd, validate_phone
from tinhso.eforms.constants import FieldType
from tinhso.eforms.prefill import account_values
from tinhso.eforms.schema import FieldSpec, Schema, date_bound

DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
TEXT_DEFAULT_MAX = {FieldType.TEXT: 300, FieldType.TEXTAREA: 2000}


def _name(label: str) -> str:
    """The label inside a sentence: "Họ và tên" → "họ và tên", "CCCD của cha" unchanged."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def format_number(value: Decimal) -> str:
    """Vietnamese: 1500 → "1.500", 12.5 → "12,5"."""
    whole, _, fraction = f"{value.normalize():f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


class VietnameseNumberField(forms.Field):
    """A number written the Vietnamese way: "1.500" is one thousand five hundred, "12,5" a half."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().replace(" ", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                "Hãy nhập một số, ví dụ 1.500 hoặc 12,5.", code="invalid"
            ) from None
        if not number.is_finite():
            raise ValidationError("Hãy nhập một số, ví dụ 1.500 hoặc 12,5.", code="invalid")
        return number


class CccdField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return normalise_digits(super().to_python(value))


def _length_validator(spec: FieldSpec, limit: int, longest: bool) -> Callable[[str], None]:
    label = spec.label

    def check(value: str) -> None:
        n = len(value)
        if longest and n > limit:
            raise ValidationError(
                f"{label} dài tối đa {limit} ký tự (đang có {n}).", code="max_length"
            )
        if not longest and n < limit:
            raise ValidationError(
                f"{label} phải có ít nhất {limit} ký tự (đang có {n}).", code="min_length"
            )

    return check


def _value_validator(spec: FieldSpec) -> Callable[[Any], None]:
    label = spec.label

    def check(value: Any) -> None:
        if spec.type == FieldType.DATE:
            today = timezone.localdate()
            low, high = date_bound(spec.min, today), date_bound(spec.max, today)
            if low is not None and value < low:
                raise ValidationError(
                    f"{label} không được trước ngày {low:%d/%m/%Y}.", code="min_value"
                )
            if high is not None and value > high:
                raise ValidationError(
                    f"{label} không được sau ngày {high:%d/%m/%Y}.", code="max_value"
                )
            return
        if spec.min is not None and value < Decimal(str(spec.min)):
            shown = format_number(Decimal(str(spec.min)))
            raise ValidationError(f"{label} phải từ {shown} trở lên.", code="min_value")
        if spec.max is not None and value > Decimal(str(spec.max)):
            shown = format_number(Decimal(str(spec.max)))
            raise ValidationError(f"{label} không được lớn hơn {shown}.", code="max_value")

    return check


def _required_message(spec: FieldSpec) -> str:
    match spec.type:
        case FieldType.SELECT:
            return f"Hãy chọn {_name(spec.label)}."
        case FieldType.CHECKBOX:
            if len(spec.label) > 60:
                return "Hãy đánh dấu ô này để tiếp tục."
            return f"Hãy đánh dấu ô “{spec.label}” để tiếp tục."
        case FieldType.DATE:
            return f"Hãy nhập {_name(spec.label)} (ngày/tháng/năm)."
        case _:
            return f"Hãy nhập {_name(spec.label)}."


def build_field(spec: FieldSpec) -> forms.Field:
    """The Django form field for one schema field."""
    messages = {"required": _required_message(spec)}
    common: dict[str, Any] = {
        "label": spec.label,
        "required": spec.required,
        "help_text": spec.help,
        "error_messages": messages,
    }
    validators: list[Callable] = []
    match spec.type:
        case FieldType.TEXT | FieldType.TEXTAREA:
            longest = spec.max_length or TEXT_DEFAULT_MAX[spec.type]
            validators.append(_length_validator(spec, longest, longest=True))
            if spec.min_length:
                validators.append(_length_validator(spec, spec.min_length, longest=False))
            if spec.pattern:
                validators.append(
                    RegexValidator(rf"\A(?:{spec.pattern})\Z", message=spec.pattern_message)
                )
            widget = (
                forms.Textarea(attrs={"rows": 4})
                if spec.type == FieldType.TEXTAREA
                else forms.TextInput()
            )
            widget.attrs["maxlength"] = str(longest)
            field: forms.Field = forms.CharField(widget=widget, validators=validators, **common)
        case FieldType.DATE:
            messages["invalid"] = f"{spec.label}: ngày không hợp lệ, hãy nhập dạng dd/mm/yyyy."
            # A text box in dd/mm/yyyy: a native date picker shows the browser's locale order.
            field = forms.DateField(
                input_formats=DATE_INPUTS,
                widget=forms.DateInput(
                    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "maxlength": "10"},
                    format="%d/%m/%Y",
                ),
                validators=[_value_validator(spec)],
                **common,
            )
        case FieldType.NUMBER:
            field = VietnameseNumberField(validators=[_value_validator(spec)], **common)
        case FieldType.SELECT:
            messages["invalid_choice"] = f"{spec.label}: lựa chọn không có trong danh sách."
            field = forms.ChoiceField(choices=[("", "— Chọn —"), *spec.choices], **common)
        case FieldType.CHECKBOX:
            field = forms.BooleanField(**common)
        case FieldType.CCCD:
            field = CccdField(
                validators=[validate_cccd],
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "15"}
                ),
                **common,
            )
        case FieldType.PHONE:
            field = forms.CharField(
                validators=[validate_phone],
                widget=forms.TextInput(
                    attrs={"inputmode": "tel", "type": "tel", "maxlength": "15"}
                ),
                **common,
            )
        case FieldType.EMAIL:
            messages["invalid"] = "Địa chỉ thư điện tử không hợp lệ, ví dụ ten@example.vn."
            field = forms.EmailField(max_length=254, **common)
        case _:  # the schema was validated; an unknown type cannot get here
            raise ValueError(spec.type)
    return field


def to_json(spec: FieldSpec, value: Any) -> Any:
    if value is None:
        return None
    if spec.type == FieldType.DATE:
        return value.isoformat()
    if spec.type == FieldType.NUMBER:
        return f"{value.normalize():f}"
    return value


def display(spec: FieldSpec, value: Any) -> str:
    """An answer as a person reads it: dd/mm/yyyy dates, 1.500, Có/Không, the choice's label."""
    if value in (None, ""):
        return "" if spec.type != FieldType.CHECKBOX else "Không"
    match spec.type:
        case FieldType.DATE:
            day = value if isinstance(value, date) else date.fromisoformat(str(value))
            return f"{day:%d/%m/%Y}"
        case FieldType.NUMBER:
            return format_number(Decimal(str(value)))
        case FieldType.CHECKBOX:
            return "Có" if value else "Không"
        case FieldType.SELECT:
            return spec.choice_label(str(value))
    return str(value)


class EFormForm(forms.Form):
    """The e-form of a procedure for one account.

    A field the account already answers (prefill) is shown read-only with the account's
    value and never taken from the request: the citizen is not asked again for what the
    state holds (Nghị định 45/2020/NĐ-CP; regulations.md §3).
    """

    template_name = "eforms/form.html"

    def __init__(self, *args: Any, schema: Schema, account: Any = None, **kwargs: Any):
        kwargs.setdefault("prefix", "tk")
        super().__init__(*args, **kwargs)
        self.schema = schema
        known = account_values(account)
        self.from_account: set[str] = set()
        for spec in schema.fields:
            field = build_field(spec)
            value = known.get(spec.prefill) if spec.prefill else None
            if value not in (None, ""):
                field.disabled = True
                field.initial = value
                field.help_text = "Lấy từ tài khoản của bạn." + (
                    f" {spec.help}" if spec.help else ""
                )
                self.from_account.add(spec.key)
            self.fields[spec.key] = field

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Consecutive fields with the same `section`, as (heading, bound fields)."""
        out: list[tuple[str, list[forms.BoundField]]] = []
        for spec in self.schema.fields:
            if not out or out[-1][0] != spec.section:
                out.append((spec.section, []))
            out[-1][1].append(self[spec.key])
        return out

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as JSON values (call after is_valid())."""
        return {
            spec.key: to_json(spec, self.cleaned_data.get(spec.key)) for spec in self.schema.fields
        }

    def raw(self) -> dict[str, str]:
        """What the person typed, exactly, valid or not: kept in the draft."""
        out: dict[str, str] = {}
        for spec in self.schema.fields:
            if spec.key in self.from_account:
                continue
            value = self.data.get(self.add_prefix(spec.key), "")
            out[spec.key] = value if isinstance(value, str) else ""
        return out

    @classmethod
    def data_from_raw(cls, raw: dict[str, str], prefix: str = "tk") -> dict[str, str]:
        return {f"{prefix}-{key}": value for key, value in raw.items() if value}
