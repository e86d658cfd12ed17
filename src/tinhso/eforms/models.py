from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from tinhso.eforms.schema import fee_field_errors, schema_errors


class EForm(models.Model):
    """The e-form (biểu mẫu điện tử) of one procedure version, declared as data.

    Every online public service has an e-form (Nghị định 42/2022/NĐ-CP Điều 11). A version
    without one uses schema.DEFAULT_SCHEMA. Dossiers keep a copy of the schema they were
    answered with (EFormAnswers.schema), so editing the form never changes a filed dossier.
    """

    version = models.OneToOneField(
        "catalogue.ProcedureVersion",
        verbose_name="phiên bản thủ tục",
        on_delete=models.CASCADE,
        related_name="eform",
    )
    title = models.CharField(
        "tên tờ khai", max_length=255, help_text="Ví dụ: Tờ khai đăng ký khai sinh"
    )
    schema = models.JSONField(
        "các trường của biểu mẫu",
        help_text=(
            'JSON: {"fields": [{"key": "ho_ten", "type": "text", "label": "Họ và tên", '
            '"required": true, "prefill": "full_name"}, …], "covers_components": [1]}. '
            "Kiểu: text, textarea, date, number, select, checkbox, cccd, phone, email."
        ),
    )
    updated_at = models.DateTimeField("cập nhật", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "biểu mẫu điện tử"
        verbose_name_plural = "biểu mẫu điện tử"
        ordering = ["version__procedure__code", "-version__number"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version.code} v{self.version.number})"

    def clean(self) -> None:
        components = self.version.components.count() if self.version_id else None
        errors = schema_errors(self.schema, components=components)
        if not errors and self.version_id:
            keys = {f["key"] for f in self.schema["fields"]}
            fees = [(f.name, f.rule) for f in self.version.fees.all()]
            errors = fee_field_errors(fees, keys)
        if errors:
            raise ValidationError({"schema": errors})


class EFormAnswers(models.Model):
    """What the applicant declared in the e-form of a dossier, with the schema it answered."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name="hồ sơ",
        on_delete=models.CASCADE,
        related_name="eform_answers",
    )
    title = models.CharField("tên tờ khai", max_length=255)
    schema = models.JSONField("biểu mẫu đã dùng")
    answers = models.JSONField("nội dung kê khai", default=dict)
    created_at = models.DateTimeField("ngày kê khai", auto_now_add=True)

    class Meta:
        verbose_name = "nội dung tờ khai điện tử"
        verbose_name_plural = "nội dung tờ khai điện tử"

    def __str__(self) -> str:
        return f"{self.title} – {self.dossier_id}"
