"""Resetting a password with a one-time code sent by SMS to the account's mobile number.

Rules (TCVN 14423:2026 as summarised in regulations.md §10.2: lock-out on repeated failures;
credentials stored hashed):

- the code has 6 digits, is valid CODE_TTL and for one use; only a keyed hash is kept;
- MAX_ATTEMPTS wrong codes void it; a new code voids the previous ones;
- at most MAX_CODES codes per account in CODES_WINDOW (SMS cost and abuse);
- the answer to "send me a code" is the same whether or not the number has an account.

The SMS goes straight to the gateway of tinhso.notifications (sms.gateway), not through
notify(): notify keeps the text of every message, and a reset code must not sit readable in
the notifications table.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import password_validation
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from tinhso.accounts import selectors
from tinhso.accounts.models import PhoneResetCode, User
from tinhso.audit.services import audit_record
from tinhso.notifications.sms import SmsError, gateway, normalise_phone, sms_text

CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
MAX_CODES = 3
CODES_WINDOW = timedelta(hours=1)
_KEY_SALT = "tinhso.accounts.phone_reset"


class ResetRefused(Exception):
    """The code cannot be sent or used; the message is for the person, in Vietnamese."""


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    message: str = ""


def _digest(salt: str, code: str) -> str:
    return salted_hmac(_KEY_SALT, f"{salt}:{code}", algorithm="sha256").hexdigest()


def reset_code_send(*, phone: str, request: HttpRequest | None = None) -> int | None:
    """Send a code to the one active account with this number; the code's id, or None.

    None when no single active account has the number or when its hourly quota of codes is
    spent (the caller says the same thing in every case). Raises ResetRefused when the SMS
    provider does not take the message.
    """
    users = list(selectors.users_with_phone(phone).filter(is_active=True)[:2])
    if len(users) != 1:
        return None
    user = users[0]
    now = timezone.now()
    if (
        PhoneResetCode.objects.filter(user=user, created_at__gte=now - CODES_WINDOW).count()
        >= MAX_CODES
    ):
        return None
    code = f"{secrets.randbelow(1_000_000):06d}"
    minutes = int(CODE_TTL.total_seconds() // 60)
    text = sms_text(
        f"Tinh So: ma dat lai mat khau cua ban la {code}, hieu luc {minutes} phut. "
        "Khong cung cap ma nay cho bat ky ai."
    )
    try:
        gateway().send(normalise_phone(user.phone), text)
    except SmsError as exc:
        raise ResetRefused(
            "Chưa gửi được tin nhắn chứa mã. Vui lòng thử lại sau ít phút hoặc lấy lại mật khẩu "
            "bằng thư điện tử."
        ) from exc
    salt = secrets.token_hex(8)
    with transaction.atomic():
        PhoneResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        row = PhoneResetCode.objects.create(
            user=user, salt=salt, digest=_digest(salt, code), expires_at=now + CODE_TTL
        )
        audit_record(
            actor=None,
            action="accounts.password.reset_code",
            target=user,
            summary=f"Gửi mã đặt lại mật khẩu qua SMS tới {selectors.mask_phone(user.phone)}",
            request=request,
        )
    return row.pk


def reset_with_code(
    *, code_id: int | None, code: str, new_password: str, request: HttpRequest | None = None
) -> User:
    """Set a new password when `code` matches the code `code_id`; raises ResetRefused if not.

    A wrong code is counted (and kept counted: the count is saved before refusing).
    """
    check, user = _check_code(code_id=code_id, code=code.strip())
    if not check.ok:
        raise ResetRefused(check.message)
    password_validation.validate_password(new_password, user)
    with transaction.atomic():
        # Used once: of two submissions of the same code, only the first changes the password.
        if not PhoneResetCode.objects.filter(pk=code_id, used_at__isnull=True).update(
            used_at=timezone.now()
        ):
            raise ResetRefused("Mã đã hết hạn hoặc đã được dùng. Vui lòng yêu cầu mã mới.")
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(
            actor=user,
            action="accounts.password.reset",
            target=user,
            summary="Đặt lại mật khẩu bằng mã gửi qua SMS",
            request=request,
        )
    return user


def _check_code(*, code_id: int | None, code: str) -> tuple[CodeCheck, User | None]:
    expired = CodeCheck(False, "Mã đã hết hạn hoặc đã được dùng. Vui lòng yêu cầu mã mới.")
    if not code_id:
        return CodeCheck(False, "Mã xác nhận không đúng."), None
    with transaction.atomic():
        row = (
            PhoneResetCode.objects.select_for_update()
            .select_related("user")
            .filter(pk=code_id)
            .first()
        )
        if row is None or row.used_at is not None or row.expires_at <= timezone.now():
            return expired, None
        if not row.user.is_active:
            return expired, None
        if constant_time_compare(_digest(row.salt, code), row.digest):
            return CodeCheck(True), row.user
        row.attempts += 1
        if row.attempts >= MAX_ATTEMPTS:
            row.used_at = timezone.now()
        row.save(update_fields=["attempts", "used_at"])
        left = MAX_ATTEMPTS - row.attempts
    if left <= 0:
        return CodeCheck(
            False, "Nhập sai mã quá số lần cho phép; mã đã bị hủy. Vui lòng yêu cầu mã mới."
        ), None
    return CodeCheck(False, f"Mã xác nhận không đúng. Còn {left} lần thử."), None
