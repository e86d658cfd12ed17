"""Vietnamese display helpers: amounts in đồng, masked personal data."""

from decimal import Decimal

from django import template

from tinhso.core import money

register = template.Library()


@register.filter
def dong(amount: int | Decimal | None) -> str:
    """1250000 → "1.250.000 đ"; 0 → "Miễn phí"."""
    if amount is None or amount == "":
        return ""
    value = int(amount)
    if value == 0:
        return "Miễn phí"
    return money.grouped(value) + " đ"


@register.filter
def number(value: int | Decimal | None) -> str:
    """Group thousands with dots, the Vietnamese way: 12500 → "12.500"."""
    if value is None or value == "":
        return ""
    return money.grouped(int(value))


@register.filter
def days(value: Decimal | int | None) -> str:
    """Working-day counts without trailing zeros: Decimal("3.00") → "3", Decimal("0.50") → "0,5"."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")
