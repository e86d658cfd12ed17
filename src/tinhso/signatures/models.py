"""Digital signatures (issue 13): who may sign with which certificate, the trust list, signing
sessions of the asynchronous providers and the evidence kept for every signature.

Legal basis: Luật Giao dịch điện tử 20/2023/QH15 Điều 22–23; Nghị định 23/2025/NĐ-CP (chữ ký
số công cộng), Nghị định 68/2024/NĐ-CP (chữ ký số chuyên dùng công vụ); Thông tư 15/2025/TT-BKHCN
(signing software stores the certificate, the revocation data and the check result).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CertificateKind(models.TextChoices):
    PERSON = "person", "Chữ ký số cá nhân"
    SEAL = "seal", "Chữ ký số cơ quan, tổ chức (con dấu)"


class SigningCertificate(models.Model):
    """A certificate registered for signing, bound to one person (or, for a seal, to one agency).

    Issue 13 must-have 4: a signature by a certificate not bound to the signer is refused
    (tinhso.signatures.services checks the signing certificate against this row).
    """

    kind = models.CharField("loại", max_length=10, choices=CertificateKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người được cấp",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_certificates",
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="cơ quan (con dấu)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_certificates",
    )
    label = models.CharField("tên gọi", max_length=200, blank=True)
    subject = models.CharField("chủ thể (subject)", max_length=500)
    issuer = models.CharField("tổ chức cấp (issuer)", max_length=500)
    serial = models.CharField("số hiệu (serial, hex)", max_length=80)
    not_before = models.DateTimeField("hiệu lực từ")
    not_after = models.DateTimeField("hiệu lực đến")
    der = models.BinaryField("chứng thư số (DER)")
    sha256 = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    # Where the key lives, for the providers that need it (PKCS#11 key/cert label …).
    key_reference = models.CharField("tham chiếu khóa", max_length=200, blank=True)
    active = models.BooleanField("đang sử dụng", default=True)
    is_demo = models.BooleanField("dữ liệu minh họa", default=False)
    created_at = models.DateTimeField("ngày đăng ký", auto_now_add=True)

    class Meta:
        verbose_name = "chứng thư số để ký"
        verbose_name_plural = "chứng thư số để ký"
        ordering = ["kind", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "serial"], name="sig_cert_issuer_serial"),
            models.CheckConstraint(
                condition=(
                    Q(kind="person", user__isnull=False) | Q(kind="seal", agency__isnull=False)
                ),
                name="sig_cert_bound",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.subject

    def is_valid_at(self, when: object = None) -> bool:
        moment = when or timezone.now()
        return bool(self.active and self.not_before <= moment <= self.not_after)  # type: ignore[operator]


class Authority(models.TextChoices):
    """Signing on behalf, Nghị định 30/2020/NĐ-CP Điều 13 and Phụ lục I."""

    TM = "TM.", "TM. (thay mặt tập thể)"
    KT = "KT.", "KT. (ký thay người đứng đầu)"
    Q = "Q.", "Q. (quyền)"
    TL = "TL.", "TL. (thừa lệnh)"
    TUQ = "TUQ.", "TUQ. (thừa ủy quyền)"


class Delegation(models.Model):
    """`to_user` signs for `from_user` (or for the collective) of `agency` between two dates."""

    authority = models.CharField("hình thức", max_length=5, choices=Authority.choices)
    agency = models.ForeignKey(
        "organisation.Agency", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người giao",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người được giao",
        on_delete=models.PROTECT,
        related_name="delegations_received",
    )
    # Printed above the signature: "KT. CHỦ TỊCH" / "TM. ỦY BAN NHÂN DÂN".
    principal_title = models.CharField("chức vụ/tập thể được ký thay", max_length=200)
    signer_title = models.CharField("chức vụ người ký", max_length=200, blank=True)
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    document_reference = models.CharField("văn bản giao, ủy quyền", max_length=200, blank=True)
    active = models.BooleanField("còn hiệu lực", default=True)

    class Meta:
        verbose_name = "ủy quyền, ký thay"
        verbose_name_plural = "ủy quyền, ký thay"
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="sig_delegation_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.principal_title}".strip()

    @property
    def printed(self) -> str:
        """The line printed above the signer's title, e.g. "KT. CHỦ TỊCH"."""
        return f"{self.authority} {self.principal_title.upper()}"


class TrustAnchor(models.Model):
    """A root we trust for validation (NEAC root, Ban Cơ yếu Chính phủ roots, the demo root).

    Validation uses these rows only, never the operating system's store; with none active,
    nothing validates (fail closed) — Thông tư 15/2025/TT-BKHCN, verification software builds
    the chain to the national root or the recognised foreign list.
    """

    name = models.CharField("tên", max_length=200)
    subject = models.CharField("chủ thể", max_length=500, blank=True)
    der = models.BinaryField("chứng thư gốc (DER)")
    sha256 = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    not_before = models.DateTimeField("hiệu lực từ", null=True, blank=True)
    not_after = models.DateTimeField("hiệu lực đến", null=True, blank=True)
    active = models.BooleanField("đang tin cậy", default=True)
    is_demo = models.BooleanField("dữ liệu minh họa", default=False)

    class Meta:
        verbose_name = "chứng thư gốc tin cậy"
        verbose_name_plural = "danh sách tin cậy"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SessionStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ ký"
    SIGNED = "signed", "Đã ký"
    REFUSED = "refused", "Bị từ chối"
    FAILED = "failed", "Lỗi"
    EXPIRED = "expired", "Hết hạn"


