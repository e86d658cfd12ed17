import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models

from tinhso.documentstore.constants import PaperKind


def paper_path(instance: "StoredPaper", filename: str) -> str:
    """A random name: the stored path says nothing about the person or the paper."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"kho-du-lieu/{instance.owner_id}/{uuid.uuid4().hex}{suffix}"


class StoredPaper(models.Model):
    """An electronic paper in a citizen's or business's data store (kho dữ liệu).

    Personal data (Luật 91/2025/QH15): only the owner reads it, through
    tinhso.documentstore.selectors.paper_for.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="chủ sở hữu",
        on_delete=models.CASCADE,
        related_name="stored_papers",
    )
    title = models.CharField("tên giấy tờ", max_length=255)
    kind = models.CharField("nguồn", max_length=12, choices=PaperKind.choices)
    file = models.FileField("tệp", upload_to=paper_path, max_length=200)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("kiểu tệp", max_length=100)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0)
    source_dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name="hồ sơ nguồn",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("ngày lưu", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lưu",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "giấy tờ trong kho dữ liệu"
        verbose_name_plural = "kho dữ liệu"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="paper_owner_newest")]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return PurePath(self.original_name).suffix.lstrip(".").upper()
