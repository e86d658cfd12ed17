from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from tinhso.catalogue.constants import (
    CompetenceBasis,
    CompetentLevel,
    DeliveryMode,
    FeeDueAt,
    FeeKind,
    OnlineLevel,
    TimeLimitUnit,
    VersionStatus,
)
from tinhso.catalogue.fee_rules import rule_error
from tinhso.core.assurance_levels import AssuranceLevel
from tinhso.organisation.roles import Role


class Field(models.Model):
    """Lĩnh vực: the sector a procedure belongs to (Hộ tịch, Đất đai, Xây dựng …)."""

    code = models.CharField("mã lĩnh vực", max_length=30, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=255)
    is_demo = models.BooleanField("mã minh họa", default=False)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """The identity of an administrative procedure; its content lives in versions."""

    code = models.CharField("mã thủ tục", max_length=20, unique=True)
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class VersionQuerySet(models.QuerySet["ProcedureVersion"]):
    def in_force(self, on: date) -> "VersionQuerySet":
        """Published versions whose validity [effective_from, effective_to) contains `on`."""
        return self.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gt=on),
            status=VersionStatus.PUBLISHED,
            effective_from__lte=on,
        )


class ProcedureVersion(models.Model):
    """One version of a procedure as published by a decision; never edited once published.

    A dossier keeps the version in force on the day it was received.
    """

    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("phiên bản")
    status = models.CharField(
        "trạng thái", max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField("áp dụng từ ngày", null=True, blank=True)
    effective_to = models.DateField(
        "hết áp dụng từ ngày",
        null=True,
        blank=True,
        help_text="Ngày phiên bản sau bắt đầu áp dụng (không tính ngày này).",
    )
    name = models.CharField("tên thủ tục", max_length=500)
    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="versions"
    )
    competent_level = models.CharField(
        "cấp thực hiện", max_length=5, choices=CompetentLevel.choices
    )
    agencies = models.ManyToManyField(
        "organisation.Agency",
        verbose_name="cơ quan có thẩm quyền",
        blank=True,
        related_name="procedure_versions",
        help_text="Để trống với thủ tục cấp xã: mọi UBND xã, phường đều có thẩm quyền.",
    )
    # Issue 12 item 10 (Nghị định 118/2025/NĐ-CP: reception independent of administrative
    # boundaries): which commune's body decides; see CompetenceBasis.
    competence_basis = models.CharField(
        "xã, phường có thẩm quyền",
        max_length=10,
        choices=CompetenceBasis.choices,
        default=CompetenceBasis.RECEIVING,
        help_text="Với thủ tục cấp xã: cơ quan giải quyết là UBND xã, phường nào.",
    )
    competence_field = models.CharField(
        "trường tờ khai chỉ xã, phường",
        max_length=40,
        blank=True,
        help_text="Mã trường của tờ khai điện tử có giá trị là mã hoặc tên xã, phường "
        "(ví dụ noi_cu_tru). Dùng khi chọn “khai trên tờ khai”; với “nơi cư trú” dùng nếu có.",
    )
    online_level = models.CharField(
        "mức độ dịch vụ công trực tuyến", max_length=12, choices=OnlineLevel.choices
    )
    time_limit_value = models.DecimalField("thời hạn giải quyết", max_digits=6, decimal_places=2)
    time_limit_unit = models.CharField(
        "đơn vị thời hạn",
        max_length=12,
        choices=TimeLimitUnit.choices,
        default=TimeLimitUnit.WORKING_DAYS,
    )
    same_day_cutoff = models.TimeField(
        "giờ tiếp nhận muộn nhất để trả trong ngày",
        null=True,
        blank=True,
        help_text="Ví dụ 15:00: nhận sau giờ này thì trả vào ngày làm việc tiếp theo.",
    )
    # Only a procedure whose published text says "giải quyết ngay trong ngày" is a same-day one
    # (regulations §1.5: "nhận sau 15 giờ thì trả vào ngày làm việc tiếp theo"); any other limit
    # in hours counts working hours from valid reception (tinhso.workcalendar.calendar.due_at).
    same_day = models.BooleanField(
        "giải quyết trong ngày",
        default=False,
        help_text="Chỉ đánh dấu khi thủ tục công bố “giải quyết trong ngày” (đơn vị giờ làm "
        "việc). Không đánh dấu: thời hạn tính đủ số giờ làm việc kể từ khi tiếp nhận.",
    )
    # How long the applicant has to answer a supplement request (Phiếu yêu cầu bổ sung, Mẫu 02
    # Thông tư 03/2025/TT-VPCP); no general period was found in Nghị định 118/2025/NĐ-CP, so a
    # procedure states its own, else settings.SUPPLEMENT_DEADLINE_DAYS (docs/dossier-deadlines.md).
    supplement_days = models.PositiveSmallIntegerField(
        "thời hạn bổ sung hồ sơ (ngày làm việc)",
        null=True,
        blank=True,
        help_text="Để trống: dùng thời hạn chung của tỉnh (SUPPLEMENT_DEADLINE_DAYS). Quá hạn "
        "mà người nộp chưa bổ sung thì hồ sơ dừng giải quyết.",
    )
    fee_due_at = models.CharField(
        "thời điểm nộp phí, lệ phí",
        max_length=20,
        choices=FeeDueAt.choices,
        blank=True,
        default="",
        help_text="Chưa nộp đủ thì không tiếp nhận (hoặc không trả kết quả) — Nghị định "
        "42/2022/NĐ-CP Điều 11.",
    )
    result_text = models.CharField("kết quả thực hiện", max_length=500)
    delivery_modes = models.JSONField("hình thức trả kết quả", default=list)
    legal_basis = models.TextField("căn cứ pháp lý", help_text="Mỗi văn bản một dòng.")
    applicants = models.TextField("đối tượng thực hiện", blank=True)
    steps = models.TextField("trình tự thực hiện", blank=True)
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    # Nghị định 69/2024/NĐ-CP (levels of the electronic identification account) and Nghị định
    # 42/2022/NĐ-CP (online public services): a procedure may be filed online only by a person
    # signed in with VNeID of at least this level (tinhso.submission.services).
    min_assurance = models.CharField(
        "mức định danh điện tử tối thiểu khi nộp trực tuyến",
        max_length=1,
        choices=AssuranceLevel.choices,
        default=AssuranceLevel.NONE,
        help_text="Chọn “mức 2” nếu thủ tục yêu cầu đăng nhập bằng tài khoản VNeID mức 2.",
    )
    is_demo = models.BooleanField(
        "số liệu minh họa",
        default=False,
        help_text="Mã hoặc số liệu chưa đối chiếu với CSDL quốc gia về TTHC.",
    )
    demo_note = models.CharField("ghi chú minh họa", max_length=500, blank=True)
    # Folded (no diacritics, lower case) copies used by search; see tinhso.core.text.fold.
    search_name = models.CharField(max_length=500, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    content_hash = models.CharField(max_length=64, editable=False, default="")
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người tạo",
    )
    published_at = models.DateTimeField("ngày công bố", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người công bố",
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="version_number_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(effective_from__isnull=False),
                name="published_version_has_start",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gt=models.F("effective_from")),
                name="version_validity_ordered",
            ),
            models.CheckConstraint(condition=Q(time_limit_value__gt=0), name="time_limit_positive"),
        ]
        indexes = [models.Index(fields=["status", "effective_from", "effective_to"])]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} – {self.name}"

    @property
    def code(self) -> str:
        return self.procedure.code

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def is_same_day(self) -> bool:
        """A "trong ngày" procedure: limit in hours, marked same-day (or with a cut-off)."""
        return self.time_limit_unit == TimeLimitUnit.HOURS and (
            self.same_day or self.same_day_cutoff is not None
        )

    @property
    def time_limit_text(self) -> str:
        """The time limit as printed on the portal and on every receipt (Mẫu 01, Thông tư
        03/2025/TT-VPCP): "Trong ngày (…)" only for same-day procedures, "4 giờ làm việc" for
        other limits in hours, "3 ngày làm việc" for limits in days."""
        if self.is_same_day:
            text = "Trong ngày"
            if self.same_day_cutoff:
                cutoff = f"{self.same_day_cutoff:%H:%M}"
                text += f" (tiếp nhận sau {cutoff} thì trả vào ngày làm việc tiếp theo)"
            return text
        value = f"{self.time_limit_value.normalize():f}".replace(".", ",")
        if self.time_limit_unit == TimeLimitUnit.HOURS:
            return f"{value} giờ làm việc"
        return f"{value} ngày làm việc"

    @property
    def supplement_limit_days(self) -> int:
        """Working days the applicant has to supplement: the procedure's own, else the
        province's setting (docs/dossier-deadlines.md)."""
        if self.supplement_days:
            return int(self.supplement_days)
        return int(settings.SUPPLEMENT_DEADLINE_DAYS)

    def clean(self) -> None:
        super().clean()
        if self.time_limit_unit != TimeLimitUnit.HOURS and (
            self.same_day or self.same_day_cutoff is not None
        ):
            raise ValidationError(
                "Thủ tục giải quyết trong ngày (và giờ tiếp nhận muộn nhất) phải có thời hạn "
                "tính bằng giờ làm việc."
            )
        if self.is_same_day and self.time_limit_value and self.time_limit_value > 8:
            raise ValidationError("Thủ tục giải quyết trong ngày không quá 8 giờ làm việc.")

    @property
    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]

    def delivery_mode_labels(self) -> list[str]:
        return [DeliveryMode(m).label for m in self.delivery_modes if m in DeliveryMode.values]

    def is_in_force(self, on: date) -> bool:
        return (
            self.is_published
            and self.effective_from is not None
            and self.effective_from <= on
            and (self.effective_to is None or on < self.effective_to)
        )


