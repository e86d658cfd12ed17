"""Consents per purpose, the log of staff reading personal data, and data subjects' requests.

No model here points at a dossier with a foreign key: the access log keeps the dossier's code
(unique, what the officer of data protection searches by), so privacy stays below dossiers.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tinhso.privacy.constants import AccessKind, Purpose, RequestKind, RequestStatus


class ConsentRecord(models.Model):
    """One consent to an optional purpose, with when it was given, to which version of the
    notice, and when it was withdrawn (Luật 91/2025/QH15 Điều 9, 12; Nghị định 356/2025/NĐ-CP:
    consent must be provable). Giving again after a withdrawal makes a new row: the history
    stays."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    purpose = models.CharField("mục đích", max_length=20, choices=Purpose.choices)
    version = models.CharField("phiên bản thông báo", max_length=20)
    given_at = models.DateTimeField("đồng ý lúc", default=timezone.now)
    withdrawn_at = models.DateTimeField("rút lại lúc", null=True, blank=True)

    class Meta:
        verbose_name = "sự đồng ý"
        verbose_name_plural = "sự đồng ý theo mục đích"
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="privacy_one_live_consent_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.user_id})"


class PersonalDataAccess(models.Model):
    """A staff member read a dossier holding personal data: who, which dossier, how, when and
    from where (Luật 91/2025/QH15; Nghị định 356/2025/NĐ-CP Điều 4.2: access to personal data
    limited and traceable; regulations.md §10.2: account, time, source address). Written by
    tinhso.privacy.services.log_access, read only by the data protection officer."""

    at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("tên đăng nhập", max_length=150, db_index=True)
    dossier_code = models.CharField("mã hồ sơ", max_length=32, db_index=True)
    what = models.CharField("cách xem", max_length=8, choices=AccessKind.choices)
    detail = models.CharField("chi tiết (tệp, biểu mẫu)", max_length=255, blank=True)
    personal_shown = models.BooleanField("thấy dữ liệu cá nhân", default=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    class Meta:
        verbose_name = "lượt truy cập dữ liệu cá nhân"
        verbose_name_plural = "nhật ký truy cập dữ liệu cá nhân"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.username} {self.dossier_code} {self.at:%d/%m/%Y %H:%M}"


class DataSubjectRequest(models.Model):
    """A request of a data subject (xem, sửa, xóa, hạn chế, phản đối, rút đồng ý) with its
    time limits (tinhso.privacy.deadlines), status and answer."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người yêu cầu",
        null=True,
        on_delete=models.SET_NULL,
        related_name="data_subject_requests",
    )
    requester_name = models.CharField("họ và tên người yêu cầu", max_length=200)
    kind = models.CharField("loại yêu cầu", max_length=12, choices=RequestKind.choices)
    details = models.TextField("nội dung yêu cầu")
    received_at = models.DateTimeField("nhận lúc", default=timezone.now)
    acknowledge_due_on = models.DateField("hạn phản hồi tiếp nhận")
    due_on = models.DateField("hạn thực hiện")
    extended_to = models.DateField("gia hạn đến", null=True, blank=True)
    extension_reason = models.CharField("lý do gia hạn", max_length=500, blank=True)
    status = models.CharField(
        "trạng thái", max_length=8, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answer = models.TextField("trả lời", blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ trả lời",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "yêu cầu của chủ thể dữ liệu"
        verbose_name_plural = "yêu cầu của chủ thể dữ liệu"
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.requester_name}"

    @property
    def final_due_on(self) -> date:
        return self.extended_to or self.due_on
