"""The shared core of e-office: books, documents, their files, and who is assigned to them.

Field names follow the input metadata of Nghị định 30/2020/NĐ-CP, Phụ lục VI Part II (shown
in comments), so that export, exchange (edXML) and registers read the same columns.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from tinhso.documents.kinds import (
    TYPE_CHOICES,
    AssignmentRole,
    Channel,
    Confidentiality,
    Direction,
    Series,
    Urgency,
)


class DocumentBook(models.Model):
    """Sổ văn bản: one numbering series of one agency in one calendar year (Asia/Ho_Chi_Minh).

    `last_number` is the last number given; tinhso.documents.numbering takes the next one under
    a row lock, so numbers run from 01 without gaps or repeats however many clerks press at once.
    """

    agency = models.ForeignKey(
        "organisation.Agency", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("năm")
    direction = models.CharField("loại sổ", max_length=3, choices=Direction.choices)
    series = models.CharField(
        "dãy số", max_length=10, choices=Series.choices, default=Series.ADMINISTRATIVE
    )
    # Legal normative documents are numbered per type (Phụ lục I §II.3.a); blank otherwise.
    doc_type = models.CharField("loại văn bản (dãy riêng)", max_length=8, blank=True)
    name = models.CharField("tên sổ", max_length=200)
    last_number = models.PositiveIntegerField("số đã cấp gần nhất", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sổ văn bản"
        verbose_name_plural = "sổ văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "direction", "series", "doc_type"],
                name="one_book_per_series_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class DocumentState(models.TextChoices):
    # văn bản đến
    PENDING = "pending", "Chờ vào sổ"
    REGISTERED = "registered", "Đã vào sổ"
    ASSIGNED = "assigned", "Đã phân công xử lý"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    DONE = "done", "Đã giải quyết xong"
    REFUSED = "refused", "Đã từ chối nhận"
    # văn bản đi
    DRAFT = "draft", "Dự thảo"
    IN_REVIEW = "in_review", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt, chờ ký"
    SIGNED = "signed", "Đã ký, chờ cấp số"
    ISSUED = "issued", "Đã ban hành"
    SENT = "sent", "Đã gửi"
    # both
    RECALLED = "recalled", "Đã thu hồi"
    REPLACED = "replaced", "Đã bị thay thế"


class Document(models.Model):
    """One official document, incoming (văn bản đến) or outgoing (văn bản đi), of one agency.

    The same document sent to three agencies is one outgoing row here and one incoming row in
    each receiver; `source` links an incoming copy to the outgoing row it came from when both
    live in this system.
    """

    direction = models.CharField("chiều", max_length=3, choices=Direction.choices)
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="cơ quan quản lý",
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField("trạng thái", max_length=12, choices=DocumentState.choices)
    channel = models.CharField("nguồn", max_length=10, choices=Channel.choices)
    book = models.ForeignKey(
        DocumentBook, verbose_name="sổ", null=True, blank=True, on_delete=models.PROTECT
    )
    # Outgoing: the number our book gave (số văn bản). Incoming: số đến (ArrivalNumber N10).
    book_number = models.PositiveIntegerField("số theo sổ", null=True, blank=True)
    # CodeNumber S11 / CodeNotation S30: "15" and "QĐ-UBND" of "Số: 15/QĐ-UBND".
    code_number = models.CharField("số", max_length=11, blank=True)
    code_notation = models.CharField("ký hiệu", max_length=30, blank=True)
    doc_type = models.CharField("tên loại", max_length=8, choices=TYPE_CHOICES)  # TypeName
    subject = models.CharField("trích yếu nội dung", max_length=500)  # Subject S500
    issued_date = models.DateField("ngày ban hành", null=True, blank=True)  # IssuedDate
    issued_at = models.DateTimeField("thời điểm cấp số", null=True, blank=True)
    organ_name = models.CharField("cơ quan ban hành", max_length=200)  # OrganName S200
    issuer_agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="cơ quan ban hành (trong hệ thống)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafting_department = models.ForeignKey(
        "organisation.Department",
        verbose_name="đơn vị soạn thảo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField("người ký", max_length=50, blank=True)  # SignerInfo.FullName
    signer_position = models.CharField("chức vụ người ký", max_length=100, blank=True)
    urgency = models.CharField(
        "mức độ khẩn", max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )  # Priority
    confidentiality = models.CharField(
        "độ mật", max_length=10, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    # A legal normative document (văn bản quy phạm pháp luật) is numbered in its own series.
    is_normative = models.BooleanField("văn bản quy phạm pháp luật", default=False)
    language = models.CharField("ngôn ngữ", max_length=30, default="Tiếng Việt")
    page_amount = models.PositiveSmallIntegerField("số trang", default=1)  # PageAmount N3
    issued_amount = models.PositiveSmallIntegerField("số lượng bản", default=1)
    description = models.CharField("ghi chú", max_length=500, blank=True)
    due_date = models.DateField("hạn giải quyết", null=True, blank=True)  # DueDate
    # Incoming only: ArrivalDate and the moment of registration.
    arrival_at = models.DateTimeField("thời điểm đến", null=True, blank=True)
    registered_at = models.DateTimeField("thời điểm vào sổ", null=True, blank=True)
    source = models.ForeignKey(
        "self",
        verbose_name="văn bản đi gốc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="internal_copies",
    )
    # The exchange's DocumentId (edXML) for a document that came over the axis: a second
    # delivery of the same id is the same document (issue 15).
    exchange_id = models.CharField("mã liên thông", max_length=100, blank=True)
    full_text = models.TextField("nội dung toàn văn", blank=True)
    named_readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="người được đọc (văn bản mật)",
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock: a change names the version it read; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField("dữ liệu minh họa", default=False)

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        indexes = [
            models.Index(fields=["agency", "direction", "state"], name="doc_agency_dir_state"),
            models.Index(fields=["code_number", "code_notation"], name="doc_number_symbol"),
            # search by date range and "newest first" lists (tinhso.documents.search)
            models.Index(fields=["agency", "issued_date"], name="doc_agency_issued"),
            # a clerk's book counted from the index alone (documents.access, incoming_selectors)
            models.Index(
                fields=["agency", "direction", "state", "confidentiality", "created_by"],
                include=["id"],
                name="doc_book_count",
            ),
            # a clerk's incoming book, newest registered first (incoming_selectors)
            models.Index(
                fields=["agency", "-registered_at", "-id"],
                condition=Q(direction="in"),
                name="doc_incoming_book",
            ),
            # a unit's drafts, read from the index alone (documents.access)
            models.Index(
                fields=["drafting_department", "id"],
                condition=Q(created_by__isnull=False),
                name="doc_unit_drafts",
            ),
            # a province-wide reader's search for a common word, newest first
            models.Index(F("issued_date").desc(), F("id").desc(), name="doc_issued_newest"),
            # the specialists' inbox: open incoming documents (incoming_selectors.inbox)
            models.Index(
                fields=["id"],
                condition=Q(direction="in", state__in=["registered", "assigned", "in_progress"]),
                name="doc_open_incoming",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["book", "book_number"],
                condition=Q(book__isnull=False, book_number__isnull=False),
                name="one_document_per_book_number",
            ),
            models.UniqueConstraint(
                fields=["agency", "exchange_id"],
                condition=~Q(exchange_id=""),
                name="one_copy_per_exchange_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number_and_symbol or self.get_doc_type_display()}: {self.subject[:80]}"

    @property
    def number_and_symbol(self) -> str:
        if not self.code_number:
            return ""
        return (
            f"{self.code_number}/{self.code_notation}" if self.code_notation else self.code_number
        )


class FileRole(models.TextChoices):
    MAIN = "main", "Văn bản"
    ATTACHMENT = "attachment", "Phụ lục, tài liệu kèm theo"
    SCAN = "scan", "Bản quét văn bản giấy"


class DocumentFile(models.Model):
    """A file of a document. The type is derived from the content (never the client's claim)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    role = models.CharField("loại tệp", max_length=12, choices=FileRole.choices)
    file = models.FileField("tệp", upload_to="documents/%Y/%m/")
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField(default=0)
    # A signed or corrected file replaces the previous one of the same role; both are kept.
    revision = models.PositiveSmallIntegerField("lần", default=1)
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp văn bản"
        verbose_name_plural = "tệp văn bản"

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """One line of the handling slip (phiếu giải quyết văn bản đến, Phụ lục IV): a unit or a
    person leads, co-ordinates or is informed, with their own deadline; read receipt and
    progress per line. Who may read a document follows from these rows (access.py)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField("vai trò", max_length=12, choices=AssignmentRole.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name="đơn vị nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    deadline = models.DateField("hạn xử lý", null=True, blank=True)
    instruction = models.TextField("ý kiến chỉ đạo", blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    done_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)
    is_active = models.BooleanField("còn hiệu lực", default=True)  # false once undone

    class Meta:
        verbose_name = "phân công xử lý"
        verbose_name_plural = "phân công xử lý"
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee__isnull=False) | Q(department__isnull=False),
                name="assignment_has_someone",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="progress_at_most_100"),
        ]
        indexes = [
            models.Index(fields=["assignee", "is_active"], name="assignment_inbox"),
            # what reaches a unit's members, read from the index alone (documents.access)
            models.Index(
                fields=["department", "document"],
                condition=Q(is_active=True),
                name="assignment_unit_docs",
            ),
            models.Index(
                fields=["assignee", "document"],
                condition=Q(is_active=True),
                name="assignment_person_docs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.assignee or self.department}"
