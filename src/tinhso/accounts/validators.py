"""Identity numbers of people and businesses.

CCCD / số định danh cá nhân: 12 digits = 3 digits of the province of birth registration,
1 digit of sex and century, 2 digits of the year of birth, 6 random digits
(Thông tư 59/2021/TT-BCA, Điều 7 — background knowledge, verify against the text).

Mã số thuế of an organisation: 10 digits whose last digit is a check digit, or 13 digits for
a dependent unit (the 10 digits of the parent, then 3) (Thông tư 86/2024/TT-BTC, formerly
Thông tư 105/2020/TT-BTC — background knowledge, verify).
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

# Codes of the 63 provinces of birth registration that CCCD numbers carry (before the 2025
# merger; numbers already issued keep them).
CCCD_PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 "
    "035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 "
    "070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def normalise_digits(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def cccd_birth_year(number: str) -> int:
    century = 1900 + 100 * (int(number[3]) // 2)
    return century + int(number[4:6])


def validate_cccd(value: str) -> None:
    number = normalise_digits(value)
    if not re.fullmatch(r"\d{12}", number):
        raise ValidationError("Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số.", code="cccd")
    if number[:3] not in CCCD_PROVINCE_CODES:
        raise ValidationError(
            "Số CCCD không hợp lệ: 3 chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh.",
            code="cccd_province",
        )
    if cccd_birth_year(number) > timezone.localdate().year:
        raise ValidationError(
            "Số CCCD không hợp lệ: năm sinh mã hóa trong số (chữ số 4–6) ở tương lai.",
            code="cccd_year",
        )


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit of an organisation's tax code, or None when no valid digit exists."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, _TAX_WEIGHTS, strict=True)) % 11
    check = 10 - remainder
    if check == 10:
        return None
    return 0 if check == 11 else check


def validate_tax_code(value: str) -> None:
    """10 digits (an organisation), 13 (a dependent unit), or 12: since 01/7/2025 the tax code
    of an individual or a household business is the owner's personal identification number
    (Thông tư 86/2024/TT-BTC Điều 5), so it is checked as a CCCD number."""
    number = normalise_digits(value)
    if re.fullmatch(r"\d{12}", number):
        validate_cccd(number)
        return
    if not re.fullmatch(r"\d{10}|\d{13}", number):
        raise ValidationError(
            "Mã số thuế phải gồm 10 chữ số, 13 chữ số đối với đơn vị phụ thuộc, hoặc 12 chữ số "
            "(số định danh cá nhân) đối với hộ kinh doanh "
            "(ví dụ 0100109106, 0100109106-001 hoặc 072190001234).",
            code="tax_code",
        )
    if tax_code_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            "Mã số thuế không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không khớp.",
            code="tax_code_check",
        )
    if len(number) == 13 and number[10:] == "000":
        raise ValidationError(
            "Mã số thuế 13 số không hợp lệ: ba chữ số cuối phải từ 001 đến 999.",
            code="tax_code_branch",
        )


def validate_phone(value: str) -> None:
    number = normalise_digits(value)
    if not re.fullmatch(r"(\+84|84|0)(3|5|7|8|9)\d{8}", number):
        raise ValidationError(
            "Số điện thoại di động không hợp lệ (10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09).",
            code="phone",
        )
