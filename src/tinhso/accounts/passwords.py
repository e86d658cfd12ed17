from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """A password must mix upper case, lower case, digits and special characters."""

    def validate(self, password: str, user: Any = None) -> None:
        missing = []
        if not any(c.islower() for c in password):
            missing.append("chữ thường")
        if not any(c.isupper() for c in password):
            missing.append("chữ hoa")
        if not any(c.isdigit() for c in password):
            missing.append("chữ số")
        if all(c.isalnum() for c in password):
            missing.append("ký tự đặc biệt")
        if missing:
            raise ValidationError(
                "Mật khẩu phải có cả " + ", ".join(missing) + ".", code="password_classes"
            )

    def get_help_text(self) -> str:
        return "Mật khẩu phải có chữ hoa, chữ thường, chữ số và ký tự đặc biệt."


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with its message in Vietnamese (Django's vi catalogue lacks it)."""

    def get_error_message(self) -> str:
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."
