"""What the simulated VNPay remembers: each payment a citizen was sent to pay."""

from django.db import models


class VnpaySimTransaction(models.Model):
    """One vpcpay.html request of the merchant, and what "the citizen" did on the page."""

    WAITING = "waiting"
    PAID = "paid"
    REFUSED = "refused"
    CANCELLED = "cancelled"
    TIMED_OUT = "timeout"
    STATUSES = [
        (WAITING, "Chờ người dùng thanh toán"),
        (PAID, "Đã thanh toán"),
        (REFUSED, "Thẻ không đủ tiền (51)"),
        (CANCELLED, "Người dùng hủy (24)"),
        (TIMED_OUT, "Hết thời gian (11)"),
    ]

    tmn_code = models.CharField("mã website", max_length=8)
    txn_ref = models.CharField("vnp_TxnRef", max_length=100, db_index=True)
    amount = models.PositiveBigIntegerField("vnp_Amount (đồng × 100)")
    order_info = models.CharField("nội dung", max_length=255)
    return_url = models.URLField("vnp_ReturnUrl", max_length=1000)
    create_date = models.CharField("vnp_CreateDate", max_length=14)
    expire_date = models.CharField("vnp_ExpireDate", max_length=14)
    ip_addr = models.CharField("vnp_IpAddr", max_length=45)
    bank_code = models.CharField("ngân hàng", max_length=20, default="NCB")
    status = models.CharField("trạng thái", max_length=10, choices=STATUSES, default=WAITING)
    response_code = models.CharField("vnp_ResponseCode", max_length=2, blank=True)
    transaction_status = models.CharField("vnp_TransactionStatus", max_length=2, blank=True)
    pay_date = models.CharField("vnp_PayDate", max_length=14, blank=True)
    # every IPN sent, with what the merchant answered: [{at, kind, amount, answer}]
    ipn_log = models.JSONField("IPN đã gửi", default=list, blank=True)
    refunded = models.PositiveBigIntegerField("đã hoàn (đồng × 100)", default=0)
    created_at = models.DateTimeField("nhận lúc", auto_now_add=True)

    class Meta:
        verbose_name = "giao dịch VNPay (mô phỏng)"
        verbose_name_plural = "giao dịch VNPay (mô phỏng)"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.txn_ref} {self.get_status_display()}"

    @property
    def transaction_no(self) -> str:
        """VNPay's own number of the transaction ("0" while nothing was paid)."""
        return str(14_000_000 + self.pk) if self.status == self.PAID else "0"

    @property
    def dong(self) -> int:
        return self.amount // 100

    @property
    def refunded_dong(self) -> int:
        return self.refunded // 100
