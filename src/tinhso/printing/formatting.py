"""Vietnamese formats for printed forms: money, dates and times.

- money: 1234000 → "1.234.000 đồng"
- short date: dd/mm/yyyy
- time: "14 giờ 05 phút, ngày 23/11/2026"
- document date (Nghị định 30/2020/NĐ-CP, Phụ lục I, II.4.b): "ngày 05 tháng 02 năm 2026" — days
  below 10 and the months 1 and 2 take a leading zero, other months do not ("ngày 23 tháng 11").
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from tinhso.core import money as core_money


def local(value: date | datetime) -> date | datetime:
    """Aware datetimes in the current time zone (Asia/Ho_Chi_Minh); naive ones, dates as given."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def money(amount: int | None) -> str:
    """1234000 → "1.234.000 đồng"; None → ""."""
    if amount is None or amount == "":
        return ""
    return core_money.dong(amount)


def fee_text(amount: int | None) -> str:
    """Money, or "Không thu phí, lệ phí" for zero."""
    if amount is None or amount == "":
        return ""
    if int(amount) == 0:
        return "Không thu phí, lệ phí"
    return money(amount)


def fee_line(due: int | None, paid: int | None = 0) -> str:
    """Mẫu 01, item 7 (Thông tư 03/2025/TT-VPCP, Phụ lục I): the fees due for this dossier and
    what was collected. "Không thu phí, lệ phí" only when nothing is due and nothing was taken;
    otherwise the amount due, with "(đã thu …)" when something was collected at reception."""
    due_amount, paid_amount = int(due or 0), int(paid or 0)
    if due_amount == 0 and paid_amount == 0:
        return "Không thu phí, lệ phí"
    text = money(due_amount)
    if paid_amount:
        text += f" (đã thu {money(paid_amount)})"
    else:
        text += " (chưa thu)"
    return text


def short_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy in local time."""
    if value is None or value == "":
        return ""
    value = local(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def clock(value: datetime | None) -> str:
    """ "14 giờ 05 phút" in local time."""
    if value is None or value == "":
        return ""
    value = local(value)
    return f"{value.hour:02d} giờ {value.minute:02d} phút"


def clock_short(value: datetime | None) -> str:
    """ "14:05" in local time (register columns); a plain date gives ""."""
    if not isinstance(value, datetime):
        return ""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{moment.hour:02d}:{moment.minute:02d}"


def when(value: date | datetime | None) -> str:
    """ "14 giờ 05 phút, ngày 23/11/2026"; a plain date gives "ngày 23/11/2026"."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return f"ngày {short_date(value)}"
    return f"{clock(value)}, ngày {short_date(value)}"


def document_date(value: date | datetime | None) -> str:
    """ "ngày 05 tháng 02 năm 2026" / "ngày 23 tháng 11 năm 2026" (Nghị định 30/2020)."""
    if value is None or value == "":
        return ""
    value = local(value)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def place_date(place: str, value: date | datetime | None) -> str:
    """ "Nghệ An, ngày 23 tháng 11 năm 2026"; without a date, dotted blanks to fill by hand."""
    text = document_date(value) if value else "ngày … tháng … năm …"
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


def two_digits(value: int | None) -> str:
    """Counts under 10 take a leading zero on forms: 1 → "01"."""
    if value is None:
        return ""
    return f"{int(value):02d}"


def component_form(originals: int, copies: int, electronic: bool = False) -> str:
    """ "01 bản chính, 01 bản sao" / "Bản điện tử"."""
    parts = []
    if originals:
        parts.append(f"{two_digits(originals)} bản chính")
    if copies:
        parts.append(f"{two_digits(copies)} bản sao")
    if electronic:
        parts.append("bản điện tử")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]
