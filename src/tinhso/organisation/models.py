from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tinhso.core.text import fold
from tinhso.organisation.constants import AgencyKind, UnitLevel
from tinhso.organisation.validators import validate_agency_identifier


class AdministrativeUnit(models.Model):
    """A province, (historical) district or commune, with its official code and validity.

    Units are never deleted: a merged or abolished unit gets `valid_to`, so dossiers and
    statistics of the past keep pointing at what existed then.
    """

    code = models.CharField("mã đơn vị hành chính", max_length=10, unique=True)
    name = models.CharField("tên", max_length=200)
    level = models.CharField("cấp", max_length=10, choices=UnitLevel.choices)
    kind = models.CharField("loại", max_length=40, blank=True, help_text="tỉnh, xã, phường …")
    parent = models.ForeignKey(
        "self",
        verbose_name="trực thuộc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hết hiệu lực ngày", null=True, blank=True)
    is_demo = models.BooleanField("dữ liệu minh họa", default=False)

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Agency(models.Model):
    """A state body: UBND tỉnh, a Sở, a UBND xã, the public-service centre …"""

    code = models.CharField(
        "mã định danh điện tử",
        max_length=13,
        unique=True,
        validators=[validate_agency_identifier],
        help_text="13 ký tự theo QĐ 20/2020/QĐ-TTg, ví dụ 000.00.00.H59",
    )
    name = models.CharField("tên cơ quan", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=100, blank=True)
    abbreviation = models.CharField(
        "chữ viết tắt", max_length=20, blank=True, help_text="dùng trong ký hiệu văn bản, ví dụ STP"
    )
    kind = models.CharField("loại cơ quan", max_length=20, choices=AgencyKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="địa bàn",
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="cơ quan cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The one-stop of this body since 01/7/2025 (Nghị định 118/2025/NĐ-CP): a commune's
    # "Trung tâm Phục vụ hành chính công xã/phường …"; empty when the body is itself the centre
    # or has none (tinhso.organisation.letterhead.one_stop_of).
    one_stop_name = models.CharField(
        "tên bộ phận một cửa",
        max_length=255,
        blank=True,
        help_text="Ví dụ: Trung tâm Phục vụ hành chính công phường Tân Ninh",
    )
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)
    is_demo = models.BooleanField("dữ liệu minh họa", default=False)

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_commune_level(self) -> bool:
        return self.kind == AgencyKind.UBND_XA


class Department(models.Model):
    """A department (phòng, ban) inside an agency."""

    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="departments"
    )
    code = models.CharField("mã", max_length=30)
    name = models.CharField("tên phòng, ban", max_length=255)

    class Meta:
        verbose_name = "phòng, ban"
        verbose_name_plural = "phòng, ban"
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="department_code_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.agency.short_name or self.agency.name}"


class ExternalAgency(models.Model):
    """A body outside this province's catalogue, known from the document axis's directory
    (issue 15): only ever an addressee of an official document. Kept apart from Agency so the
    procedure catalogue, the counters and the dossiers never list outsiders."""

    organ_id = models.CharField(
        "mã định danh điện tử",
        max_length=13,
        unique=True,
        validators=[validate_agency_identifier],
        help_text="13 ký tự theo QĐ 20/2020/QĐ-TTg, ví dụ 000.00.00.G22",
    )
    name = models.CharField("tên cơ quan", max_length=255)
    parent_id = models.CharField("mã cơ quan cấp trên", max_length=13, blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    email = models.CharField("thư điện tử", max_length=254, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    website = models.CharField("trang thông tin điện tử", max_length=200, blank=True)
    is_active = models.BooleanField("còn trên danh bạ trục", default=True)
    synced_at = models.DateTimeField("đồng bộ lúc", default=timezone.now)
    # fold(name + organ_id), kept by save(): diacritic-free search on any database
    search_text = models.CharField("chuỗi tìm kiếm", max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = "cơ quan ngoài tỉnh (danh bạ trục)"
        verbose_name_plural = "cơ quan ngoài tỉnh (danh bạ trục)"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organ_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.name} {self.organ_id}")[:300]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)