class DossierComponentSpec(models.Model):
    """A paper the applicant must (or may) hand in: thành phần hồ sơ."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    name = models.CharField("tên giấy tờ", max_length=500)
    originals = models.PositiveSmallIntegerField("số bản chính", default=0)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)
    required = models.BooleanField("bắt buộc", default=True)
    file_types = models.CharField(
        "định dạng tệp chấp nhận",
        max_length=100,
        default="pdf,jpg,png",
        help_text="Phân cách bằng dấu phẩy, ví dụ pdf,jpg,png",
    )
    template_name = models.CharField("mẫu đơn, tờ khai", max_length=255, blank=True)
    template_file = models.FileField("tệp mẫu", upload_to="catalogue/templates/", blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.name

    @property
    def file_type_list(self) -> list[str]:
        return [t.strip() for t in self.file_types.split(",") if t.strip()]


class FeeItem(models.Model):
    """A fee (phí) or state charge (lệ phí) of a procedure, in đồng."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    kind = models.CharField("loại", max_length=10, choices=FeeKind.choices)
    name = models.CharField("nội dung", max_length=500)
    amount = models.PositiveBigIntegerField("mức thu (đồng)")
    exemption = models.TextField("miễn, giảm", blank=True)
    # Conditions and alternatives (tinhso.catalogue.fees): e.g. đăng ký khai sinh đúng hạn is
    # free, quá hạn pays the lệ phí (Luật Hộ tịch 2014 Điều 11 khoản 1).
    condition = models.CharField(
        "trường hợp áp dụng",
        max_length=200,
        blank=True,
        help_text="Ví dụ: Đăng ký đúng hạn; Đăng ký quá hạn.",
    )
    rule = models.CharField(
        "điều kiện theo tờ khai",
        max_length=300,
        blank=True,
        help_text=(
            "Để trống: luôn áp dụng (trong nhóm: áp dụng khi các khoản trước không áp dụng). "
            'Ví dụ: within_days(con_ngay_sinh, 60); so_luong > 2; loai_phieu == "2".'
        ),
    )
    group = models.CharField(
        "nhóm thay thế",
        max_length=40,
        blank=True,
        help_text="Các khoản cùng nhóm thay thế nhau: mỗi hồ sơ chỉ áp dụng đúng một khoản.",
    )

    class Meta:
        verbose_name = "phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    def clean(self) -> None:
        problem = rule_error(self.rule)
        if problem:
            raise ValidationError({"rule": f"Điều kiện không hợp lệ: {problem}."})


class ProcessStep(models.Model):
    """One step of how a procedure version is processed after reception.

    Steps run in `order`; the last one is the approval that makes the result ready. A step
    with an `agency` is done by that agency (a liên thông hand-over when it differs from the
    competent agency); without one, by the dossier's competent agency. `allotted` is in the
    procedure's time unit, and the steps' allotments add up to the legal time limit.
    """

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="process_steps"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên bước", max_length=200)
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="cơ quan thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Để trống: cơ quan có thẩm quyền giải quyết hồ sơ.",
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name="phòng, ban",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField("vai trò thực hiện", max_length=30, choices=Role.choices)
    allotted = models.DecimalField("thời gian được giao", max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = "bước xử lý"
        verbose_name_plural = "quy trình xử lý"
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="process_step_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
