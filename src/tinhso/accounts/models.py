from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tinhso.accounts.assurance import AssuranceLevel
from tinhso.accounts.constants import AccountKind, IdentityProvider, SignerRank, SignInMethod
from tinhso.accounts.validators import validate_cccd, validate_phone, validate_tax_code
from tinhso.organisation.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra) -> "User":
        if not username:
            raise ValueError("Tên đăng nhập là bắt buộc")
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("kind", AccountKind.STAFF)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Every person who signs in: staff, citizens and the representatives of businesses."""

    username = models.CharField("tên đăng nhập", max_length=150, unique=True)
    full_name = models.CharField("họ và tên", max_length=150)
    kind = models.CharField("loại tài khoản", max_length=10, choices=AccountKind.choices)
    email = models.EmailField("thư điện tử", blank=True)
    phone = models.CharField(
        "số điện thoại", max_length=20, blank=True, validators=[validate_phone]
    )
    # Personal data: shown only to the person and to staff who handle their dossiers.
    cccd = models.CharField(
        "số CCCD/định danh cá nhân",
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_cccd],
    )
    tax_code = models.CharField(
        "mã số thuế",
        max_length=13,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_tax_code],
    )
    organisation_name = models.CharField("tên tổ chức, doanh nghiệp", max_length=255, blank=True)
    # Personal data (regulations.md §10.1): declared at sign-up, or given by VNeID.
    date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    # Consent to the processing of personal data (Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP,
    # which replaced Nghị định 13/2023/NĐ-CP): when, and to which version of the notice.
    data_consent_at = models.DateTimeField(
        "đồng ý xử lý dữ liệu cá nhân lúc", null=True, blank=True
    )
    data_consent_version = models.CharField(
        "phiên bản thông báo xử lý dữ liệu", max_length=20, blank=True
    )
    is_staff = models.BooleanField(
        "vào trang quản trị",
        default=False,
        help_text="Cho phép đăng nhập trang quản trị cấu hình (Django admin).",
    )
    is_active = models.BooleanField("đang hoạt động", default=True)
    # Self sign-up not yet confirmed by the link sent to its contacts (accounts/signup_confirm.py):
    # inactive meanwhile; a stale one gives way to a new sign-up or to VNeID.
    pending_since = models.DateTimeField("chờ xác nhận đăng ký từ", null=True, blank=True)
    date_joined = models.DateTimeField("ngày tạo", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="citizen") | Q(cccd__isnull=False),
                name="citizen_has_cccd",
            ),
            models.CheckConstraint(
                condition=~Q(kind="business") | Q(tax_code__isnull=False),
                name="business_has_tax_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username


class StaffRole(models.Model):
    """A role a staff member holds in one agency (and optionally one department)."""

    user = models.ForeignKey(
        User, verbose_name="cán bộ", on_delete=models.CASCADE, related_name="staff_roles"
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="cơ quan",
        on_delete=models.PROTECT,
        related_name="staff_roles",
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name="phòng, ban",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_roles",
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    # What the person signs as (Nghị định 30/2020/NĐ-CP, Phụ lục I, ô 7a–7b; see
    # tinhso.dossiers.paperwork._signer): the real position and whether they head the body,
    # are a deputy (KT.) or act as head (Q.).
    position = models.CharField(
        "chức vụ", max_length=100, blank=True, help_text="Ví dụ: Phó Chủ tịch, Giám đốc"
    )
    rank = models.CharField("vị trí ký", max_length=10, choices=SignerRank.choices, blank=True)
    is_active = models.BooleanField("còn hiệu lực", default=True)

    class Meta:
        verbose_name = "vai trò cán bộ"
        verbose_name_plural = "vai trò cán bộ"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="one_role_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.agency}"

    def clean(self) -> None:
        if self.department_id and self.department.agency_id != self.agency_id:
            raise ValidationError({"department": "Phòng, ban này không thuộc cơ quan đã chọn."})


class SignInAttempt(models.Model):
    """Every sign-in attempt, kept as the access log and used to lock out password guessing.

    Account, source address and time of each sign-in are to be kept (regulations.md §10.2:
    logs with source address, account, time; ≥ 12 months recommended).
    """

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    username = models.CharField("tên đăng nhập", max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    user_agent = models.CharField("trình duyệt", max_length=300, blank=True)
    succeeded = models.BooleanField("thành công")
    method = models.CharField(
        "cách đăng nhập",
        max_length=10,
        choices=SignInMethod.choices,
        default=SignInMethod.PASSWORD,
    )
    # Nghị định 69/2024/NĐ-CP: the level of the electronic identification account proved
    # (VNeID's `acr`); a password proves none (accounts/assurance.py).
    assurance = models.CharField(
        "mức định danh điện tử",
        max_length=1,
        choices=AssuranceLevel.choices,
        default=AssuranceLevel.NONE,
    )

    class Meta:
        verbose_name = "lượt đăng nhập"
        verbose_name_plural = "nhật ký đăng nhập"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%d/%m/%Y %H:%M} {'✓' if self.succeeded else '✗'}"


class SignInThrottle(models.Model):
    """Failed password sign-ins counted per (account, client address) and per address.

    The delays of accounts/signin.py: a row is read and changed under a row lock, so parallel
    guesses cannot pass the limit. Keys hold the account's username and the address only.
    """

    key = models.CharField("khóa", max_length=250, unique=True)
    failures = models.PositiveIntegerField("số lần sai", default=0)
    window_started_at = models.DateTimeField("bắt đầu đếm lúc", default=timezone.now)
    last_failure_at = models.DateTimeField("lần sai gần nhất", null=True, blank=True, db_index=True)
    blocked_until = models.DateTimeField("chờ đến", null=True, blank=True)

    class Meta:
        verbose_name = "giới hạn đăng nhập sai"
        verbose_name_plural = "giới hạn đăng nhập sai"

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class ApiToken(models.Model):
    """A bearer token for a staff member's app or another system calling /api/v1/.

    Only the SHA-256 of the token is kept; the token itself is shown once, when issued.
    The token acts with its user's roles, so the API applies the same rules as the pages.
    """

    user = models.ForeignKey(
        User, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("tên ứng dụng, hệ thống", max_length=150)
    prefix = models.CharField("tiền tố", max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("ngày cấp", auto_now_add=True)
    last_used_at = models.DateTimeField("lần dùng gần nhất", null=True, blank=True)
    revoked_at = models.DateTimeField("ngày thu hồi", null=True, blank=True)

    class Meta:
        verbose_name = "khóa truy cập API"
        verbose_name_plural = "khóa truy cập API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ExternalIdentity(models.Model):
    """An account's link to an outside identity provider (VNeID).

    Made on the first sign-in with the provider, matched by số định danh cá nhân
    (regulations.md §7: map the user by SoDinhDanh); `subject` is the provider's `sub`.
    """

    user = models.ForeignKey(
        User, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="identities"
    )
    provider = models.CharField("nhà cung cấp", max_length=20, choices=IdentityProvider.choices)
    subject = models.CharField("mã người dùng tại nhà cung cấp (sub)", max_length=255)
    linked_at = models.DateTimeField("liên kết lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("đăng nhập gần nhất", null=True, blank=True)

    class Meta:
        verbose_name = "liên kết định danh"
        verbose_name_plural = "liên kết định danh"
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="one_account_per_subject"),
            models.UniqueConstraint(fields=["provider", "user"], name="one_link_per_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} – {self.user.username}"


class PhoneResetCode(models.Model):
    """A one-time 6-digit code sent by SMS to reset a password (accounts/phone_reset.py).

    Only a keyed hash of the code is kept; it expires, allows few attempts and is used once.
    """

    user = models.ForeignKey(
        User, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="reset_codes"
    )
    digest = models.CharField(max_length=128)
    salt = models.CharField(max_length=32)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    attempts = models.PositiveSmallIntegerField("số lần nhập sai", default=0)
    used_at = models.DateTimeField("đã dùng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã đặt lại mật khẩu qua SMS"
        verbose_name_plural = "mã đặt lại mật khẩu qua SMS"

    def __str__(self) -> str:
        return f"{self.user.username} {self.created_at:%d/%m/%Y %H:%M}"
