"""The parts of the online dossier page around the e-form: where, which papers, how returned."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from tinhso.catalogue.constants import DeliveryMode
from tinhso.catalogue.models import DossierComponentSpec
from tinhso.documentstore.models import StoredPaper
from tinhso.dossiers.intake import file_error
from tinhso.organisation.models import Agency
from tinhso.submission.services import allowed_types


class StartForm(forms.Form):
    receiving_agency = forms.ModelChoiceField(
        label="Nơi tiếp nhận hồ sơ",
        queryset=Agency.objects.none(),
        empty_label="— Chọn —",
        error_messages={
            "required": "Hãy chọn nơi tiếp nhận hồ sơ.",
            "invalid_choice": "Nơi tiếp nhận đã chọn không nhận thủ tục này.",
        },
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["receiving_agency"]
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
        if len(agencies) == 1:
            field.initial = agencies[0].pk


class DraftForm(forms.Form):
    """Receiving agency, one file or stored paper per component, delivery of the result."""

    delivery_mode = forms.ChoiceField(
        label="Cách nhận kết quả",
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Cách nhận kết quả đã chọn không áp dụng cho thủ tục."},
    )
    postal_address = forms.CharField(
        label="Địa chỉ nhận kết quả qua bưu chính công ích",
        max_length=300,
        required=False,
        help_text="Số nhà, đường, ấp/khu phố, xã/phường, tỉnh; người nhận trả cước theo giá "
        "dịch vụ bưu chính công ích.",
        error_messages={"max_length": "Địa chỉ dài tối đa 300 ký tự."},
    )

    def __init__(
        self,
        *args: Any,
        agencies: list[Agency],
        specs: list[DossierComponentSpec],
        papers: list[StoredPaper],
        modes: list[str],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["receiving_agency"] = forms.ModelChoiceField(
            label="Nơi tiếp nhận hồ sơ",
            queryset=Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name"),
            empty_label="— Chọn —",
            required=False,
            error_messages=StartForm.base_fields["receiving_agency"].error_messages,
        )
        self.fields["delivery_mode"].choices = [(m, DeliveryMode(m).label) for m in modes]
        self.specs = specs
        self.papers = {p.pk: p for p in papers}
        paper_choices = [("", "— Không chọn —")] + [
            (str(p.pk), f"{p.title} ({p.extension}, {p.created_at:%d/%m/%Y})") for p in papers
        ]
        for spec in specs:
            shown = ", ".join(t.upper() for t in allowed_types(spec) if t != "jpeg")
            self.fields[f"file_{spec.pk}"] = forms.FileField(
                label="Tải lên tệp",
                required=False,
                help_text=f"{shown}; một tệp.",
                error_messages={
                    "invalid": "Không đọc được tệp; hãy chọn lại.",
                    "empty": "Tệp rỗng.",
                },
                widget=forms.ClearableFileInput(
                    attrs={"accept": ",".join("." + t for t in allowed_types(spec))}
                ),
            )
            if papers:
                self.fields[f"paper_{spec.pk}"] = forms.ChoiceField(
                    label="Hoặc chọn từ kho dữ liệu của bạn",
                    choices=paper_choices,
                    required=False,
                    error_messages={
                        "invalid_choice": "Giấy tờ đã chọn không còn trong kho dữ liệu của bạn."
                    },
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for spec in self.specs:
            upload = data.get(f"file_{spec.pk}")
            if upload:
                message = file_error(upload, allowed_types(spec))
                if message:
                    self.add_error(f"file_{spec.pk}", message)
                    data.pop(f"file_{spec.pk}", None)
        return data

    def component_fields(self, spec: DossierComponentSpec) -> list[forms.BoundField]:
        names = [f"file_{spec.pk}", f"paper_{spec.pk}"]
        return [self[n] for n in names if n in self.fields]

    def raw(self, name: str) -> str:
        value = self.data.get(name, "")
        return value if isinstance(value, str) else ""


def add_check_errors(form: DraftForm, check: Any) -> None:
    """Put what stops filing (services.DraftCheck) on the fields it belongs to."""
    for name, message in check.errors.items():
        if name in form.fields and not form.errors.get(name):
            form.add_error(name, ValidationError(message))
    for spec in check.missing:
        name = f"file_{spec.pk}"
        if not form.errors.get(name):
            form.add_error(
                name,
                ValidationError("Giấy tờ bắt buộc: hãy tải lên tệp hoặc chọn từ kho dữ liệu."),
            )
