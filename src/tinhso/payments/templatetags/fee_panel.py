"""{% fee_panel dossier %}: what was due, paid, refunded — on the citizen's and the officer's
dossier pages (their views stay as they are); the officer who received the dossier also gets
the counter form while something is owed."""

from typing import Any

from django import template

from tinhso.core.money import dong
from tinhso.payments.access import user_records_counter_payment
from tinhso.payments.constants import Method
from tinhso.payments.selectors import fee_summary

register = template.Library()


@register.inclusion_tag("payments/_fee_panel.html", takes_context=True)
def fee_panel(context: dict[str, Any], dossier: Any, officer: bool = False) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    summary = fee_summary(dossier)
    return {
        "dossier": dossier,
        "fees": summary,
        "officer": officer,
        "counter": officer and summary.owed > 0 and user_records_counter_payment(user, dossier),
        "counter_methods": [(m.value, m.label) for m in Method if m != Method.ONLINE],
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def vnd(amount: Any) -> str:
    """200000 → "200.000 đồng", 0 → "0 đồng" (vn's `dong` says "Miễn phí" for 0, which reads
    wrong for an amount paid)."""
    if amount is None or amount == "":
        return ""
    return dong(int(amount))
