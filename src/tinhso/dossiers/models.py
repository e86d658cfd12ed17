from django.conf import settings
from django.db import models
from django.db.models import Q

from tinhso.catalogue.constants import DeliveryMode
from tinhso.dossiers.constants import (
    FINAL_STATUSES,
    Channel,
    FileKind,
    LetterKind,
    Status,
    StepState,
    Timeliness,
)


class Dossier(models.Model):
    """A dossier (hồ sơ) of an administrative procedure, from submission to return.

    Status changes only through tinhso.dossiers.services.dossier_act, which applies the
    transition table in tinhso.dossiers.workflow.
    """

    code = models.CharField("mã hồ sơ", max_length=32, unique=True)
    procedure_version = models.ForeignKey(
        "catalogue.ProcedureVersion",
        verbose_name="thủ tục (phiên bản áp dụng)",
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    receiving_agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="nơi tiếp nhận",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    competent_agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="cơ quan giải quyết",
        on_delete=models.PROTECT,
        related_name="competent_dossiers",
    )
    status = models.CharField(
        "trạng thái", max_length=24, choices=Status.choices, default=Status.SUBMITTED
    )
    channel = models.CharField("kênh nộp", max_length=20, choices=Channel.choices)
    # Applicant: an account, or a walk-in person; the snapshot is what was declared.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản người nộp",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant_name = models.CharField("người nộp", max_length=200)
    applicant_cccd = models.CharField("số CCCD/MST", max_length=13, blank=True)
    applicant_phone = models.CharField("điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=300, blank=True)
    delivery_mode = models.CharField(
        "hình thức nhận kết quả",
        max_length=12,
        choices=DeliveryMode.choices,
        default=DeliveryMode.COUNTER,
    )
    postal_address = models.CharField("địa chỉ nhận qua bưu chính", max_length=300, blank=True)
    fees_due = models.PositiveBigIntegerField("phí, lệ phí phải nộp (đồng)", default=0)
    fees_paid = models.PositiveBigIntegerField("phí, lệ phí đã thu (đồng)", default=0)
    # The fee lines fees_due is the sum of, as chosen when filed (tinhso.catalogue.fees):
    # [{"id", "kind", "name", "condition", "amount"}, …] and {"group", "unresolved": true}
    # for a group the answers did not settle.
    fee_lines = models.JSONField("các khoản phí, lệ phí áp dụng", default=list, blank=True)
    note = models.TextField("ghi chú", blank=True)

    submitted_at = models.DateTimeField("ngày nộp")
    received_at = models.DateTimeField("ngày tiếp nhận", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cán bộ tiếp nhận",
    )
    legal_due_at = models.DateTimeField("hạn theo quy định", null=True, blank=True)
    due_at = models.DateTimeField("hẹn trả kết quả", null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField("tạm dừng tính thời gian từ", null=True, blank=True)
    extensions = models.PositiveSmallIntegerField("số lần gia hạn", default=0)
    # Missing states (issue 12 §16, docs/dossier-deadlines.md): when a supplement request ends
    # unanswered, and when an online dossier waiting for reception was escalated.
    supplement_due_at = models.DateTimeField("hạn bổ sung hồ sơ", null=True, blank=True)
    intake_escalated_at = models.DateTimeField(
        "báo quá thời gian chờ tiếp nhận lúc", null=True, blank=True
    )
    refusal_proposed_at = models.DateTimeField(
        "đề xuất từ chối giải quyết lúc",
        null=True,
        blank=True,
        help_text="Đề xuất từ chối của người thụ lý, chờ lãnh đạo cơ quan giải quyết quyết định.",
    )
    result_ready_at = models.DateTimeField("ngày có kết quả", null=True, blank=True)
    returned_at = models.DateTimeField("ngày trả kết quả", null=True, blank=True)
    closed_at = models.DateTimeField("ngày kết thúc", null=True, blank=True)
    timeliness = models.CharField(
        "tiến độ", max_length=8, choices=Timeliness.choices, blank=True, db_index=True
    )
    plan = models.JSONField(
        "quy trình áp dụng",
        default=list,
        help_text="Các bước xử lý của phiên bản thủ tục, chốt khi nộp hồ sơ.",
    )
    current_step = models.ForeignKey(
        "DossierStep",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="bước hiện tại",
        db_index=False,  # dossier_current_step_open indexes the open ones, the only ones queried
    )

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["receiving_agency", "status"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["-submitted_at"], name="dossier_newest_first"),
            models.Index(
                fields=["current_step"],
                # index-only queue pages, and their badges (overdue, due soon: the legal deadline)
                include=["id", "status", "due_at", "submitted_at", "legal_due_at", "paused_at"],
                condition=Q(current_step__isnull=False),
                name="dossier_current_step_open",
            ),
            models.Index(  # the refusals proposed to a leader: a few rows among millions
                fields=["competent_agency", "status"],
                condition=Q(refusal_proposed_at__isnull=False),
                name="dossier_refusal_proposed",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def plan_length(self) -> int:
        return len(self.plan)

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class DossierSequence(models.Model):
    """Last dossier number used by an agency on a day; incremented atomically."""

    agency = models.ForeignKey("organisation.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossier_sequence_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day:%d/%m/%Y}: {self.last}"


class DossierComponent(models.Model):
    """A paper of the dossier, as declared by the procedure and ticked at reception."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    spec = models.ForeignKey(
        "catalogue.DossierComponentSpec",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField("giấy tờ", max_length=500)
    required = models.BooleanField("bắt buộc", default=True)
    originals = models.PositiveSmallIntegerField("bản chính", default=0)
    copies = models.PositiveSmallIntegerField("bản sao", default=0)
    received = models.BooleanField("đã nhận", default=False)

    class Meta:
        ordering = ["dossier", "order"]

    def __str__(self) -> str:
        return self.name


class DossierFile(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    component = models.ForeignKey(
        DossierComponent, null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    kind = models.CharField("loại", max_length=12, choices=FileKind.choices)
    file = models.FileField("tệp", upload_to="dossiers/%Y/%m/")
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class DossierStep(models.Model):
    """One run of a process step on a dossier: who had it, from when, due when, on time?"""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("bước")
    name = models.CharField("tên bước", max_length=200)
    agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.PROTECT, related_name="dossier_steps"
    )
    department = models.ForeignKey(
        "organisation.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField("vai trò", max_length=30)
    allotted = models.DecimalField("thời gian được giao", max_digits=6, decimal_places=2)
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.ACTIVE)
    started_at = models.DateTimeField("bắt đầu")
    due_at = models.DateTimeField("hạn bước")
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    timeliness = models.CharField(max_length=8, choices=Timeliness.choices, blank=True)

    class Meta:
        ordering = ["dossier", "started_at", "id"]
        indexes = [
            models.Index(
                fields=["agency", "role", "due_at"],
                name="active_step_queue",
                condition=Q(state="active"),
            ),
            models.Index(fields=["agency", "dossier"], name="step_agency_dossier"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier.code} bước {self.order}: {self.name}"


class DossierPause(models.Model):
    """A period the clock stood still (waiting for a supplement)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["dossier", "started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%d/%m/%Y %H:%M} – {self.ended_at or '…'}"


class DossierEvent(models.Model):
    """The dossier's timeline: every action, who took it, the status before and after.

    Append-only; replaying `to_status` in order gives the dossier's status.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("thời điểm")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("người thực hiện", max_length=200)
    action = models.CharField("hành động", max_length=24)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    step = models.ForeignKey(
        DossierStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("nội dung", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier.code} {self.at:%d/%m/%Y %H:%M} {self.action}"


class LetterSequence(models.Model):
    """The last letter number an agency used in a year (Nghị định 30/2020/NĐ-CP Phụ lục I
    §II.3: from 01 on 1 January); locked with SELECT … FOR UPDATE by letters.issue_letter."""

    agency = models.ForeignKey("organisation.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="letter_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last}"


class OfficialLetter(models.Model):
    """A numbered letter issued on a dossier: refusal notice, Mẫu 04, Mẫu 05 (docs/letters.md).

    Number and symbol are given once (tinhso.dossiers.letters.issue_letter); every reprint
    shows them unchanged."""

    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="cơ quan ban hành",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveIntegerField("số")
    symbol = models.CharField("ký hiệu", max_length=40)
    kind = models.CharField("loại", max_length=20, choices=LetterKind.choices)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="letters")
    event = models.OneToOneField(
        DossierEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="letter"
    )
    issued_at = models.DateTimeField("ngày ban hành")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField("người ký", max_length=200)
    signer_position = models.CharField("chức vụ người ký", max_length=100, blank=True)

    class Meta:
        verbose_name = "văn bản đã ban hành"
        verbose_name_plural = "sổ văn bản đã ban hành"
        ordering = ["agency", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="official_letter_number_per_year"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The number (two digits at least) and the symbol: "05/TB-STP"."""
        return f"{self.number:02d}/{self.symbol}"


class SealedForm(models.Model):
    """An issued form (Mẫu 01–05, tb-tu-choi, xac-nhan-rut) sealed with the issuing agency's
    organisation signature (issue 13 item 5; dossiers.sealed_forms): the version the applicant
    receives from then on."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="sealed_forms")
    form = models.CharField("biểu mẫu", max_length=20)
    file = models.FileField("tệp đã đóng dấu số", upload_to="dossiers/sealed/%Y/%m/")
    evidence_code = models.CharField("mã xác thực", max_length=20)
    sealed_at = models.DateTimeField("thời điểm đóng dấu số")
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "biểu mẫu đã đóng dấu số"
        verbose_name_plural = "biểu mẫu đã đóng dấu số"
        constraints = [models.UniqueConstraint(fields=["dossier", "form"], name="sealed_form_once")]

    def __str__(self) -> str:
        return f"{self.dossier_id} – mẫu {self.form}"
