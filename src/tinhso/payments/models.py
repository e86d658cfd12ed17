"""Payments of dossier fees: one row per attempt to collect, every message about it logged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tinhso.payments.constants import EventKind, Method, Outcome, PaymentState, Provider


class Payment(models.Model):
    """One attempt to collect (part of) one dossier's fee, through one provider or the counter.

    `reference` is ours, sent to the provider (VNPay vnp_TxnRef, the national platform's
    MaThamChieu, PayGov orderId): unique, at most 20 characters, letters and digits only, so
    every protocol takes it as it is. `amount` is what the server computed from the dossier
    (never what a browser sent), in whole đồng; currency is always VND.
    """

    reference = models.CharField("mã tham chiếu", max_length=20, unique=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField("đơn vị thanh toán", max_length=10, choices=Provider.choices)
    method = models.CharField("hình thức", max_length=10, choices=Method.choices)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    currency = models.CharField("loại tiền", max_length=3, default="VND")
    state = models.CharField(
        "trạng thái", max_length=10, choices=PaymentState.choices, default=PaymentState.CREATED
    )
    # the fee lines paid (a snapshot of Dossier.fee_lines), for the receipt
    lines = models.JSONField("các khoản", default=list, blank=True)
    payer_name = models.CharField("người nộp", max_length=200, blank=True)
    provider_transaction = models.CharField(
        "mã giao dịch bên thanh toán", max_length=64, blank=True
    )
    bank_code = models.CharField("ngân hàng", max_length=20, blank=True)
    confirmed_by = models.CharField(
        "xác nhận bởi", max_length=10, blank=True, help_text="callback, query hoặc counter"
    )
    flagged = models.CharField("cảnh báo", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc", null=True, blank=True)
    paid_at = models.DateTimeField("thời điểm thanh toán", null=True, blank=True)
    confirmed_at = models.DateTimeField("thời điểm xác nhận", null=True, blank=True)
    settled_on = models.DateField("ngày đối soát có tiền về", null=True, blank=True)

    class Meta:
        verbose_name = "khoản thanh toán"
        verbose_name_plural = "khoản thanh toán"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["state", "created_at"],
                condition=Q(state__in=["created", "pending"]),
                name="payment_open",
            ),
        ]
        constraints = [
            # one confirmed online payment per provider transaction: a callback replayed
            # under another reference cannot count the same money twice
            models.UniqueConstraint(
                fields=["provider", "provider_transaction"],
                condition=~Q(provider_transaction="") & Q(state="paid"),
                name="payment_transaction_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_state_display()})"


class PaymentEvent(models.Model):
    """Everything said about a payment: the start, each callback (verified or not), each query,
    each refund — with the raw fields as received, for the accountant and the auditor."""

    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    provider = models.CharField(max_length=10, choices=Provider.choices)
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    reference = models.CharField(max_length=64, blank=True)  # as received (may be unknown)
    verified = models.BooleanField("chữ ký hợp lệ", default=False)
    amount = models.BigIntegerField(null=True, blank=True)  # as received
    raw = models.JSONField("dữ liệu nhận/gửi", default=dict, blank=True)
    note = models.CharField(max_length=500, blank=True)
    remote_ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} {self.outcome}"


class Refund(models.Model):
    """Hoàn trả phí, lệ phí (a refusal or a stop the law says is refunded)."""

    class State(models.TextChoices):
        REQUESTED = "requested", "Đã đề nghị hoàn"
        DONE = "done", "Đã hoàn"
        FAILED = "failed", "Hoàn không thành công"

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveBigIntegerField("số tiền hoàn (đồng)")
    reason = models.CharField("lý do", max_length=500)
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    provider_reference = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # Through the provider (refunds.py): a transient failure is tried again at next_attempt_at;
    # FAILED once it fails for good (a refusal, or MAX_ATTEMPTS transient failures).
    attempts = models.PositiveSmallIntegerField("số lần gửi không thành công", default=0)
    next_attempt_at = models.DateTimeField("gửi lại lúc", null=True, blank=True)
    last_error = models.CharField("lỗi gần nhất", max_length=300, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"Hoàn {self.amount} cho {self.payment.reference}"


class ReceiptSeries(models.Model):
    """One series of electronic receipts (biên lai điện tử) of a collecting agency for a year.

    Nghị định 123/2020/NĐ-CP (amended by Nghị định 70/2025/NĐ-CP) Chương IV: a receipt carries
    its type's name, the template symbol (ký hiệu mẫu biên lai), the series symbol (ký hiệu
    biên lai) and a number in order. `last_number` is taken under SELECT … FOR UPDATE
    (receipts.take_receipt_number), so numbers have no gap and no duplicate."""

    agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.PROTECT, related_name="receipt_series"
    )
    year = models.PositiveSmallIntegerField("năm")
    name = models.CharField("tên loại biên lai", max_length=200, default="Biên lai thu phí, lệ phí")
    template_symbol = models.CharField("ký hiệu mẫu biên lai", max_length=20, default="01BLP0")
    symbol = models.CharField("ký hiệu biên lai", max_length=20)
    tax_code = models.CharField("mã số thuế của tổ chức thu", max_length=14, blank=True)
    last_number = models.PositiveIntegerField("số đã dùng", default=0)

    class Meta:
        verbose_name = "quyển biên lai điện tử"
        verbose_name_plural = "quyển biên lai điện tử"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "symbol"], name="receipt_series_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_symbol} {self.symbol} ({self.year})"


class Receipt(models.Model):
    """Biên lai điện tử of one confirmed payment (one payment, one receipt)."""

    series = models.ForeignKey(ReceiptSeries, on_delete=models.PROTECT, related_name="receipts")
    number = models.PositiveIntegerField("số biên lai")
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="receipts"
    )
    payer_name = models.CharField("người nộp", max_length=200)
    lines = models.JSONField("các khoản", default=list, blank=True)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    amount_in_words = models.CharField("số tiền bằng chữ", max_length=300)
    issued_at = models.DateTimeField("ngày lập")
    pdf = models.FileField("bản PDF", upload_to="receipts/%Y/%m/", blank=True)
    provider_reference = models.CharField("mã của đơn vị biên lai", max_length=100, blank=True)
    # Unsealed → sealed (receipt_seal.py): the collecting agency's seal, applied by the system
    # after the issue commits; a failed seal is tried again (seal_next_at), the receipt stays.
    sealed_pdf = models.FileField("bản PDF đã ký số", upload_to="receipts/%Y/%m/", blank=True)
    seal_code = models.CharField("mã xác thực chữ ký số", max_length=20, blank=True)
    sealed_at = models.DateTimeField("thời điểm ký số", null=True, blank=True)
    seal_attempts = models.PositiveSmallIntegerField("số lần ký không thành công", default=0)
    seal_error = models.CharField("lỗi ký số gần nhất", max_length=300, blank=True)
    seal_next_at = models.DateTimeField("ký lại lúc", null=True, blank=True)

    class Meta:
        verbose_name = "biên lai điện tử"
        verbose_name_plural = "biên lai điện tử"
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="receipt_number_once"),
        ]
        indexes = [
            models.Index(
                fields=["seal_next_at"],
                condition=Q(sealed_at__isnull=True),
                name="receipt_unsealed",
            ),
        ]

    def __str__(self) -> str:
        return f"Biên lai {self.series.symbol} số {self.number_text}"

    @property
    def number_text(self) -> str:
        """Seven digits, as e-receipt providers print it (0000001)."""
        return f"{self.number:07d}"

    @property
    def is_sealed(self) -> bool:
        return self.sealed_at is not None and bool(self.sealed_pdf)
