from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from tinhso.accounts import selectors, signin
from tinhso.core.client_ip import client_ip
from tinhso.core.ratelimit import wait_text


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa. Liên hệ quản trị cơ quan.",
    }
    username = forms.CharField(
        label="Tên đăng nhập, thư điện tử hoặc số điện thoại",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    @staticmethod
    def throttled_message(retry_at: datetime) -> str:
        """When to try again, the same for every name typed (it tells nothing about accounts)."""
        seconds = max(int((retry_at - timezone.now()).total_seconds()), 1)
        return (
            "Đăng nhập sai quá nhiều lần từ thiết bị này. Vui lòng thử lại sau "
            f"{timezone.localtime(retry_at):%H:%M} ({wait_text(seconds)}), hoặc lấy lại mật "
            "khẩu bằng “Quên mật khẩu”."
        )

    def clean(self) -> dict[str, Any]:
        typed = (self.data.get("username") or "").strip()
        # Attempts count against the account, whichever of its names was typed, so that
        # switching between username, e-mail and phone does not multiply the guesses allowed.
        account = selectors.user_for_identifier(typed)
        username = account.username if account is not None else typed
        ip = client_ip(self.request)
        if not username:
            return super().clean()
        gate = signin.attempt_begin(username=username, ip=ip)
        if not gate.allowed:
            signin.record_attempt(username=username, request=self.request, succeeded=False)
            retry_at = gate.retry_at or timezone.now()
            raise ValidationError(self.throttled_message(retry_at), code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            signin.record_attempt(username=username, request=self.request, succeeded=False)
            raise
        signin.attempt_end(username=username, ip=ip, succeeded=True)
        signin.record_attempt(username=username, request=self.request, succeeded=True)
        return cleaned


class AdminSignInForm(SignInForm):
    """The configuration site's sign-in (/quan-tri/login/), throttled like the portal's: the
    same counts, so the admin page is no way around the delays."""

    error_messages = {
        **SignInForm.error_messages,
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản không được vào trang quản trị."
        ),
    }
    required_css_class = "required"

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
