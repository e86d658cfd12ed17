from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from tinhso.accounts import selectors, signin


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa. Liên hệ quản trị cơ quan.",
        "locked": (
            f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {signin.LOCK_MINUTES} phút "
            "hoặc liên hệ quản trị cơ quan."
        ),
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

    def clean(self):
        typed = (self.data.get("username") or "").strip()
        # Attempts count against the account, whichever of its names was typed, so that
        # switching between username, e-mail and phone does not multiply the guesses allowed.
        account = selectors.user_for_identifier(typed)
        username = account.username if account is not None else typed
        ip = signin.client_ip(self.request)
        if username and signin.is_locked(username=username, ip=ip):
            signin.record_attempt(username=username, request=self.request, succeeded=False)
            raise ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                signin.record_attempt(username=username, request=self.request, succeeded=False)
            raise
        signin.record_attempt(username=username, request=self.request, succeeded=True)
        return cleaned
