from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from tinhso.documentstore.constants import UPLOAD_TYPES
from tinhso.dossiers.intake import file_error


class PaperUploadForm(forms.Form):
    title = forms.CharField(
        label="Tên giấy tờ",
        max_length=255,
        help_text="Ví dụ: Giấy khai sinh của con, Sổ hộ khẩu, Bằng tốt nghiệp.",
        error_messages={"required": "Hãy nhập tên giấy tờ."},
    )
    file = forms.FileField(
        label="Tệp",
        help_text="PDF, JPEG hoặc PNG.",
        error_messages={
            "required": "Hãy chọn tệp cần lưu.",
            "empty": "Tệp đã chọn rỗng.",
            "invalid": "Không đọc được tệp; hãy chọn lại.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"PDF, JPEG hoặc PNG, tối đa {settings.MAX_UPLOAD_MB} MB."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        message = file_error(upload, UPLOAD_TYPES)
        if message:
            raise ValidationError(message)
        return upload
