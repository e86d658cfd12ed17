import pytest
from django.core.exceptions import ValidationError

from tinhso.accounts.validators import validate_cccd, validate_phone, validate_tax_code


@pytest.mark.parametrize(
    "number", ["072190001234", "001099012345", "079203000001", "096 300 123 456"]
)
def test_valid_cccd_numbers(number):
    validate_cccd(number)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("07219000123", "đúng 12 chữ số"),
        ("0721900012345", "đúng 12 chữ số"),
        ("07219000123A", "đúng 12 chữ số"),
        ("003190001234", "mã tỉnh"),  # 003 is not a province code
        ("097190001234", "mã tỉnh"),
        ("072399001234", "ở tương lai"),  # born in 2099
    ],
)
def test_invalid_cccd_numbers(number, message):
    with pytest.raises(ValidationError, match=message):
        validate_cccd(number)


@pytest.mark.parametrize(
    "code",
    [
        "0100109106",
        "0100100079",
        "0100109106-001",
        "0100109106001",
        "072190001234",  # a household business: the owner's CCCD (Thông tư 86/2024/TT-BTC)
    ],
)
def test_valid_tax_codes(code):
    validate_tax_code(code)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("0100109107", "chữ số kiểm tra"),
        ("010010910", "10 chữ số"),
        ("01001091060", "10 chữ số"),
        ("0100109106-000", "từ 001 đến 999"),
        ("abcdefghij", "10 chữ số"),
        ("003190001234", "mã tỉnh"),  # 12 digits are checked as a CCCD number
    ],
)
def test_invalid_tax_codes(code, message):
    with pytest.raises(ValidationError, match=message):
        validate_tax_code(code)


@pytest.mark.parametrize("phone", ["0912345678", "+84912345678", "091 234 5678"])
def test_valid_phones(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["0212345678", "091234567", "phone"])
def test_invalid_phones(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)