def _new_session_id() -> str:
    return uuid.uuid4().hex


class SigningSession(models.Model):
    """An asynchronous signing (local signing app, remote signing on a phone) between its start
    and its end; every provider ends through services.signing_finished."""

    id = models.CharField(primary_key=True, max_length=36, default=_new_session_id, editable=False)
    provider = models.CharField("phương thức ký", max_length=30)
    status = models.CharField(
        "trạng thái", max_length=10, choices=SessionStatus.choices, default=SessionStatus.PENDING
    )
    field_name = models.CharField("ô chữ ký", max_length=60)
    request_data = models.JSONField("yêu cầu", default=dict, blank=True)
    # sha256 of the document as issued (SignRequest.pdf); only one pending session per version.
    document_sha256 = models.CharField("SHA-256 văn bản", max_length=64, db_index=True)
    document = models.BinaryField("văn bản phát hành")
    prepared = models.BinaryField("văn bản đã chuẩn bị để ký", null=True, blank=True)
    certificate = models.ForeignKey(
        SigningCertificate,
        verbose_name="chứng thư số",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ký",
        on_delete=models.PROTECT,
        related_name="signing_sessions",
    )
    token_hash = models.CharField("băm của mã phiên", max_length=64, blank=True)
    verify_code = models.CharField("mã xác thực", max_length=20, blank=True)
    provider_transaction_id = models.CharField(
        "mã giao dịch của nhà cung cấp", max_length=100, blank=True
    )
    data = models.JSONField("dữ liệu riêng của phương thức ký", default=dict, blank=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    result_pdf = models.BinaryField("văn bản đã ký", null=True, blank=True)
    message = models.CharField("thông báo", max_length=500, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    finished_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "phiên ký"
        verbose_name_plural = "phiên ký"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_sha256"],
                condition=Q(status="pending"),
                name="sig_one_pending_session_per_document",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.field_name} {self.get_status_display()}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class SignatureEvidence(models.Model):
    """What we keep of each signature we made (Thông tư 15/2025/TT-BKHCN: the certificate, the
    revocation data valid at signing time, the check result), and the public verification code
    printed as a QR on the document (/xac-thuc-van-ban/?ma=<code>)."""

    code = models.CharField("mã xác thực", max_length=20, unique=True)
    # The document version that was signed: one signature per version (concurrent signing refused).
    issued_sha256 = models.CharField("SHA-256 văn bản trước khi ký", max_length=64, unique=True)
    document_sha256 = models.CharField("SHA-256 văn bản đã ký", max_length=64, db_index=True)
    signed_pdf = models.BinaryField("văn bản đã ký", null=True, blank=True)
    field_name = models.CharField("ô chữ ký", max_length=60)
    certificate = models.ForeignKey(
        SigningCertificate,
        verbose_name="chứng thư số",
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ký",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signature_evidence",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name="ký thay/ủy quyền",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A seal the system applied on behalf of the agency with no officer (services.seal_by_system,
    # e.g. a receipt issued when the money is confirmed): no signer, the agency and the reason.
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="cơ quan (đóng dấu tự động)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    system_reason = models.CharField("lý do đóng dấu tự động", max_length=200, blank=True)
    signed_at = models.DateTimeField("thời điểm ký")
    timestamp_token = models.BinaryField("dấu thời gian (RFC 3161)", null=True, blank=True)
    revocation_data = models.JSONField(
        "dữ liệu thu hồi (CRL/OCSP, base64)", default=dict, blank=True
    )
    provider = models.CharField("phương thức ký", max_length=30)
    provider_transaction_id = models.CharField(
        "mã giao dịch của nhà cung cấp", max_length=100, blank=True
    )
    session = models.ForeignKey(
        SigningSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validation = models.JSONField("kết quả kiểm tra", default=dict, blank=True)
    created_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "bằng chứng chữ ký"
        verbose_name_plural = "bằng chứng chữ ký"
        ordering = ["-signed_at"]
        constraints = [
            # every signature has a person behind it, or is an automatic seal of an agency
            # with its reason
            models.CheckConstraint(
                condition=Q(signer__isnull=False)
                | (Q(agency__isnull=False) & ~Q(system_reason="")),
                name="sig_evidence_signer_or_system",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.field_name}"

    @property
    def by_system(self) -> bool:
        return self.signer_id is None and bool(self.system_reason)
