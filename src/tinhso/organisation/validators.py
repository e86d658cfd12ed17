import re

from django.core.exceptions import ValidationError

# QĐ 20/2020/QĐ-TTg (amended by QĐ 09/2025/QĐ-TTg): 13 characters in groups of 3.2.2.3
# separated by dots, the last group a letter (G ministries, H provinces, …) and two digits.
AGENCY_IDENTIFIER = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


def validate_agency_identifier(value: str) -> None:
    if not AGENCY_IDENTIFIER.fullmatch(value or ""):
        raise ValidationError(
            "Mã định danh điện tử của cơ quan phải có 13 ký tự dạng 000.00.00.H59 "
            "(QĐ 20/2020/QĐ-TTg).",
            code="agency_identifier",
        )
