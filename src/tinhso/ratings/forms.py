"""The evaluation form the applicant fills in after receiving the result."""

from typing import Any

from django import forms

from tinhso.ratings.constants import COMMENT_MAX_LENGTH, Satisfaction


class RatingForm(forms.Form):
    level = forms.ChoiceField(
        label="Mức độ hài lòng với việc giải quyết hồ sơ",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Hãy chọn một mức độ hài lòng.",
            "invalid_choice": "Hãy chọn một mức độ hài lòng.",
        },
    )
    comment = forms.CharField(
        label="Ý kiến của ông/bà",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text="Bắt buộc khi chọn “Không hài lòng”: cho biết điều cơ quan cần khắc phục.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Ý kiến dài quá {COMMENT_MAX_LENGTH} ký tự."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("level") == Satisfaction.DISSATISFIED and not data.get("comment", "").strip():
            self.add_error(
                "comment",
                "Hãy cho biết lý do ông/bà không hài lòng, để cơ quan biết điều cần khắc phục.",
            )
        return data
