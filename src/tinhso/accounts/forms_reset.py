"""Forms of password reset: by e-mail (Django's, in Vietnamese) and by a code sent by SMS."""

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError

from tinhso.accounts.models import User
from tinhso.accounts.validators import normalise_digits, validate_phone


class EmailResetForm(PasswordResetForm):
    """Django's form; remembers who was sent a link, for the audit record."""

    email = forms.EmailField(
        label="Thư điện tử đã đăng ký",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Nhập địa chỉ thư điện tử.",
            "invalid": "Địa chỉ thư điện tử không hợp lệ.",
        },
    )

    def get_users(self, email: str):
        self.users_sent: list[User] = []
        for user in super().get_users(email):
            self.users_sent.append(user)
            yield user


class NewPasswordForm(SetPasswordForm):
    """Django's set-password form with Vietnamese labels and messages."""

    error_messages = {"password_mismatch": "Hai mật khẩu không khớp."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"
        self.fields["new_password2"].help_text = ""


class PhoneResetRequestForm(forms.Form):
    phone = forms.CharField(
        label="Số điện thoại di động đã đăng ký",
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "autofocus": True}
        ),
        error_messages={"required": "Nhập số điện thoại."},
    )

    def clean_phone(self) -> str:
        phone = normalise_digits(self.cleaned_data["phone"])
        validate_phone(phone)
        return phone


class PhoneResetCodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác nhận (6 chữ số)",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        error_messages={
            "required": "Nhập mã xác nhận.",
            "min_length": "Mã xác nhận gồm 6 chữ số.",
            "max_length": "Mã xác nhận gồm 6 chữ số.",
        },
    )
    new_password1 = forms.CharField(
        label="Mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="Nhập lại mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError("Mã xác nhận gồm 6 chữ số.")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password1, password2 = data.get("new_password1"), data.get("new_password2")
        if password1 and password2 and password1 != password2:
            self.add_error("new_password2", "Hai mật khẩu không khớp.")
        elif password1:
            # The account is not known until the code is checked; the similarity rule runs
            # again in the service, against the account.
            try:
                password_validation.validate_password(password1)
            except ValidationError as exc:
                self.add_error("new_password1", exc)
        return data
