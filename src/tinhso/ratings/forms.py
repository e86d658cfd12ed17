"""The evaluation form: one question per criterion of the law (constants.CRITERIA), three
levels each, and a comment. Used by Hồ sơ của tôi, the one-time link and the counter page."""

from typing import Any

from django import forms

from tinhso.ratings import criteria as rules
from tinhso.ratings.constants import COMMENT_MAX_LENGTH, CRITERIA, Satisfaction


class RatingForm(forms.Form):
    comment = forms.CharField(
        label="Ý kiến của ông/bà",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text="Bắt buộc khi có tiêu chí ở mức thấp nhất: cho biết điều cơ quan cần khắc phục.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Ý kiến dài quá {COMMENT_MAX_LENGTH} ký tự."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = {}
        for criterion in CRITERIA:
            message = f"Hãy chọn một mức cho tiêu chí “{criterion.question}”."
            questions[criterion.code] = forms.TypedChoiceField(
                label=criterion.question,
                choices=[(str(lv.points), lv.label) for lv in criterion.levels],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
        # the questions first, the comment last
        self.fields = {**questions, "comment": self.fields["comment"]}

    def criterion_fields(self) -> list[forms.BoundField]:
        return [self[c.code] for c in CRITERIA]

    def answers(self) -> dict[str, int]:
        return {c.code: self.cleaned_data[c.code] for c in CRITERIA}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(c.code not in data for c in CRITERIA):
            return data
        level = rules.overall_level({c.code: data[c.code] for c in CRITERIA})
        if level == Satisfaction.DISSATISFIED and not data.get("comment", "").strip():
            self.add_error(
                "comment",
                "Hãy cho biết lý do ông/bà không hài lòng, để cơ quan biết điều cần khắc phục.",
            )
        return data
