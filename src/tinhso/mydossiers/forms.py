"""Forms of the applicant's pages; the rules themselves live in the services."""

from typing import Any

from django import forms
from django.conf import settings

from tinhso.dossiers.constants import Status
from tinhso.dossiers.models import DossierComponent


class StatusFilterForm(forms.Form):
    trang_thai = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Tất cả"), *Status.choices],
        error_messages={"invalid_choice": "Trạng thái không hợp lệ; đang hiện tất cả hồ sơ."},
    )


class SupplementForm(forms.Form):
    """One file input per paper of the dossier (one upload per component), each with the
    choice of a paper from the applicant's data store, plus one for a paper outside the list."""

    note = forms.CharField(
        label="Ghi chú gửi cơ quan giải quyết (không bắt buộc)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Ghi chú dài quá 1.000 ký tự."},
    )

    def __init__(
        self,
        *args: Any,
        components: list[DossierComponent],
        papers: list[Any],
        types: dict[int | None, list[str]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.components = components
        self.has_papers = bool(papers)
        paper_choices = [("", "— Không chọn —"), *((str(p.pk), str(p.title)) for p in papers)]
        for c in components:
            self._slot(str(c.pk), c.name, types[c.pk], paper_choices, c.required and not c.received)
        self._slot(
            "khac", "Giấy tờ khác theo yêu cầu của cơ quan", types[None], paper_choices, False
        )

    def _slot(self, key: str, name: str, types: list[str], paper_choices, needed: bool) -> None:
        listed = ", ".join(sorted({t.upper() for t in types if t != "jpeg"}))
        self.fields[f"file_{key}"] = forms.FileField(
            label=name,
            required=False,
            help_text=f"{'Bắt buộc, chưa nộp. ' if needed else ''}"
            f"Định dạng {listed}; tối đa {settings.MAX_UPLOAD_MB} MB.",
            error_messages={"invalid": "Tệp tải lên không hợp lệ.", "empty": "Tệp rỗng."},
        )
        if self.has_papers:
            self.fields[f"paper_{key}"] = forms.ChoiceField(
                label=f"hoặc chọn từ kho dữ liệu cho “{name}”",
                required=False,
                choices=paper_choices,
                error_messages={"invalid_choice": "Giấy tờ đã chọn không có trong kho dữ liệu."},
            )

    def slots(self) -> list[dict[str, Any]]:
        """(component or None, its file field, its paper field) for the template."""
        keyed = [(str(c.pk), c) for c in self.components] + [("khac", None)]
        return [
            {
                "key": key,
                "component": component,
                "file": self[f"file_{key}"],
                "paper": self[f"paper_{key}"] if self.has_papers else None,
            }
            for key, component in keyed
        ]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Lý do rút hồ sơ",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Hãy ghi lý do rút hồ sơ.",
            "max_length": "Lý do dài quá 1.000 ký tự.",
        },
    )


class DeliveryForm(forms.Form):
    mode = forms.ChoiceField(
        label="Hình thức nhận kết quả",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Hãy chọn hình thức nhận kết quả.",
            "invalid_choice": "Thủ tục này không trả kết quả theo hình thức đã chọn.",
        },
    )
    postal_address = forms.CharField(
        label="Địa chỉ nhận kết quả qua bưu chính",
        required=False,
        max_length=300,
        help_text="Số nhà, đường, xã/phường, tỉnh. Bắt buộc khi nhận qua bưu chính.",
        error_messages={"max_length": "Địa chỉ dài quá 300 ký tự."},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = choices
