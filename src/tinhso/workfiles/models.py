"""Hồ sơ công việc (work files): the unit of work that links incoming documents, drafts and
outgoing documents, with its opinions, sub-tasks, participants, routing history and progress.

Basis: Nghị định 30/2020/NĐ-CP Điều 28 (lập hồ sơ: every officer opens a file for each task
and gathers its documents in it), Điều 29 (nộp hồ sơ vào lưu trữ cơ quan); Phụ lục VI §III
(functional requirements: "theo dõi, đôn đốc tiến độ" — follow and urge the progress of the
work, routing with history, delegation). The states are the table in workfiles/workflow.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class WorkFileState(models.TextChoices):
    NEW = "new", "Mới tạo"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    AWAITING_SIGNATURE = "awaiting_sign", "Chờ trình ký"
    SUBMITTED = "submitted", "Đã trình ký"
    DONE = "done", "Hoàn thành"
    PAUSED = "paused", "Tạm dừng"
    RETURNED = "returned", "Trả về"


OPEN_STATES = frozenset(
    {
        WorkFileState.NEW,
        WorkFileState.IN_PROGRESS,
        WorkFileState.AWAITING_SIGNATURE,
        WorkFileState.SUBMITTED,
        WorkFileState.RETURNED,
    }
)  # the deadline runs; PAUSED stops it, DONE ends it


class WorkFileAction(models.TextChoices):
    """The moves of a work file (the rows of workflow.TRANSITIONS), and its opening."""

    OPEN = "open", "Mở hồ sơ"
    START = "start", "Bắt đầu xử lý"
    FORWARD = "forward", "Chuyển người chủ trì"
    PREPARE = "prepare", "Chuyển chờ trình ký"
    PRESENT = "present", "Trình ký"
    RETURN = "return", "Trả về"
    REWORK = "rework", "Tiếp tục xử lý sau trả về"
    COMPLETE = "complete", "Hoàn thành"
    PAUSE = "pause", "Tạm dừng"
    RESUME = "resume", "Tiếp tục xử lý"


class Timeliness(models.TextChoices):  # TT 03/2025/TT-VPCP: trước hạn / đúng hạn / quá hạn
    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"


class WorkFile(models.Model):
    """One work file of one agency. `code` is "<năm>/<ký hiệu cơ quan>/<số thứ tự>", the
    ordinal running from 1 per agency and calendar year (Điều 28: mã hồ sơ)."""

    agency = models.ForeignKey(
        "organisation.Agency", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("năm")
    ordinal = models.PositiveIntegerField("số thứ tự")
    code = models.CharField("mã hồ sơ", max_length=40)
    title = models.CharField("tiêu đề hồ sơ", max_length=300)
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name="đơn vị xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người chủ trì",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Who has the file now (người đang giữ): the person in charge, the head it waits for, the
    # leader it was presented to; None once done.
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="đang ở",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="hồ sơ cha",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    state = models.CharField(
        "trạng thái", max_length=14, choices=WorkFileState.choices, default=WorkFileState.NEW
    )
    deadline_days = models.PositiveSmallIntegerField("thời hạn (ngày làm việc)")
    due_at = models.DateTimeField("hạn xử lý")
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    description = models.TextField("nội dung, yêu cầu", blank=True)
    opened_at = models.DateTimeField("mở hồ sơ lúc")
    paused_at = models.DateTimeField("tạm dừng từ", null=True, blank=True)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    timeliness = models.CharField(
        "kết quả theo hạn", max_length=8, choices=Timeliness.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField("dữ liệu minh họa", default=False)

    class Meta:
        verbose_name = "hồ sơ công việc"
        verbose_name_plural = "hồ sơ công việc"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "ordinal"], name="workfile_one_ordinal_per_year"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="workfile_progress_at_most_100"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "state", "due_at"], name="workfile_agency_state_due"),
            models.Index(fields=["in_charge", "state"], name="workfile_in_charge"),
            models.Index(fields=["holder", "state"], name="workfile_holder"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title[:80]}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class LinkRole(models.TextChoices):
    INCOMING = "incoming", "Văn bản đến"
    DRAFT = "draft", "Dự thảo"
    OUTGOING = "outgoing", "Văn bản đi"


class WorkFileLink(models.Model):
    """A document gathered in the file; one document may sit in several files. The role is
    derived from the document (direction and state), never chosen by the client."""

    work_file = models.ForeignKey(WorkFile, on_delete=models.CASCADE, related_name="links")
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="work_file_links"
    )
    role = models.CharField("loại", max_length=10, choices=LinkRole.choices)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "văn bản trong hồ sơ"
        verbose_name_plural = "văn bản trong hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["work_file", "document"], name="workfile_document_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.document_id}"


class ParticipantRole(models.TextChoices):
    LEAD = "lead", "Chủ trì"
    COORDINATE = "coordinate", "Phối hợp"


class Participant(models.Model):
    work_file = models.ForeignKey(WorkFile, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("vai trò", max_length=10, choices=ParticipantRole.choices)
    due_at = models.DateTimeField("hạn của người tham gia", null=True, blank=True)
    done_at = models.DateTimeField("xong lúc", null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "người tham gia"
        verbose_name_plural = "người tham gia"
        constraints = [
            models.UniqueConstraint(fields=["work_file", "user"], name="workfile_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user_id}"


class Opinion(models.Model):
    """Ý kiến trao đổi: a thread; a reply names the opinion it answers; a forwarded one names
    the original and the person it is sent to."""

    work_file = models.ForeignKey(WorkFile, on_delete=models.CASCADE, related_name="opinions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The delegator when the author acts under a delegation (ủy quyền).
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("nội dung")
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    forwarded_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="forwards"
    )
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ý kiến"
        verbose_name_plural = "ý kiến"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class RoutingStep(models.Model):
    """One move of the file (luân chuyển): from whom, to whom, when, with what note. `before`
    keeps the file's fields as they were, so the mover can undo it while the receiver has not
    acted (`acted_at` is set by the receiver's first action)."""

    work_file = models.ForeignKey(WorkFile, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("thao tác", max_length=20, choices=WorkFileAction.choices)
    from_state = models.CharField(max_length=14, choices=WorkFileState.choices)
    to_state = models.CharField(max_length=14, choices=WorkFileState.choices)
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("lúc")
    note = models.TextField("ghi chú", blank=True)
    before = models.JSONField(default=dict)
    acted_at = models.DateTimeField("người nhận đã xử lý lúc", null=True, blank=True)
    undone_at = models.DateTimeField("đã hoàn tác lúc", null=True, blank=True)

    class Meta:
        verbose_name = "bước luân chuyển"
        verbose_name_plural = "bước luân chuyển"
        ordering = ["pk"]  # the order the moves were made

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class WorkDelegation(models.Model):
    """Ủy quyền: while start_date ≤ today ≤ end_date (and not revoked) the delegate sees and
    acts on the delegator's work files of the agency; outside those dates nothing."""

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ủy quyền",
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người được ủy quyền",
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "organisation.Agency", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến hết ngày")
    scope_note = models.CharField("phạm vi ủy quyền", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "ủy quyền xử lý hồ sơ công việc"
        verbose_name_plural = "ủy quyền xử lý hồ sơ công việc"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="delegation_dates_order"
            ),
            models.CheckConstraint(
                condition=~Q(from_user=models.F("to_user")), name="delegation_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_user_id} → {self.to_user_id}: {self.start_date}–{self.end_date}"
