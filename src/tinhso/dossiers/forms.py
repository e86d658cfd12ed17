"""Forms of the back office: counter reception and the actions on a dossier."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tinhso.accounts.validators import normalise_digits, validate_cccd
from tinhso.catalogue.constants import CompetenceBasis, DeliveryMode
from tinhso.catalogue.fees import (
    FeeChoiceError,
    amount_text,
    fee_groups,
    line_label,
    picked_fees,
)
from tinhso.catalogue.models import ProcedureVersion
from tinhso.dossiers.intake import file_error, is_territorial
from tinhso.organisation.models import AdministrativeUnit, Agency
from tinhso.organisation.selectors import communes_current

# Mẫu 02 (Thông tư 03/2025/TT-VPCP) lists each missing item with its legal basis: one line per
# item, the basis after "|" (tinhso.dossiers.paperwork.supplement_items); an item without one
# is printed with the procedure's published dossier components as its basis.
SUPPLEMENT_HELP = (
    "Yêu cầu bổ sung: mỗi dòng một nội dung, căn cứ pháp lý sau dấu |, ví dụ: "
    "Bản sao giấy chứng sinh | Khoản 1 Điều 16 Luật Hộ tịch 2014"
)

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
    # Territorial procedures (Nghị định 118/2025/NĐ-CP, reception independent of boundaries):
    # the applicant's commune decides which UBND xã is competent (dossiers.competence).
    residence_unit = forms.ModelChoiceField(
        label="Xã, phường nơi cư trú của người nộp",
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label="— Chọn xã, phường —",
        help_text="UBND xã, phường này giải quyết hồ sơ; nếu khác nơi tiếp nhận, hồ sơ được "
        "chuyển đến đó ngay khi tiếp nhận.",
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
    fee_optional = forms.MultipleChoiceField(
        label="Khoản phí, lệ phí khác áp dụng",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Never pre-filled: what was actually collected, 0 until the officer types it.
    fees_paid = forms.IntegerField(
        label="Phí, lệ phí đã thu thực tế (đồng)",
        min_value=0,
        initial=0,
        help_text="Ghi số tiền đã thu của người nộp; để 0 nếu chưa thu hoặc không thu.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1000}),
    )
    fees_reason = forms.CharField(
        label="Lý do thu nhiều hơn phí, lệ phí phải nộp",
        max_length=300,
        required=False,
    )
    delivery_mode = forms.ChoiceField(label="Hình thức nhận kết quả")
    postal_address = forms.CharField(
        label="Địa chỉ nhận kết quả qua bưu chính", max_length=300, required=False
    )
    decision_note = forms.CharField(
        label="Nội dung yêu cầu bổ sung / lý do từ chối (căn cứ pháp lý)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=SUPPLEMENT_HELP,
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
        self.territorial = is_territorial(version)
        if self.territorial:
            del self.fields["competent_agency"]
            units = cast(forms.ModelChoiceField, self.fields["residence_unit"])
            units.queryset = communes_current(on=timezone.localdate()).order_by("name")
            units.required = True
            if version.competence_basis == CompetenceBasis.EFORM:
                units.label = "Xã, phường theo tờ khai (nơi có đất, nơi xảy ra sự kiện …)"
        self.fields["components"].choices = [
            (str(s.pk), f"{s.name}{' (bắt buộc)' if s.required else ''}") for s in self.specs
        ]
        modes = version.delivery_modes or [DeliveryMode.COUNTER]
        self.fields["delivery_mode"].choices = [(m, DeliveryMode(m).label) for m in modes]
        self.fixed_fees, optional, self.fee_groups = fee_groups(version)
        optional_field = self.fields["fee_optional"]
        assert isinstance(optional_field, forms.MultipleChoiceField)
        optional_field.choices = [(str(f.pk), line_label(f)) for f in optional]
        for n, group in enumerate(self.fee_groups, start=1):
            # The alternatives of one group: the officer picks the one that applies (Luật
            # Hộ tịch 2014 Điều 11: đúng hạn free, quá hạn the lệ phí), nothing pre-chosen.
            self.fields[f"fee_group_{n}"] = forms.ChoiceField(
                label=f"Khoản áp dụng: {group.label}",
                choices=[(str(f.pk), line_label(f)) for f in group.lines],
                widget=forms.RadioSelect,
                error_messages={"required": "Hãy chọn khoản phí, lệ phí áp dụng cho hồ sơ."},
            )
        for spec in self.specs:
            self.fields[f"file_{spec.pk}"] = forms.FileField(
                label=f"Bản quét: {spec.name}",
                required=False,
                help_text=f"Định dạng: {', '.join(spec.file_type_list).upper()}",
            )

    def fee_group_fields(self):
        return [self[f"fee_group_{n}"] for n in range(1, len(self.fee_groups) + 1)]

    def picked_fee_ids(self) -> list[int]:
        """The fee lines the officer chose (call after is_valid())."""
        ids = [int(i) for i in self.cleaned_data.get("fee_optional") or []]
        for n in range(1, len(self.fee_groups) + 1):
            if self.cleaned_data.get(f"fee_group_{n}"):
                ids.append(int(self.cleaned_data[f"fee_group_{n}"]))
        return ids

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
        self._fees_clean(data)
        if data.get("delivery_mode") == DeliveryMode.POSTAL and not data.get("postal_address"):
            self.add_error("postal_address", "Hãy nhập địa chỉ nhận kết quả qua bưu chính.")
        return data

    def _fees_clean(self, data: dict[str, Any] | None) -> None:
        """More collected than the chosen lines add up to needs a reason (Luật Phí và lệ phí
        2015 Điều 17); the amount due is never the sum of every line of the procedure."""
        paid = (data or {}).get("fees_paid")
        if data is None or paid is None or any(f.errors for f in self.fee_group_fields()):
            return
        try:
            due = picked_fees(self.version, self.picked_fee_ids()).total
        except FeeChoiceError as exc:
            self.add_error(None, str(exc))
            return
        if paid > due and not (data.get("fees_reason") or "").strip():
            self.add_error(
                "fees_reason",
                f"Số tiền đã thu lớn hơn phí, lệ phí phải nộp ({amount_text(due)}); hãy ghi lý "
                "do thu thêm hoặc sửa số tiền.",
            )

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
