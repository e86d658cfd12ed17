"""What a dossier's closing sets off in payments (listed in tinhso.dossiers.reactions).

Luật Phí và lệ phí 2015 and the fee's own Thông tư decide what is refunded; the officer states
the figure in the decision: a stop (Mẫu 05, Thông tư 03/2025/TT-VPCP) records `refund_amount`
(dossiers.effects._on_stop), a withdrawal refunds what was paid ("được hoàn trả theo quy
định", paperwork_letters), and a dossier refused at reception refunds everything paid in
advance (it was never received: no service was given). A refusal after processing records no
figure, so it refunds nothing here: the cashier starts one by hand (see the report)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tinhso.audit.services import audit_record
from tinhso.core.money import dong
from tinhso.dossiers.constants import Action
from tinhso.payments.constants import PaymentState, Provider
from tinhso.payments.models import Payment, Refund
from tinhso.payments.refunds import send_refunds


def refund_due(event: Any) -> int:
    """The amount the closing decision says is refunded (whole đồng, ≥ 0)."""
    data = event.data or {}
    if event.action == Action.STOP:
        return max(int(data.get("refund_amount") or 0), 0)
    if event.action in (Action.WITHDRAW, Action.REFUSE_RECEPTION):
        return int(data.get("fees_paid") or event.dossier.fees_paid or 0)
    return 0


def refund_on_close(event: Any) -> None:
    """Start the refund of a closed dossier's paid fees: online payments through their
    provider, counter payments as a Refund row for the cashier. Runs in a savepoint."""
    left = refund_due(event)
    if left <= 0:
        return
    paid = Payment.objects.select_for_update().filter(
        dossier_id=event.dossier_id, state=PaymentState.PAID
    )
    reason = f"Hoàn phí, lệ phí hồ sơ {event.dossier.code} ({Action(event.action).label})"
    online: list[int] = []
    for payment in paid.order_by("-confirmed_at", "-pk"):
        if left <= 0:
            break
        if Refund.objects.filter(payment=payment).exists():
            continue  # already started (a replayed reaction)
        amount = min(left, payment.amount)
        left -= amount
        refund = Refund.objects.create(
            payment=payment, amount=amount, reason=reason[:500], requested_by=event.actor
        )
        if payment.provider != Provider.COUNTER:
            online.append(refund.pk)
        audit_record(
            actor=event.actor,
            action="payment.refund_started",
            target=refund,
            summary=(
                f"Hoàn {dong(amount)} cho khoản {payment.reference}: {refund.get_state_display()}"
            ),
            changes={"state": refund.state, "payment": payment.reference},
        )
    if online:
        by = event.actor_label or "he thong"
        # the provider is called once the closing has committed: a rolled-back decision
        # refunds nothing; a failure is retried or listed (refunds.py)
        transaction.on_commit(lambda: send_refunds(online, by))
