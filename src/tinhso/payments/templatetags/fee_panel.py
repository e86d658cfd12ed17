"""{% fee_panel dossier %}: what was due, paid, refunded — on the citizen's and the officer's
dossier pages (their views stay as they are); the officer who received the dossier also gets
the counter form while something is owed. {% pay_offer dossier %}: the "Thanh toán lệ phí"
step of the online submission's confirmation page. {% queue_fees dossiers as rows %}: each
dossier of an officer's queue with its fee's state (one query for the page)."""

from typing import Any

from django import template

from tinhso.catalogue.constants import FeeDueAt
from tinhso.core.money import dong
from tinhso.payments.access import user_records_counter_payment
from tinhso.payments.constants import Method
from tinhso.payments.selectors import QueueFee, fee_summary, online_providers, queue_fees

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


@register.inclusion_tag("payments/_pay_offer.html", takes_context=True)
def pay_offer(context: dict[str, Any], dossier: Any) -> dict[str, Any]:
    """What is owed and a provider to pay it with, posted to the pay page (views_citizen.pay:
    the amount is the server's, the browser only picks the provider)."""
    summary = fee_summary(dossier)
    return {
        "dossier": dossier,
        "fees": summary,
        "providers": online_providers() if summary.owed else [],
        "before_reception": dossier.procedure_version.fee_due_at == FeeDueAt.BEFORE_RECEPTION,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(name="queue_fees")
def queue_fees_tag(dossiers: Any) -> list[tuple[Any, QueueFee | None]]:
    rows = list(dossiers)
    fees = queue_fees(rows)
    return [(d, fees.get(d.pk)) for d in rows]


@register.filter
def vnd(amount: Any) -> str:
    """200000 → "200.000 đồng", 0 → "0 đồng" (vn's `dong` says "Miễn phí" for 0, which reads
    wrong for an amount paid)."""
    if amount is None or amount == "":
        return ""
    return dong(int(amount))
