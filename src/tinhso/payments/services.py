"""Starting a payment and counting money — the one place a payment becomes PAID.

`record_notification` is the only code that confirms a payment, whoever reports it (the
provider's IPN, the reconciliation query): under the payment's row lock it checks the currency
(VND only), the amount against what the server computed when the payment started, and the
state — a replayed callback answers "already confirmed" and changes nothing; a wrong amount
is refused and flagged for an accountant; a payment that timed out and is then reported paid
is reconciled, not refused (the money was taken). Every call leaves a PaymentEvent.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.core.money import dong
from tinhso.payments.constants import (
    OPEN_STATES,
    RECONCILABLE_STATES,
    EventKind,
    Method,
    Outcome,
    PaymentState,
    Provider,
)
from tinhso.payments.gateways.base import Notification
from tinhso.payments.models import Payment, PaymentEvent
from tinhso.payments.receipts import issue_receipt_safely

PAYMENT_WINDOW = timedelta(minutes=15)
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class PaymentError(ValueError):
    """Bad input for a payment: the message (Vietnamese) is shown as it is."""


def new_reference() -> str:
    """20 characters, letters and digits only (every protocol takes it): "TS" + yymmddHHMM +
    8 random characters."""
    now = timezone.localtime()
    return f"TS{now:%y%m%d%H%M}" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


@dataclass(frozen=True)
class Recorded:
    outcome: str
    payment: Payment | None


def log_event(
    *,
    provider: str,
    kind: str,
    outcome: str = "",
    payment: Payment | None = None,
    reference: str = "",
    verified: bool = False,
    amount: int | None = None,
    raw: dict[str, Any] | None = None,
    note: str = "",
    remote_ip: str | None = None,
) -> PaymentEvent:
    return PaymentEvent.objects.create(
        payment=payment,
        provider=provider,
        kind=kind,
        outcome=outcome,
        reference=reference[:64],
        verified=verified,
        amount=amount,
        raw=raw or {},
        note=note[:500],
        remote_ip=remote_ip or None,
    )


def record_notification(
    provider: str, notification: Notification, *, kind: str, remote_ip: str | None = None
) -> Recorded:
    """Count what a verified callback or query says (see the module's docstring)."""
    n = notification

    def event(outcome: str, payment: Payment | None, note: str = "") -> Recorded:
        log_event(
            provider=provider,
            kind=kind,
            outcome=outcome,
            payment=payment,
            reference=n.reference,
            verified=True,
            amount=n.amount,
            raw=n.raw,
            note=note,
            remote_ip=remote_ip,
        )
        return Recorded(outcome, payment)

    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(reference=n.reference, provider=provider)
            .first()
        )
        if payment is None:
            return event(Outcome.UNKNOWN, None, "Không có giao dịch với mã tham chiếu này.")
        if n.currency.upper() != "VND":
            _flag(payment, f"Đơn vị thanh toán báo loại tiền {n.currency!r}, không phải VND.")
            return event(Outcome.WRONG_CURRENCY, payment)
        if n.amount != payment.amount:
            _flag(
                payment,
                f"Đơn vị thanh toán báo {n.amount:,} đồng, khoản thu là {payment.amount:,} đồng.",
            )
            return event(Outcome.WRONG_AMOUNT, payment)
        if payment.state in (PaymentState.PAID, PaymentState.REFUNDED):
            return event(Outcome.ALREADY, payment)
        if n.pending:
            return event(Outcome.PENDING, payment)
        if not n.paid:
            if payment.state in (PaymentState.CREATED, PaymentState.PENDING):
                payment.state = PaymentState.FAILED
                payment.save(update_fields=["state"])
            return event(Outcome.NOT_PAID, payment, f"Mã kết quả {n.code}")
        if payment.state not in RECONCILABLE_STATES | {PaymentState.CANCELLED}:
            return event(Outcome.ERROR, payment, f"Trạng thái {payment.state} không nhận tiền.")
        try:
            with transaction.atomic():
                _confirm(payment, n, kind)
        except IntegrityError:  # the same provider transaction already counted elsewhere
            _flag(payment, f"Giao dịch {n.provider_transaction} đã được tính cho khoản khác.")
            return event(Outcome.ALREADY, payment, "Giao dịch đã được tính.")
        return event(Outcome.CONFIRMED, payment)


def _flag(payment: Payment, reason: str) -> None:
    payment.flagged = reason[:300]
    payment.save(update_fields=["flagged"])
    audit_record(
        actor=None,
        action="payment.flagged",
        target=payment,
        summary=f"Cảnh báo thanh toán {payment.reference}: {reason}",
        changes={"reference": payment.reference},
    )


