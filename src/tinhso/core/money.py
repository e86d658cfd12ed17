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


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9


def _three(n: int, full: bool) -> list[str]:
    """0 < n < 1000. `full`: a group after a higher one reads its zero hundreds and tens
    ("không trăm lẻ năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 4 and tens >= 2:
        words.append("tư")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    words: list[str] = []
    for value, unit in ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if value:
            words += _three(value, full or bool(words))
            if unit:
                words.append(unit)
    return words


def _words(n: int, full: bool = False) -> list[str]:
    if n >= _BILLION:
        head = [*_words(n // _BILLION, full), "tỷ"]
        rest = n % _BILLION
        return head + (_below_billion(rest, True) if rest else [])
    return _below_billion(n, full)


def amount_in_words(amount: int) -> str:
    """The amount as printed on a receipt ("số tiền bằng chữ"): 1250000 → "Một triệu hai trăm
    năm mươi nghìn đồng"; 105 → "Một trăm lẻ năm đồng"; 21 → "Hai mươi mốt đồng"."""
    value = int(amount)
    if value < 0:
        raise ValueError("Số tiền bằng chữ chỉ đọc số không âm.")
    words = _words(value) or ["không"]
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]
