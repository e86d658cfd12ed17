"""Danh mục hồ sơ, hồ sơ and the documents filed in them (Nghị định 30/2020/NĐ-CP, Chương IV
and Phụ lục V; file metadata of Phụ lục VI Part II, named in comments)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PlanState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    APPROVED = "approved", "Đã phê duyệt"


class FilePlan(models.Model):
    """Danh mục hồ sơ of one agency for one year, approved by its head at the start of the year
    (Điều 28)."""

    agency = models.ForeignKey(
        "organisation.Agency", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên danh mục", max_length=300)
    state = models.CharField(
        "trạng thái", max_length=10, choices=PlanState.choices, default=PlanState.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "danh mục hồ sơ"
        verbose_name_plural = "danh mục hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_file_plan_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class FileState(models.TextChoices):
    OPEN = "open", "Đang lập"
    CLOSED = "closed", "Đã kết thúc"
    TRANSFERRED = "transferred", "Đã nộp lưu"


class RecordFile(models.Model):
    """Hồ sơ: the unit filed and, in time, handed to the agency archive (Điều 29–30)."""

    plan = models.ForeignKey(FilePlan, on_delete=models.PROTECT, related_name="files")
    agency = models.ForeignKey(
        "organisation.Agency", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    # FileCode = OrganId (the agency's 13-character code) + FileCatalog (year) + FileNotation
    year = models.PositiveSmallIntegerField("năm hồ sơ")  # FileCatalog N4
    notation = models.CharField("số và ký hiệu hồ sơ", max_length=20)  # FileNotation S20
    heading = models.CharField("đề mục", max_length=200, blank=True)
    title = models.CharField("tiêu đề hồ sơ", max_length=500)  # Title S500
    retention_key = models.CharField("loại hồ sơ (bảng thời hạn)", max_length=40, blank=True)
    retention_years = models.PositiveSmallIntegerField(
        "thời hạn bảo quản (năm)", null=True, blank=True
    )  # None = vĩnh viễn
    maintenance = models.CharField("thời hạn bảo quản", max_length=30)  # Maintenance S30
    rights = models.CharField("chế độ sử dụng", max_length=30, default="Hạn chế")  # Rights S30
    creator = models.CharField("người lập hồ sơ", max_length=30)  # Creator S30
    language = models.CharField("ngôn ngữ", max_length=30, default="Tiếng Việt")  # Language
    is_construction = models.BooleanField("hồ sơ xây dựng cơ bản", default=False)
    # derived from the items when the file is closed (Điều 29.4)
    start_date = models.DateField("thời gian bắt đầu", null=True, blank=True)  # StartDate
    end_date = models.DateField("thời gian kết thúc", null=True, blank=True)  # EndDate
    doc_total = models.PositiveSmallIntegerField("tổng số văn bản", default=0)  # DocTotal N4
    page_total = models.PositiveSmallIntegerField("tổng số trang", default=0)  # PageTotal N4
    person_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lập hồ sơ",
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        "trạng thái", max_length=12, choices=FileState.choices, default=FileState.OPEN
    )
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    transfer_due = models.DateField("hạn nộp lưu", null=True, blank=True)
    transfer_alerted_at = models.DateTimeField("đã báo đến hạn nộp lưu lúc", null=True, blank=True)
    transferred_at = models.DateTimeField("nộp lưu lúc", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "notation"], name="one_file_per_notation_year"
            )
        ]
        indexes = [
            models.Index(
                fields=["transfer_due"],
                condition=Q(state="closed", transfer_alerted_at__isnull=True),
                name="record_file_due_unalerted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.notation}: {self.title[:80]}"

    @property
    def file_code(self) -> str:
        """FileCode as one string: OrganId.FileCatalog.FileNotation."""
        return f"{self.agency.code}.{self.year}.{self.notation}"


class RecordItem(models.Model):
    """One document in a file, numbered in time order (DocOrdinal N3)."""

    record_file = models.ForeignKey(RecordFile, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="record_items"
    )
    ordinal = models.PositiveSmallIntegerField("số thứ tự")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "văn bản trong hồ sơ"
        verbose_name_plural = "văn bản trong hồ sơ"
        ordering = ["ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_file", "document"], name="document_once_per_file"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ordinal}. {self.document}"
