from django import forms

from tinhso.catalogue.constants import OnlineLevel
from tinhso.catalogue.models import Field
from tinhso.organisation.models import Agency


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm thủ tục",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Ví dụ: khai sinh, giấy phép xây dựng, 1.001193",
                "autocomplete": "off",
            }
        ),
        error_messages={"max_length": "Từ khóa dài quá %(limit_value)d ký tự."},
    )
    field = forms.ModelChoiceField(
        label="Lĩnh vực",
        required=False,
        queryset=Field.objects.all(),
        to_field_name="code",
        empty_label="Tất cả lĩnh vực",
        error_messages={"invalid_choice": "Lĩnh vực đã chọn không có trong danh mục."},
    )
    agency = forms.ModelChoiceField(
        label="Cơ quan thực hiện",
        required=False,
        to_field_name="code",
        queryset=Agency.objects.filter(is_active=True).order_by("kind", "name"),
        empty_label="Tất cả cơ quan",
        error_messages={"invalid_choice": "Cơ quan đã chọn không có trong danh mục."},
    )
    level = forms.ChoiceField(
        label="Mức độ trực tuyến",
        required=False,
        choices=[("", "Tất cả mức độ"), *OnlineLevel.choices],
        error_messages={"invalid_choice": "Mức độ trực tuyến đã chọn không hợp lệ."},
    )
