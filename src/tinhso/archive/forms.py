"""Forms of the archive pages; the rules are in services.py."""

from typing import Any

from django import forms

from tinhso.accounts.models import User
from tinhso.archive import retention
from tinhso.organisation.models import Agency


class PlanForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Cơ quan", queryset=Agency.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    title = forms.CharField(label="Tên danh mục hồ sơ", max_length=300)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class FileForm(forms.Form):
    notation = forms.CharField(label="Số và ký hiệu hồ sơ (ví dụ 01.TCCB)", max_length=20)
    heading = forms.CharField(label="Đề mục", max_length=200, required=False)
    title = forms.CharField(
        label="Tiêu đề hồ sơ", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    retention_key = forms.ChoiceField(
        label="Loại hồ sơ theo bảng thời hạn bảo quản (Thông tư 10/2022/TT-BNV)",
        required=False,
        choices=[("", "— Tự nhập thời hạn —"), *retention.CHOICES],
    )
    retention_years = forms.IntegerField(
        label="Thời hạn bảo quản (số năm)", required=False, min_value=1, max_value=100
    )
    permanent = forms.BooleanField(label="Bảo quản vĩnh viễn", required=False)
    person = forms.ModelChoiceField(label="Người lập hồ sơ", queryset=User.objects.none())
    rights = forms.ChoiceField(
        label="Chế độ sử dụng", choices=[("Hạn chế", "Hạn chế"), ("Công khai", "Công khai")]
    )
    is_construction = forms.BooleanField(
        label="Hồ sơ xây dựng cơ bản (nộp lưu trong 03 tháng)", required=False
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class FileDocumentForm(forms.Form):
    document = forms.IntegerField(label="Mã văn bản", min_value=1)
