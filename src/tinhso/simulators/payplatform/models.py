"""What the payment simulators remember: each transaction a partner started with them, and
every callback they sent back with the partner's answer (issue 16)."""

from __future__ import annotations

from django.db import models


class SimulatedPayment(models.Model):
    """One transaction at the simulated national payment platform or PayGov."""

    class Provider(models.TextChoices):
        NATIONAL = "dvcqg", "Nền tảng thanh toán Cổng DVCQG (mô phỏng)"
        PAYGOV = "paygov", "PayGov qua LGSP (mô phỏng)"

    class State(models.TextChoices):
        WAITING = "waiting", "Chờ người nộp thanh toán"
        PAID = "paid", "Đã thanh toán"
        DECLINED = "declined", "Ngân hàng từ chối"
        CANCELLED = "cancelled", "Người nộp đã hủy"
        EXPIRED = "expired", "Hết thời gian"

    provider = models.CharField(max_length=10, choices=Provider.choices)
    reference = models.CharField("mã tham chiếu của đối tác", max_length=64)
    partner_code = models.CharField("mã đối tác", max_length=64)
    amount = models.BigIntegerField("số tiền (đồng)")
    description = models.CharField("nội dung", max_length=300, blank=True)
    started_at = models.CharField("thời gian giao dịch do đối tác gửi", max_length=20, blank=True)
    return_url = models.CharField("địa chỉ trả về", max_length=1000, blank=True)
    request = models.JSONField("bản tin khởi tạo", default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    transaction_no = models.CharField("mã giao dịch", max_length=32, blank=True)
    bank_code = models.CharField("ngân hàng", max_length=20, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    # [{"at", "message", "status", "answer"}, …]: every callback sent and what the partner said
    callbacks = models.JSONField("các lần thông báo", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "giao dịch thanh toán (mô phỏng)"
        verbose_name_plural = "giao dịch thanh toán (mô phỏng)"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"], name="simulated_payment_reference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.reference} {self.get_state_display()}"
