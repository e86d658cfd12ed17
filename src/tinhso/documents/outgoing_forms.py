"""Forms of the outgoing-document pages; the rules are in tinhso.documents.outgoing*."""

from __future__ import annotations

from django import forms

from tinhso.documents.kinds import DOCUMENT_TYPES, Confidentiality, Urgency
from tinhso.documents.models.outgoing import OutgoingRelation, RecipientKind

TYPES = [(t.code, t.name) for t in DOCUMENT_TYPES]


class DraftMetaForm(forms.Form):
    doc_type = forms.ChoiceField(label="Loại văn bản", choices=TYPES, initial="CV")
    subject = forms.CharField(
        label="Trích yếu nội dung", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    urgency = forms.ChoiceField(
        label="Mức độ khẩn", choices=Urgency.choices, initial=Urgency.NORMAL
    )
    confidentiality = forms.ChoiceField(
        label="Độ mật", choices=Confidentiality.choices, initial=Confidentiality.NORMAL
    )
    is_normative = forms.BooleanField(label="Văn bản quy phạm pháp luật", required=False)
    archive_copy = forms.CharField(
        label="Đơn vị, người nhận bản lưu",
        max_length=200,
        required=False,
        help_text="Ví dụ: Lưu: VT, XDKTVB.",
    )
    description = forms.CharField(label="Ghi chú", max_length=500, required=False)


class DraftNewForm(DraftMetaForm):
    file = forms.FileField(
        label="Tệp dự thảo (PDF, DOCX, DOC)",
        help_text="Bản trình ký phải là PDF; để trống dòng «Số:» và ngày tháng.",
    )
    note = forms.CharField(label="Ghi chú phiên bản", max_length=500, required=False)


class DraftEditForm(DraftMetaForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    file = forms.FileField(label="Tệp dự thảo mới (PDF, DOCX, DOC)")
    note = forms.CharField(label="Nội dung chỉnh sửa", max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Ý kiến góp ý", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Ý kiến / lý do",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecipientForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức gửi", choices=RecipientKind.choices)
    agency = forms.IntegerField(label="Cơ quan trong hệ thống", required=False, widget=forms.Select)
    name = forms.CharField(
        label="Tên nơi nhận (ngoài hệ thống, bản giấy)", max_length=200, required=False
    )
    organ_id = forms.CharField(
        label="Mã định danh (QĐ 20/2020/QĐ-TTg)", max_length=40, required=False
    )
    address = forms.CharField(label="Địa chỉ gửi bản giấy", max_length=300, required=False)
    copies = forms.IntegerField(label="Số lượng bản", min_value=1, max_value=999, initial=1)

    def __init__(self, *args, agencies=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["agency"].widget.choices = [("", "—")] + [(a.pk, a.name) for a in agencies]


class RecallForm(forms.Form):
    reason = forms.CharField(
        label="Lý do thu hồi", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class SuccessorForm(forms.Form):
    relation = forms.ChoiceField(label="Hình thức xử lý", choices=OutgoingRelation.choices)
    reason = forms.CharField(
        label="Lý do", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    subject = forms.CharField(
        label="Trích yếu văn bản mới (để trống: tự lập)", max_length=500, required=False
    )
    file = forms.FileField(label="Tệp dự thảo văn bản mới (PDF, DOCX, DOC)")
