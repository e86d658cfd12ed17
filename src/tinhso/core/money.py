"""Amounts of money: whole đồng (the Vietnamese đồng has no subunit in use)."""

# The largest amount any form or API accepts, in đồng: a trillion is far above any fee or
# charge, and Dossier.fees_* (PositiveBigIntegerField, up to 2**63 - 1) still hold a sum of
# several. A bigger number is a 422 with a Vietnamese message, never a database error.
MAX_AMOUNT = 10**12


def grouped(amount: int | float | str) -> str:
    """Whole đồng with thousands grouped by dots, the Vietnamese way: 1250000 → "1.250.000"
    (negative amounts keep their sign). The one place amounts are formatted: the template
    filters (core.templatetags.vn), printed forms (printing.formatting), fees and messages."""
    value = int(amount)
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def dong(amount: int | float | str) -> str:
    """1250000 → "1.250.000 đồng" (in sentences and printed papers)."""
    return f"{grouped(amount)} đồng"
