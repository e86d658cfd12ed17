"""Levels of assurance of an electronic identification account (Nghị định 69/2024/NĐ-CP).

Kept in core (below accounts and catalogue) because both need it: accounts records the level a
sign-in proved (tinhso.accounts.assurance), the catalogue says which level a procedure requires.
"""

from django.db import models


class AssuranceLevel(models.TextChoices):
    """Ordered: compare with `at_least`, never with string order of the labels."""

    NONE = "0", "Chưa định danh điện tử (mật khẩu của Cổng)"
    LEVEL_1 = "1", "Tài khoản định danh điện tử mức 1"
    LEVEL_2 = "2", "Tài khoản định danh điện tử mức 2"


def at_least(level: str, required: str) -> bool:
    """Whether `level` meets `required` (unknown values count as NONE)."""
    valid = set(AssuranceLevel.values)
    have = level if level in valid else AssuranceLevel.NONE
    need = required if required in valid else AssuranceLevel.NONE
    return int(have) >= int(need)
