"""Display helpers of the dashboard: ratios as Vietnamese percentages."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from tinhso.dashboard.access import user_can_open_dashboard

register = template.Library()


@register.filter
def pct(ratio: Decimal | None) -> str:
    """A ratio 0–1 as a percentage with one decimal and a comma: 0.9567 → "95,7 %"; None → "—"."""
    if ratio is None:
        return "—"
    value = (Decimal(ratio) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:f}".replace(".", ",") + " %"


@register.filter
def points(value: Decimal | None) -> str:
    """766 points with two decimals and a comma: Decimal("17.5") → "17,50"; None → "—"."""
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}".replace(".", ",")


@register.filter
def reads_dashboard(user: object) -> bool:
    """Whether the navigation shows "Điều hành": province and agency leaders (access.py)."""
    return user_can_open_dashboard(user)
