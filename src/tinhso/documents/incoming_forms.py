"""Forms of the incoming-document pages; the rules live in tinhso.documents.incoming*."""

from datetime import date
from typing import Any, cast

from django import forms

from tinhso.accounts.models import StaffRole, User
from tinhso.documents.incoming import IncomingData
from tinhso.documents.incoming_handling import SlipLine
from tinhso.documents.kinds import TYPE_CHOICES, AssignmentRole, Confidentiality, Urgency
from tinhso.organisation.models import Department

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SLIP_LINES = 5


def agency_people(agency_id: int) -> list[User]:
    ids = StaffRole.objects.filter(agency_id=agency_id, is_active=True).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("full_name"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the views read request.FILES.getlist)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


class ReadersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class RegisterForm(forms.Form):
    """Vào sổ a document that came on paper (scan) or by e-mail."""

    channel = forms.ChoiceField(
        label="Nguồn",
        choices=[("paper", "Bản giấy (quét)"), ("email", "Thư điện tử")],
        initial="paper",
    )
    attachments = MultipleFileField(
        label=(
            "Bản quét (PDF, JPG, PNG) hoặc thư điện tử: tệp .eml của thư, hoặc các tệp đính "
            "kèm (PDF, JPG, PNG, DOC, DOCX, XLS, XLSX)"
        ),
        widget=MultipleFileInput(),
        required=False,
    )
    doc_type = forms.ChoiceField(
        label="Tên loại văn bản", choices=[("", "— Chọn —"), *TYPE_CHOICES]
    )
    code_number = forms.CharField(label="Số", max_length=11, required=False)
    code_notation = forms.CharField(label="Ký hiệu", max_length=30, required=False)
    issued_date = forms.DateField(label="Ngày tháng văn bản", widget=DATE, required=False)
    organ_name = forms.CharField(label="Cơ quan ban hành (tác giả)", max_length=200)
    subject = forms.CharField(
        label="Trích yếu nội dung", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    signer_name = forms.CharField(label="Người ký", max_length=50, required=False)
    page_amount = forms.IntegerField(label="Số trang", min_value=1, max_value=999, initial=1)
    arrival_at = forms.DateTimeField(
        label="Thời điểm đến (để trống: bây giờ)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    urgency = forms.ChoiceField(
        label="Mức độ khẩn", choices=Urgency.choices, initial=Urgency.NORMAL
    )
    confidentiality = forms.ChoiceField(
        label="Độ mật", choices=Confidentiality.choices, initial=Confidentiality.NORMAL
    )
    named_readers = ReadersField(
        label="Người được đọc (bắt buộc với văn bản mật)",
        queryset=User.objects.none(),
        required=False,
    )
    due_date = forms.DateField(label="Hạn giải quyết ghi trên văn bản", widget=DATE, required=False)
    sender_email = forms.EmailField(label="Thư điện tử người gửi", required=False)
    file_notation = forms.CharField(label="Số và ký hiệu hồ sơ", max_length=50, required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)
    confirm_duplicate = forms.BooleanField(
        label="Tôi đã kiểm tra: vẫn vào sổ dù trùng số, ký hiệu", required=False
    )

    def __init__(self, *args: Any, agency_id: int, pending: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        ids = StaffRole.objects.filter(agency_id=agency_id, is_active=True).values("user_id")
        readers = cast(forms.ModelMultipleChoiceField, self.fields["named_readers"])
        readers.queryset = User.objects.filter(pk__in=ids).order_by("full_name")
        if pending:  # the metadata came with the document; the clerk sets these only
            keep = {
                "urgency",
                "confidentiality",
                "named_readers",
                "due_date",
                "file_notation",
                "note",
                "confirm_duplicate",
            }
            for name in list(self.fields):
                if name not in keep:
                    del self.fields[name]

    def incoming_data(self) -> IncomingData:
        c = self.cleaned_data
        return IncomingData(
            doc_type=c.get("doc_type", ""),
            subject=c.get("subject", ""),
            organ_name=c.get("organ_name", ""),
            code_number=c.get("code_number", ""),
            code_notation=c.get("code_notation", ""),
            issued_date=c.get("issued_date"),
            signer_name=c.get("signer_name", ""),
            urgency=c["urgency"],
            confidentiality=c["confidentiality"],
            named_readers=list(c.get("named_readers") or []),
            due_date=c.get("due_date"),
            page_amount=c.get("page_amount") or 1,
            arrival_at=c.get("arrival_at"),
            sender_email=c.get("sender_email", ""),
            note=c.get("note", ""),
            file_notation=c.get("file_notation", ""),
        )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="Lý do từ chối nhận", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


def recipient_choices(agency_id: int, department_id: int | None = None) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = [("", "— Không —")]
    if department_id is None:
        for d in Department.objects.filter(agency_id=agency_id).order_by("name"):
            choices.append((f"d:{d.pk}", f"Đơn vị: {d.name}"))
        people = agency_people(agency_id)
    else:
        ids = StaffRole.objects.filter(department_id=department_id, is_active=True).values(
            "user_id"
        )
        people = list(User.objects.filter(pk__in=ids).order_by("full_name"))
    for u in people:
        choices.append((f"u:{u.pk}", f"Cá nhân: {u.full_name or u.username}"))
    return choices


class SlipForm(forms.Form):
    """Phiếu giải quyết: up to SLIP_LINES lines (role, recipient, deadline, instruction)."""

    due_date = forms.DateField(label="Hạn giải quyết văn bản", widget=DATE, required=False)

    def __init__(self, *args: Any, agency_id: int, department_id: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = recipient_choices(agency_id, department_id)
        if department_id is not None:
            del self.fields["due_date"]
        for i in range(1, SLIP_LINES + 1):
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=f"Vai trò (dòng {i})",
                choices=AssignmentRole.choices,
                initial=AssignmentRole.LEAD if i == 1 else AssignmentRole.COORDINATE,
                required=False,
            )
            self.fields[f"who_{i}"] = forms.ChoiceField(
                label=f"Người hoặc đơn vị nhận (dòng {i})", choices=choices, required=i == 1
            )
            self.fields[f"days_{i}"] = forms.IntegerField(
                label=f"Hạn: số ngày làm việc (dòng {i})",
                min_value=0,
                max_value=365,
                required=False,
            )
            self.fields[f"deadline_{i}"] = forms.DateField(
                label=f"hoặc hạn: ngày (dòng {i})", widget=DATE, required=False
            )
            self.fields[f"instruction_{i}"] = forms.CharField(
                label=f"Ý kiến chỉ đạo (dòng {i})", max_length=1000, required=False
            )

    def rows(self) -> list[list[Any]]:
        return [
            [self[f"{name}_{i}"] for name in ("role", "who", "days", "deadline", "instruction")]
            for i in range(1, SLIP_LINES + 1)
        ]

    def lines(self) -> list[SlipLine]:
        c = self.cleaned_data
        found: list[SlipLine] = []
        for i in range(1, SLIP_LINES + 1):
            who = c.get(f"who_{i}") or ""
            if not who:
                continue
            kind, _, pk = who.partition(":")
            line = SlipLine(
                role=c.get(f"role_{i}") or AssignmentRole.COORDINATE,
                working_days=c.get(f"days_{i}"),
                deadline=c.get(f"deadline_{i}"),
                instruction=c.get(f"instruction_{i}") or "",
            )
            if kind == "u":
                line.assignee = User.objects.filter(pk=int(pk)).first()
            else:
                line.department = Department.objects.filter(pk=int(pk)).first()
            found.append(line)
        return found


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class CompleteForm(forms.Form):
    reply_notation = forms.CharField(
        label="Số, ký hiệu văn bản trả lời", max_length=60, required=False
    )
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class ListFilter(forms.Form):
    q = forms.CharField(label="Tìm (trích yếu, số ký hiệu, cơ quan ban hành)", required=False)
    state = forms.ChoiceField(label="Trạng thái", required=False)
    urgency = forms.ChoiceField(
        label="Mức độ khẩn", required=False, choices=[("", "Tất cả"), *Urgency.choices]
    )
    start = forms.DateField(label="Đến từ ngày", widget=DATE, required=False)
    end = forms.DateField(label="đến ngày", widget=DATE, required=False)


class RegisterRange(forms.Form):
    start = forms.DateField(label="Từ ngày", widget=DATE)
    end = forms.DateField(label="Đến ngày", widget=DATE)

    def clean(self) -> dict[str, Any]:
        c = super().clean() or {}
        start: date | None = c.get("start")
        end: date | None = c.get("end")
        if start and end and start > end:
            raise forms.ValidationError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        return c
