"""Forms of the back office: counter reception and the actions on a dossier."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from tinhso.accounts.validators import normalise_digits, validate_cccd
from tinhso.catalogue.constants import DeliveryMode
from tinhso.catalogue.models import ProcedureVersion
from tinhso.dossiers.intake import file_error
from tinhso.organisation.models import Agency

DECISIONS = {
    "receive": "Tiếp nhận và in giấy hẹn",
    "supplement": "Lập phiếu yêu cầu bổ sung",
    "refuse": "Từ chối tiếp nhận",
}


class ReceptionForm(forms.Form):
    """What the one-stop officer records when a person hands in a dossier at the counter."""

    competent_agency = forms.ModelChoiceField(
        label="Cơ quan giải quyết", queryset=Agency.objects.none(), empty_label="— Chọn —"
    )
    applicant_name = forms.CharField(label="Họ và tên người nộp", max_length=200)
    applicant_cccd = forms.CharField(
        label="Số CCCD / định danh cá nhân",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    applicant_phone = forms.CharField(
        label="Số điện thoại",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    applicant_email = forms.EmailField(label="Thư điện tử", required=False)
    applicant_address = forms.CharField(label="Địa chỉ", max_length=300, required=False)
    components = forms.MultipleChoiceField(
        label="Giấy tờ đã nhận", required=False, widget=forms.CheckboxSelectMultiple
    )
    fees_paid = forms.IntegerField(
        label="Phí, lệ phí đã thu (đồng)",
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1000}),
    )
    delivery_mode = forms.ChoiceField(label="Hình thức nhận kết quả")
    postal_address = forms.CharField(
        label="Địa chỉ nhận kết quả qua bưu chính", max_length=300, required=False
    )
    decision_note = forms.CharField(
        label="Nội dung yêu cầu bổ sung / lý do từ chối (căn cứ pháp lý)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(choices=list(DECISIONS.items()), widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, version: ProcedureVersion, competent: list[Agency], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.version = version
        self.specs = list(version.components.all())
        self.fields["competent_agency"].queryset = Agency.objects.filter(
            pk__in=[a.pk for a in competent]
        )
        if len(competent) == 1:
            self.fields["competent_agency"].initial = competent[0].pk
        self.fields["components"].choices = [
            (str(s.pk), f"{s.name}{' (bắt buộc)' if s.required else ''}") for s in self.specs
        ]
        modes = version.delivery_modes or [DeliveryMode.COUNTER]
        self.fields["delivery_mode"].choices = [(m, DeliveryMode(m).label) for m in modes]
        self.fields["fees_paid"].initial = sum(f.amount for f in version.fees.all())
        for spec in self.specs:
            self.fields[f"file_{spec.pk}"] = forms.FileField(
                label=f"Bản quét: {spec.name}",
                required=False,
                help_text=f"Định dạng: {', '.join(spec.file_type_list).upper()}",
            )

    def file_fields(self):
        return [self[f"file_{s.pk}"] for s in self.specs]

    def clean_applicant_cccd(self) -> str:
        value = normalise_digits(self.cleaned_data["applicant_cccd"])
        if value:
            validate_cccd(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for spec in self.specs:
            upload = data.get(f"file_{spec.pk}")
            if upload:
                message = file_error(upload, spec.file_type_list)
                if message:
                    self.add_error(f"file_{spec.pk}", message)
        decision = data.get("decision")
        if decision in ("supplement", "refuse") and not data.get("decision_note", "").strip():
            self.add_error(
                "decision_note",
                "Hãy ghi rõ giấy tờ cần bổ sung"
                if decision == "supplement"
                else "Hãy ghi rõ lý do từ chối và căn cứ pháp lý.",
            )
        if data.get("delivery_mode") == DeliveryMode.POSTAL and not data.get("postal_address"):
            self.add_error("postal_address", "Hãy nhập địa chỉ nhận kết quả qua bưu chính.")
        return data

    def missing_required(self) -> list[str]:
        ticked = set(self.cleaned_data.get("components") or [])
        uploaded = {s.pk for s in self.specs if self.cleaned_data.get(f"file_{s.pk}")}
        return [
            s.name
            for s in self.specs
            if s.required and str(s.pk) not in ticked and s.pk not in uploaded
        ]


class ActionForm(forms.Form):
    """The fields an action may need; which apply is decided by the action."""

    note = forms.CharField(label="Nội dung, lý do", required=False, widget=forms.Textarea)
    new_due_date = forms.DateField(
        label="Ngày hẹn trả mới",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    components = forms.MultipleChoiceField(
        label="Giấy tờ đã nhận bổ sung", required=False, widget=forms.CheckboxSelectMultiple
    )
    result_file = forms.FileField(label="Tệp kết quả (PDF)", required=False)
    # Đề xuất từ chối giải quyết (Nghị định 118/2025/NĐ-CP): the legal basis of the reason.
    legal_basis = forms.CharField(label="Căn cứ pháp lý", required=False, max_length=1000)
    # Mẫu 05: the applicant's request to stop (empty when the body stops on its own motion)
    # and the settlement of the fees paid.
    request_by = forms.CharField(label="Người đề nghị dừng", required=False, max_length=200)
    request_date = forms.DateField(
        label="Ngày đề nghị",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    request_how = forms.CharField(
        label="Hình thức đề nghị (đơn, trực tuyến…)", required=False, max_length=200
    )
    refund_amount = forms.IntegerField(
        label="Số tiền hoàn trả (đồng)", required=False, min_value=0, max_value=10**12
    )

    def decision_data(self) -> dict[str, Any]:
        """The decision fields that were filled in, for the action's event data."""
        keys = ("legal_basis", "request_by", "request_date", "request_how", "refund_amount")
        values = {k: self.cleaned_data.get(k) for k in keys}
        return {k: v for k, v in values.items() if v not in (None, "")}

    def __init__(self, *args: Any, component_choices=(), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["components"].choices = list(component_choices)

    def clean_result_file(self):
        upload = self.cleaned_data.get("result_file")
        if upload:
            message = file_error(upload, ["pdf"])
            if message:
                raise ValidationError(message)
        return upload
