"""Forms of the work-file pages: open a file, add a delegation. Dates are dd/mm/yyyy."""

from typing import Any, cast

from django import forms

from tinhso.accounts.models import User
from tinhso.organisation.models import Agency, Department
from tinhso.workfiles import access
from tinhso.workfiles.services import MAX_DEADLINE_DAYS

DATE_FORMATS = ["%d/%m/%Y"]
DATE_HELP = "Dạng dd/mm/yyyy, ví dụ 15/03/2026."


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.username


def _staff_of(agencies: Any) -> Any:
    ids = [a.pk for a in agencies]
    users = User.objects.none()
    for pk in ids:
        users = users | access.agency_staff(pk)
    return users.distinct().order_by("full_name", "pk")


class WorkFileForm(forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())
    title = forms.CharField(label="Tiêu đề hồ sơ", max_length=300)
    department = forms.ModelChoiceField(
        label="Đơn vị xử lý", queryset=Department.objects.none(), required=False
    )
    in_charge = UserChoice(
        label="Người chủ trì (để trống: chính bạn)", queryset=User.objects.none(), required=False
    )
    deadline_days = forms.IntegerField(
        label="Thời hạn (ngày làm việc)", min_value=1, max_value=MAX_DEADLINE_DAYS, initial=10
    )
    description = forms.CharField(
        label="Nội dung, yêu cầu", required=False, max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = access.creatable_agencies(user).order_by("name")
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        cast(
            forms.ModelChoiceField, self.fields["department"]
        ).queryset = Department.objects.filter(agency__in=agencies).order_by("agency__name", "name")
        cast(forms.ModelChoiceField, self.fields["in_charge"]).queryset = _staff_of(agencies)
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()


class DelegationForm(forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())
    to_user = UserChoice(label="Người được ủy quyền", queryset=User.objects.none())
    start_date = forms.DateField(label="Từ ngày", input_formats=DATE_FORMATS, help_text=DATE_HELP)
    end_date = forms.DateField(
        label="Đến hết ngày", input_formats=DATE_FORMATS, help_text=DATE_HELP
    )
    scope_note = forms.CharField(
        label="Phạm vi ủy quyền", required=False, max_length=500, widget=forms.Textarea
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = access.creatable_agencies(user).order_by("name")
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        cast(forms.ModelChoiceField, self.fields["to_user"]).queryset = _staff_of(agencies).exclude(
            pk=user.pk
        )
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
        for name in ("start_date", "end_date"):
            self.fields[name].error_messages["invalid"] = "Ngày phải có dạng dd/mm/yyyy."
