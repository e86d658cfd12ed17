"""Sign-up forms for citizens and businesses. The checks repeat in services (the source of
truth); here they give each field its own message. Whether a number or contact already has an
account is never a field error (accounts/signup_confirm.py)."""

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone

from tinhso.accounts import services
from tinhso.accounts.constants import AccountKind
from tinhso.accounts.models import User
from tinhso.accounts.validators import (
    cccd_birth_year,
    normalise_digits,
    validate_cccd,
    validate_phone,
    validate_tax_code,
)
from tinhso.privacy.constants import Purpose

DATE_FORMAT = "%d/%m/%Y"


def _text(label: str, *, autocomplete: str = "off", **attrs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=attrs.pop("max_length", 150),
        widget=forms.TextInput(attrs={"autocomplete": autocomplete, **attrs}),
    )


class _ContactAndPassword(forms.Form):
    """Contact (at least one), password twice and optional consents: common to both kinds."""

    kind = AccountKind.CITIZEN
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    phone = forms.CharField(
        label="Số điện thoại di động",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text="Cần ít nhất thư điện tử hoặc số điện thoại: để nhận thông báo và lấy lại "
        "mật khẩu.",
    )
    password1 = forms.CharField(
        label="Mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Nhập lại mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # Issue 12 item 17: no forced consent. Processing for administrative procedures rests on
    # the law (tinhso.privacy.constants.LEGAL_BASIS, stated in the notice); only the optional
    # purposes ask for consent, one unticked box each (Nghị định 356/2025/NĐ-CP: never
    # pre-ticked). The boxes are built from tinhso.privacy.constants.Purpose.

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for purpose in Purpose:
            self.fields[f"consent_{purpose.value}"] = forms.BooleanField(
                label=purpose.label, required=False, initial=False
            )
        # Read per request, in the request's language.
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def consent_fields(self) -> list[forms.BoundField]:
        """The optional purposes' boxes, for the templates."""
        return [self[f"consent_{p.value}"] for p in Purpose]

    def clean_email(self) -> str:
        # Whether it is taken is not said here (it would tell who has an account): the view
        # answers the same either way (accounts/signup_confirm.py).
        return self.cleaned_data["email"].strip()

    def clean_phone(self) -> str:
        phone = normalise_digits(self.cleaned_data["phone"])
        if not phone:
            return ""
        validate_phone(phone)
        return services.store_phone(phone)

    def _user_for_password_check(self) -> User:
        data = self.cleaned_data
        return User(
            username="",
            kind=self.kind,
            full_name=data.get("full_name", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            "email" in data
            and "phone" in data
            and not data["email"]
            and not data["phone"]
            and not self.has_error("phone")
        ):
            self.add_error("email", "Cần ít nhất thư điện tử hoặc số điện thoại.")
        # The ticked optional purposes, as one list for the services (consents=…).
        ticked = self.cleaned_data
        ticked["consents"] = [p.value for p in Purpose if ticked.pop(f"consent_{p.value}", False)]
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "Hai mật khẩu không khớp.")
        elif password1:
            try:
                password_validation.validate_password(password1, self._user_for_password_check())
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class CitizenSignUpForm(_ContactAndPassword):
    field_order = ["full_name", "cccd", "date_of_birth"]

    full_name = _text("Họ và tên", autocomplete="name")
    cccd = forms.CharField(
        label="Số CCCD / định danh cá nhân",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="12 chữ số, in trên thẻ căn cước hoặc căn cước công dân.",
    )
    date_of_birth = forms.DateField(
        label="Ngày sinh",
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(
            format=DATE_FORMAT,
            attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "bday"},
        ),
        help_text="Ngày/tháng/năm, ví dụ 15/01/1990.",
        error_messages={
            "invalid": "Ngày sinh phải theo dạng ngày/tháng/năm, ví dụ 15/01/1990.",
        },
    )

    def clean_cccd(self) -> str:
        cccd = normalise_digits(self.cleaned_data["cccd"])
        validate_cccd(cccd)
        return cccd

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise ValidationError("Ngày sinh không thể ở tương lai.")
        if born.year < 1900:
            raise ValidationError("Ngày sinh không hợp lệ.")
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        cccd, born = data.get("cccd"), data.get("date_of_birth")
        # The CCCD carries the year of birth (Thông tư 59/2021/TT-BCA Điều 7, digits 4–6).
        if cccd and born and cccd_birth_year(cccd) != born.year:
            self.add_error(
                "date_of_birth",
                "Năm sinh không khớp với số CCCD (chữ số thứ 4 đến 6 của số CCCD ghi năm sinh).",
            )
        return data


class BusinessSignUpForm(_ContactAndPassword):
    kind = AccountKind.BUSINESS
    field_order = ["organisation_name", "tax_code", "full_name"]

    organisation_name = _text(
        "Tên tổ chức, doanh nghiệp", autocomplete="organization", max_length=255
    )
    tax_code = forms.CharField(
        label="Mã số thuế",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="10 chữ số, hoặc 13 chữ số đối với chi nhánh, đơn vị phụ thuộc.",
    )
    full_name = _text("Họ và tên người đại diện", autocomplete="name")

    def clean_tax_code(self) -> str:
        tax_code = normalise_digits(self.cleaned_data["tax_code"])
        validate_tax_code(tax_code)
        return tax_code
