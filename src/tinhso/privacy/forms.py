"""Forms of the personal-data pages (dates dd/mm/yyyy, Vietnamese messages)."""

from django import forms

from tinhso.privacy.constants import Purpose, RequestKind, RequestStatus
from tinhso.privacy.deadlines import MAX_EXTENSION_DAYS

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = {"invalid": "Ngày phải theo dạng ngày/tháng/năm, ví dụ 15/01/2026."}


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERROR,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


class AccessFilterForm(forms.Form):
    dossier = forms.CharField(label="Mã hồ sơ", required=False, max_length=32)
    username = forms.CharField(label="Tên đăng nhập của cán bộ", required=False, max_length=150)
    start = _date("Từ ngày")
    end = _date("Đến ngày")

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        choices=Purpose.choices, error_messages={"invalid_choice": "Mục đích không hợp lệ."}
    )
    give = forms.BooleanField(required=False)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại yêu cầu",
        choices=RequestKind.choices,
        error_messages={"invalid_choice": "Chọn loại yêu cầu trong danh sách."},
    )
    details = forms.CharField(
        label="Nội dung yêu cầu",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Dữ liệu nào, vì sao, muốn được xử lý thế nào.",
        error_messages={"required": "Cho biết nội dung yêu cầu."},
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label="Kết quả",
        choices=[
            (RequestStatus.DONE.value, RequestStatus.DONE.label),
            (RequestStatus.REFUSED.value, RequestStatus.REFUSED.label),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label="Trả lời người yêu cầu",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Viết nội dung trả lời cho người yêu cầu."},
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label="Gia hạn thêm (ngày)",
        min_value=1,
        max_value=MAX_EXTENSION_DAYS,
        error_messages={
            "min_value": f"Gia hạn từ 1 đến {MAX_EXTENSION_DAYS} ngày.",
            "max_value": f"Gia hạn từ 1 đến {MAX_EXTENSION_DAYS} ngày.",
            "invalid": "Nhập số ngày.",
        },
    )
    reason = forms.CharField(label="Lý do gia hạn", max_length=500)
