import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models


def draft_file_path(instance: "DraftFile", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"nop-truc-tuyen/{instance.draft.applicant_id}/{uuid.uuid4().hex}{suffix}"


class Draft(models.Model):
    """An online dossier being prepared by a citizen or business (hồ sơ nháp).

    The "draft not yet submitted" state of the dossier lifecycle (regulations.md §1.1):
    everything typed and uploaded is kept here until it is submitted, and survives every
    validation error. Once submitted it points at the dossier it became.
    """

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nộp",
        on_delete=models.CASCADE,
        related_name="submission_drafts",
    )
    version = models.ForeignKey(
        "catalogue.ProcedureVersion",
        verbose_name="thủ tục (phiên bản)",
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiving_agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="nơi tiếp nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answers = models.JSONField("tờ khai (như đã nhập)", default=dict, blank=True)
    delivery_mode = models.CharField("hình thức nhận kết quả", max_length=12, blank=True)
    postal_address = models.CharField("địa chỉ nhận qua bưu chính", max_length=300, blank=True)
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("lưu lần cuối", auto_now=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name="hồ sơ đã nộp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("ngày nộp", null=True, blank=True)

    class Meta:
        verbose_name = "hồ sơ nháp"
        verbose_name_plural = "hồ sơ nháp"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["applicant", "-updated_at"], name="draft_applicant_recent")]

    def __str__(self) -> str:
        return f"Nháp #{self.pk}: {self.version.name}"

    @property
    def is_submitted(self) -> bool:
        return self.dossier_id is not None or self.submitted_at is not None


class DraftFile(models.Model):
    """The paper given for one dossier component: an upload, or a paper from the data store."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    component = models.ForeignKey(
        "catalogue.DossierComponentSpec",
        verbose_name="thành phần hồ sơ",
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField("tệp", upload_to=draft_file_path, max_length=200, blank=True)
    paper = models.ForeignKey(
        "documentstore.StoredPaper",
        verbose_name="giấy tờ trong kho dữ liệu",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp của hồ sơ nháp"
        verbose_name_plural = "tệp của hồ sơ nháp"
        ordering = ["draft", "component__order"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "component"], name="one_file_per_component")
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def from_store(self) -> bool:
        return not self.file and self.paper_id is not None