def _confirm(payment: Payment, n: Notification, kind: str) -> None:
    from tinhso.dossiers.fee_settlement import fees_collected

    now = timezone.now()
    before = payment.state
    payment.state = PaymentState.PAID
    payment.confirmed_by = kind
    payment.confirmed_at = now
    payment.paid_at = n.paid_at or now
    payment.provider_transaction = n.provider_transaction[:64]
    payment.bank_code = n.bank_code[:20]
    payment.save()
    dossier = fees_collected(
        payment.dossier_id, payment.amount, source=payment.get_provider_display()
    )
    if dossier.fees_paid > dossier.fees_due:  # two attempts both paid: the excess is refunded
        _flag(
            payment,
            f"Nộp thừa {dossier.fees_paid - dossier.fees_due:,} đồng so với phí, lệ phí phải "
            "nộp: cần hoàn trả.",
        )
    audit_record(
        actor=None,
        action="payment.confirmed",
        target=payment,
        summary=f"Xác nhận thanh toán {payment.reference}: {payment.amount:,} đồng ({kind})",
        changes={"state": [before, payment.state], "transaction": payment.provider_transaction},
    )
    issue_receipt_safely(payment)  # biên lai điện tử (receipts.py), once


def create_payment(
    dossier: Any, *, provider: str, method: str = Method.ONLINE, actor: Any = None
) -> Payment:
    """A new payment of what the dossier still owes (computed here, never sent by a client)."""
    owed = int(dossier.fees_due) - int(dossier.fees_paid)
    if owed <= 0:
        raise PaymentError("Hồ sơ không còn khoản phí, lệ phí nào phải nộp.")
    now = timezone.now()
    # One attempt at a time: an earlier attempt still open is cancelled, so the citizen who
    # starts again (another provider, a closed tab) cannot be charged twice. A provider that
    # took the money anyway is still believed (record_notification) and the excess flagged.
    Payment.objects.filter(dossier=dossier, state__in=OPEN_STATES).exclude(
        provider=Provider.COUNTER
    ).update(state=PaymentState.CANCELLED)
    return Payment.objects.create(
        reference=new_reference(),
        dossier=dossier,
        provider=provider,
        method=method,
        amount=owed,
        lines=list(dossier.fee_lines or []),
        payer_name=str(getattr(dossier, "applicant_name", "") or "")[:200],
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=now + PAYMENT_WINDOW,
    )


COUNTER_METHODS = frozenset({Method.CASH, Method.CARD, Method.BANK_QR})


def record_counter_payment(
    dossier: Any, method: str, amount: int, actor: Any, *, reason: str = ""
) -> Payment:
    """Money the one-stop officer of the receiving agency took at the counter (cash, card,
    bank-transfer QR): a PAID payment, a COUNTER event, the dossier's fees_paid — in one
    transaction, on the audit record. The officer's word is the confirmation here (the
    receipt is theirs to issue); an amount other than what is owed needs a reason, and no
    more than is owed is ever taken."""
    from tinhso.dossiers.fee_settlement import fees_collected
    from tinhso.dossiers.models import Dossier
    from tinhso.payments.access import check_user_records_counter_payment

    reason = (reason or "").strip()
    if method not in COUNTER_METHODS:
        raise PaymentError("Hình thức thu tại quầy phải là tiền mặt, thẻ hoặc chuyển khoản QR.")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise PaymentError("Số tiền thu phải là số nguyên dương (đồng).")
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        check_user_records_counter_payment(actor, locked)
        owed = int(locked.fees_due) - int(locked.fees_paid)
        if owed <= 0:
            raise PaymentError("Hồ sơ không còn khoản phí, lệ phí nào phải nộp.")
        if amount > owed:
            raise PaymentError(f"Số tiền thu lớn hơn số còn phải nộp ({dong(owed)}).")
        if amount != owed and not reason:
            raise PaymentError(f"Số tiền thu khác số còn phải nộp ({dong(owed)}): hãy ghi lý do.")
        now = timezone.now()
        payment = Payment.objects.create(
            reference=new_reference(),
            dossier=locked,
            provider=Provider.COUNTER,
            method=method,
            amount=amount,
            state=PaymentState.PAID,
            lines=list(locked.fee_lines or []),
            payer_name=str(getattr(locked, "applicant_name", "") or "")[:200],
            confirmed_by="counter",
            created_by=actor,
            paid_at=now,
            confirmed_at=now,
        )
        log_event(
            provider=Provider.COUNTER,
            kind=EventKind.COUNTER,
            outcome=Outcome.CONFIRMED,
            payment=payment,
            reference=payment.reference,
            verified=True,
            amount=amount,
            raw={"method": method, "officer": actor.pk},
            note=reason,
        )
        fees_collected(
            locked.pk,
            amount,
            source=f"{Provider.COUNTER.label} – {payment.get_method_display()}",
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="payment.counter",
            target=payment,
            summary=f"Thu tại quầy {dong(amount)} cho hồ sơ {locked.code} "
            f"({payment.get_method_display()})" + (f": {reason}" if reason else ""),
            changes={"reference": payment.reference, "amount": amount, "reason": reason},
        )
    return payment


__all__ = [
    "EventKind",
    "PaymentError",
    "Recorded",
    "create_payment",
    "log_event",
    "new_reference",
    "record_counter_payment",
    "record_notification",
]
