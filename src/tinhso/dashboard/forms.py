"""The dashboard's filters: a plain GET form (works without JavaScript)."""

from datetime import date

from django import forms
from django.db.models import QuerySet

from tinhso.catalogue.models import Field, Procedure, ProcedureVersion
from tinhso.organisation.models import Agency

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# At most three years at a time, as the statistics API and exports (statistics/params.py).
MAX_DAYS = 3 * 366


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text="Ngày/tháng/năm, ví dụ 01/01/2026",
        error_messages={"invalid": "Ngày không đúng dạng ngày/tháng/năm (ví dụ 01/01/2026)."},
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"},
        ),
    )


class FilterForm(forms.Form):
    tu = _date_field("Từ ngày")
    den = _date_field("Đến ngày")
    co_quan = forms.ModelChoiceField(
        label="Cơ quan",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Toàn tỉnh",
        to_field_name="code",
    )
    linh_vuc = forms.ModelChoiceField(
        label="Lĩnh vực",
        queryset=Field.objects.order_by("name"),
        required=False,
        empty_label="Tất cả lĩnh vực",
        to_field_name="code",
    )
    thu_tuc = forms.ChoiceField(label="Thủ tục", required=False)

    def __init__(self, *args, agencies: QuerySet[Agency] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["co_quan"]
        else:
            self.fields["co_quan"].queryset = agencies.filter(is_active=True).order_by("name")
        self.fields["thu_tuc"].choices = [("", "Tất cả thủ tục"), *procedure_choices()]
        for name, field in self.fields.items():
            ids = []
            if field.help_text:
                ids.append(f"id_{name}_help")
            if self.is_bound and name in self.errors:
                ids.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def clean(self):
        data = super().clean()
        start, end = data.get("tu"), data.get("den")
        if start and end:
            if end < start:
                self.add_error("den", "Ngày kết thúc phải từ ngày bắt đầu trở đi.")
            elif (end - start).days > MAX_DAYS:
                self.add_error("den", "Mỗi lần xem tối đa 3 năm.")
        return data

    def period(self, default: tuple[date, date]) -> tuple[date, date]:
        """The dates asked for; a missing end is today's period end, a missing start its start."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("tu") or default[0], data.get("den") or default[1]


def procedure_choices() -> list[tuple[str, str]]:
    """Every procedure by code, named by its latest version (one query)."""
    names: dict[str, str] = {}
    rows = ProcedureVersion.objects.order_by("procedure__code", "number").values_list(
        "procedure__code", "name"
    )
    for code, name in rows:
        names[code] = name
    return [(code, f"{code} – {_short(name)}") for code, name in names.items()]


def _short(name: str, limit: int = 90) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def procedure_by_code(code: str) -> Procedure | None:
    return Procedure.objects.filter(code=code).first() if code else None
