"""Finishing a sign-up, and the same answer whether or not the person already has an account.

Sign-up must not tell anyone whether a CCCD, tax code, e-mail or phone has an account
(issue 11, finding 7). So the page answers every well-formed sign-up the same way: "we have
sent you a message to finish". Then:

- nothing matches: the account is made inactive and a confirmation link goes to the e-mail
  and/or phone typed; following it activates the account (and proves the contact works);
- something matches: nothing is made; the existing account's owner is told, on the account's
  own contacts, that someone tried to sign up with their data, with the password-reset
  address; the contacts typed (when they are not the owner's) are told that no account was
  made and what to do.

Either way the person learns more only through the contact they typed. Messages go through
tinhso.notifications (sent after commit, retried). The link only activates: it does not sign
in, so a copy of it (the notifications table keeps message texts) opens nothing.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.notifications.services import notify

CONFIRM_TTL = timedelta(days=3)
_SALT = "tinhso.accounts.signup_confirm"


def _state(user: User) -> str:
    # Changes when the account is activated, signs in or changes password: the link then dies.
    return f"{user.pk}:{user.is_active}:{user.password}:{user.last_login}"


def _mac(user: User, stamp: str) -> str:
    return salted_hmac(_SALT, f"{stamp}:{_state(user)}", algorithm="sha256").hexdigest()[:16]


def confirm_token(user: User) -> str:
    """'<id>-<time, base 36>-<64-bit HMAC>': short, so an SMS keeps the whole link."""
    stamp = int_to_base36(int(time.time()))
    return f"{user.pk}-{stamp}-{_mac(user, stamp)}"


def confirm_url(user: User) -> str:
    path = reverse("accounts:signup_confirm", args=[confirm_token(user)])
    return settings.SITE_URL.rstrip("/") + path


def _site() -> str:
    return f"Cổng dịch vụ công tỉnh {settings.PROVINCE_NAME}"


def confirmation_send(user: User) -> None:
    """Send the link that activates a new account to the contacts typed at sign-up."""
    hours = int(CONFIRM_TTL.total_seconds() // 3600)
    notify(
        reference=f"accounts.signup:{user.username}",
        subject=f"[Tỉnh Số] Hoàn tất đăng ký tài khoản trên {_site()}",
        # Short, so that the SMS (160 ASCII characters) keeps the whole link.
        body=(
            f"Tỉnh Số: mở liên kết sau trong {hours} giờ để kích hoạt tài khoản vừa đăng ký "
            f"(bỏ qua nếu không phải bạn): {confirm_url(user)}"
        ),
        email=user.email,
        phone=user.phone,
        user=user,
    )


def duplicate_tell(
    *, owners: list[User], typed_email: str, typed_phone: str, request: HttpRequest | None
) -> None:
    """Someone signed up with data of existing accounts: tell each owner, and the contacts typed
    that belong to none of them; nothing is created."""
    reset = settings.SITE_URL.rstrip("/") + reverse("accounts:password_reset")
    owner_emails = {o.email.strip().lower() for o in owners if o.email}
    owner_phones = {o.phone for o in owners if o.phone}
    for owner in owners:
        notify(
            reference=f"accounts.signup_duplicate:{owner.username}",
            subject="[Tỉnh Số] Có người đăng ký tài khoản bằng thông tin của bạn",
            body=(
                f"Vừa có người dùng thông tin của tài khoản {owner.username} (số định danh, "
                f"thư điện tử hoặc số điện thoại) để đăng ký tài khoản mới trên {_site()}. "
                "Không có tài khoản mới nào được tạo. Nếu là bạn: bạn đã có tài khoản, hãy đăng "
                "nhập hoặc lấy lại mật khẩu. Nếu không phải bạn, không cần làm gì. "
                f"{reset}"
            ),
            email=owner.email,
            phone=owner.phone,
            user=owner,
        )
        audit_record(
            actor=None,
            action="accounts.signup.duplicate",
            target=owner,
            summary="Đăng ký trùng thông tin của tài khoản này; đã báo cho chủ tài khoản",
            request=request,
        )
    email = typed_email if typed_email.strip().lower() not in owner_emails else ""
    phone = typed_phone if typed_phone not in owner_phones else ""
    if email or phone:
        notify(
            reference="accounts.signup_duplicate",
            subject=f"[Tỉnh Số] Chưa tạo được tài khoản trên {_site()}",
            body=(
                "Chưa tạo được tài khoản với thông tin bạn vừa khai: số định danh, mã số thuế "
                "hoặc liên hệ đó đã thuộc một tài khoản khác. Nếu bạn đã có tài khoản, hãy lấy "
                "lại mật khẩu; nếu thông tin của bạn bị người khác dùng, hãy đăng nhập bằng "
                f"VNeID hoặc liên hệ bộ phận một cửa. {reset}"
            ),
            email=email,
            phone=phone,
        )


def is_stale(user: User) -> bool:
    """A sign-up nobody confirmed in time: it holds its CCCD, tax code and contacts no more."""
    return (
        user.pending_since is not None
        and not user.is_active
        and user.pending_since < timezone.now() - CONFIRM_TTL
    )


def pending_discard(user: User, *, reason: str, request: HttpRequest | None = None) -> None:
    """Remove an unconfirmed sign-up (never active, so nothing hangs on it but its audit)."""
    with transaction.atomic():
        audit_record(
            actor=None,
            action="accounts.signup.discard",
            target=user,
            summary=f"Hủy đăng ký chưa xác nhận: {reason}",
            request=request,
        )
        user.delete()


def account_confirm(token: str, request: HttpRequest | None = None) -> User | None:
    """Activate the account the link was made for; None if the link is wrong, expired or used."""
    try:
        pk_text, stamp, mac = token.split("-")
        pk, issued = int(pk_text), base36_to_int(stamp)
    except ValueError:
        return None
    if not 0 <= time.time() - issued <= CONFIRM_TTL.total_seconds():
        return None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=pk).first()
        if user is None or user.pending_since is None or user.is_active:
            return None
        if not constant_time_compare(mac, _mac(user, stamp)):
            return None
        user.is_active, user.pending_since = True, None
        user.save(update_fields=["is_active", "pending_since"])
        audit_record(
            actor=user,
            action="accounts.signup.confirm",
            target=user,
            summary="Xác nhận liên hệ và kích hoạt tài khoản tự đăng ký",
            request=request,
        )
    return user
