"""Outgoing documents (văn bản đi): drafts and their versions, comments, approvals, recipients
and the postal register (Nghị định 30/2020/NĐ-CP Điều 10–16, Phụ lục IV, Phụ lục VI §III).

The outgoing document itself is a `Document` (direction OUT); these rows add its history:
the versions of the draft and the comments on them, the approvals of content and of format
(Phụ lục VI §III: lịch sử dự thảo, ý kiến, phê duyệt), where each copy went and what became of
it, and the postal dispatch book (Sổ gửi văn bản đi bưu điện, Phụ lục IV).
"""

from django.conf import settings
from django.db import models

from tinhso.documents.models.base import Document


class DraftVersion(models.Model):
    """One numbered version of a draft (file + note + author). Versions are never edited."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="drafts")
    number = models.PositiveSmallIntegerField("phiên bản")
    file = models.FileField("tệp dự thảo", upload_to="documents/drafts/%Y/%m/")
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)  # derived from the bytes
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    note = models.CharField("ghi chú chỉnh sửa", max_length=500, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phiên bản dự thảo"
        verbose_name_plural = "phiên bản dự thảo"
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_draft_version_number")
        ]

    def __str__(self) -> str:
        return f"Dự thảo lần {self.number}"


class DraftComment(models.Model):
    """An opinion on a draft (góp ý), optionally on one version."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="draft_comments")
    version = models.ForeignKey(
        DraftVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("ý kiến")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ý kiến về dự thảo"
        verbose_name_plural = "ý kiến về dự thảo"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ApprovalKind(models.TextChoices):
    CONTENT = "content", "Duyệt nội dung"
    FORMAT = "format", "Kiểm tra thể thức, kỹ thuật trình bày"


class ApprovalDecision(models.TextChoices):
    APPROVED = "approved", "Đồng ý"
    RETURNED = "returned", "Trả lại để chỉnh sửa"


class Approval(models.Model):
    """Điều 10.1 and 13: the head of the drafting unit answers for the content, the office
    (văn thư/văn phòng) checks the format before the document goes to the signer."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="approvals")
    version = models.ForeignKey(
        DraftVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="approvals"
    )
    kind = models.CharField("loại duyệt", max_length=10, choices=ApprovalKind.choices)
    decision = models.CharField("quyết định", max_length=10, choices=ApprovalDecision.choices)
    note = models.CharField("ý kiến", max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = "phê duyệt dự thảo"
        verbose_name_plural = "phê duyệt dự thảo"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_decision_display()}"


class OutgoingRelation(models.TextChoices):
    REPLACES = "replaces", "Thay thế văn bản (sai sót nội dung)"
    CORRECTS = "corrects", "Đính chính văn bản (sai sót thể thức, kỹ thuật trình bày)"
    UPDATES = "updates", "Cập nhật văn bản"


class OutgoingDetail(models.Model):
    """What an outgoing document needs beyond the shared Document: the signer, the signing and
    sealing, the recall, and the document it replaces or corrects (Điều 18.3)."""

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, related_name="outgoing", primary_key=True
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ký dự kiến",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField("ký lúc", null=True, blank=True)
    signing_session = models.CharField(max_length=64, blank=True)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sealed_at = models.DateTimeField("đóng dấu lúc", null=True, blank=True)
    archive_copy = models.CharField("đơn vị, người nhận bản lưu", max_length=200, blank=True)
    related = models.ForeignKey(
        Document,
        verbose_name="văn bản được thay thế/đính chính",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    relation = models.CharField(max_length=10, choices=OutgoingRelation.choices, blank=True)
    relation_reason = models.CharField("lý do", max_length=500, blank=True)
    recalled_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    recalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recall_reason = models.CharField("lý do thu hồi", max_length=500, blank=True)

    class Meta:
        verbose_name = "thông tin văn bản đi"
        verbose_name_plural = "thông tin văn bản đi"

    def __str__(self) -> str:
        return f"Văn bản đi {self.document_id}"


class RecipientKind(models.TextChoices):
    INTERNAL = "internal", "Cơ quan trong hệ thống"
    EXTERNAL = "external", "Cơ quan ngoài (qua trục liên thông)"
    PAPER = "paper", "Bản giấy (bưu điện)"


class RecipientStatus(models.TextChoices):
    WAITING = "waiting", "Chưa gửi"
    EXCHANGE_WAITING = "exchange_waiting", "Chờ gửi liên thông"
    SENT = "sent", "Đã gửi"
    RECEIVED = "received", "Đã vào sổ đến"
    READ = "read", "Đã xem"
    REFUSED = "refused", "Bị từ chối nhận"
    RECALLED = "recalled", "Đã thu hồi"
    CANCELLED = "cancelled", "Đã hủy gửi"


class OutgoingRecipient(models.Model):
    """Nơi nhận: one copy of an outgoing document and what became of it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField("hình thức", max_length=10, choices=RecipientKind.choices)
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="cơ quan nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("nơi nhận", max_length=200)
    # Mã định danh điện tử của cơ quan, tổ chức (Quyết định 20/2020/QĐ-TTg), e.g. "000.00.12.H01".
    organ_id = models.CharField("mã định danh", max_length=40, blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    copies = models.PositiveSmallIntegerField("số lượng bản", default=1)
    internal_copy = models.OneToOneField(
        Document,
        verbose_name="bản nhận trong hệ thống",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delivered_from",
    )
    status = models.CharField(max_length=20, choices=RecipientStatus.choices)
    sent_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "nơi nhận văn bản đi"
        verbose_name_plural = "nơi nhận văn bản đi"
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return self.name


class RecipientEvent(models.Model):
    """The status history of one copy (gửi, nhận, đọc, thu hồi …)."""

    recipient = models.ForeignKey(
        OutgoingRecipient, on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(max_length=20, choices=RecipientStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.get_status_display()


class PostalDispatch(models.Model):
    """Sổ gửi văn bản đi bưu điện (Phụ lục IV): Ngày chuyển | Số, ký hiệu văn bản | Nơi nhận
    văn bản | Số lượng bì | Ký nhận và dấu bưu điện | Ghi chú."""

    recipient = models.OneToOneField(
        OutgoingRecipient, on_delete=models.CASCADE, related_name="postal"
    )
    agency = models.ForeignKey("organisation.Agency", on_delete=models.PROTECT, related_name="+")
    handed_on = models.DateField("ngày chuyển")
    number_and_symbol = models.CharField("số, ký hiệu văn bản", max_length=50)
    destination = models.CharField("nơi nhận văn bản", max_length=300)
    envelopes = models.PositiveSmallIntegerField("số lượng bì", default=1)
    postal_receipt = models.CharField("ký nhận và dấu bưu điện", max_length=200, blank=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sổ gửi văn bản đi bưu điện"
        verbose_name_plural = "sổ gửi văn bản đi bưu điện"
        ordering = ["handed_on", "id"]

    def __str__(self) -> str:
        return f"{self.number_and_symbol} → {self.destination}"
