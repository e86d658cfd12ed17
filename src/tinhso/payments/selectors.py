"""Reads of payments: what a dossier's money looks like to a page (due, paid by whom and when,
refunded, owed — the citizen's pages and the officer's dossier page alike,
templatetags/payments.py), and what statistics counts for the 766 group."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from tinhso.core.outbox import state_of
from tinhso.core.outbox_registry import OutboxState
from tinhso.payments.constants import OPEN_STATES, PaymentState, Provider
from tinhso.payments.models import Payment, Refund


@dataclass(frozen=True)
class FeeSummary:
    due: int
    paid: int
    lines: list[dict[str, Any]]
    payments: list[Payment] = field(default_factory=list)  # confirmed ones
    refunds: list[Refund] = field(default_factory=list)
    waiting: list[Payment] = field(default_factory=list)  # started, not yet confirmed

    @property
    def owed(self) -> int:
        return max(self.due - self.paid, 0)

    @property
    def refunded(self) -> int:
        return sum(r.amount for r in self.refunds if r.state == Refund.State.DONE)


def fee_summary(dossier: Any) -> FeeSummary:
    payments = list(Payment.objects.filter(dossier=dossier).order_by("created_at", "pk"))
    refunds = list(
        Refund.objects.filter(payment__dossier=dossier).select_related("payment").order_by("pk")
    )
    from tinhso.payments.models import Receipt

    by_payment = {r.payment_id: r for r in Receipt.objects.filter(dossier=dossier)}
    for payment in payments:  # the page links each confirmed payment to its biên lai
        payment.issued_receipt = by_payment.get(payment.pk)  # type: ignore[attr-defined]
    return FeeSummary(
        due=int(dossier.fees_due),
        paid=int(dossier.fees_paid),
        lines=[line for line in (dossier.fee_lines or []) if isinstance(line, dict)],
        payments=[p for p in payments if p.state in (PaymentState.PAID, PaymentState.REFUNDED)],
        refunds=refunds,
        waiting=[p for p in payments if p.state in OPEN_STATES],
    )


def online_providers() -> list[tuple[str, str]]:
    """The providers configured on this server (settings), as (code, label) for a choice."""
    configured = {
        Provider.VNPAY: settings.VNPAY_TMN_CODE
        and settings.VNPAY_HASH_SECRET
        and settings.VNPAY_PAY_URL,
        Provider.NATIONAL: settings.DVCQG_PAY_PARTNER_CODE
        and settings.DVCQG_PAY_HASH_KEY
        and settings.DVCQG_PAY_INIT_URL,
        Provider.PAYGOV: settings.PAYGOV_URL and settings.PAYGOV_PARTNER_CODE,
    }
    return [(p.value, p.label) for p, ready in configured.items() if ready]


def payment_of(dossier: Any, reference: str) -> Payment | None:
    """One payment of this dossier by its reference (never another dossier's)."""
    if not reference or len(reference) > 20:
        return None
    return Payment.objects.filter(dossier=dossier, reference=reference).first()


def paid_online(dossier_ids: Iterable[int]) -> set[int]:
    """Of these dossiers, those with a fee paid online and confirmed by the provider itself
    (a PAID payment through a gateway; the counter's cash, card and QR do not count). A
    payment later refunded was still paid online."""
    return set(
        Payment.objects.filter(
            dossier_id__in=list(dossier_ids),
            state__in=(PaymentState.PAID, PaymentState.REFUNDED),
        )
        .exclude(provider=Provider.COUNTER)
        .values_list("dossier_id", flat=True)
    )


@dataclass(frozen=True)
class QueueFee:
    """A dossier's fee as a queue row shows it: `state` is "paid", "waiting" (a payment was
    started and its provider has not confirmed it yet) or "owed"."""

    state: str
    label: str


_QUEUE_LABELS = {
    "paid": "Đã thanh toán phí",
    "waiting": "Chờ xác nhận thanh toán",
    "owed": "Chưa nộp phí",
}


def queue_fees(dossiers: Sequence[Any]) -> dict[int, QueueFee]:
    """The fee of each dossier of a queue's page that has one (none due: not in the result).

    The amounts are on the dossier's own row; one query at most, whatever the page's length,
    finds the owed ones whose payment waits for its provider's confirmation."""
    owed = {d.pk for d in dossiers if d.fees_due and d.fees_paid < d.fees_due}
    waiting = (
        set(
            Payment.objects.filter(dossier_id__in=sorted(owed), state__in=OPEN_STATES).values_list(
                "dossier_id", flat=True
            )
        )
        if owed
        else set()
    )
    states: dict[int, QueueFee] = {}
    for d in dossiers:
        if not d.fees_due:
            continue
        state = "waiting" if d.pk in waiting else "owed" if d.pk in owed else "paid"
        states[d.pk] = QueueFee(state, _QUEUE_LABELS[state])
    return states


def failed_refunds(agency_ids: list[int] | None) -> list[Refund]:
    """Online refunds that failed for good (refunds.py), for the accountant to refund by other
    means: of these collecting agencies (None = all), oldest first."""
    rows = (
        Refund.objects.filter(state=Refund.State.FAILED)
        .exclude(payment__provider=Provider.COUNTER)
        .select_related("payment__dossier__competent_agency")
        .order_by("requested_at", "pk")
    )
    if agency_ids is not None:
        rows = rows.filter(payment__dossier__competent_agency_id__in=agency_ids)
    return list(rows)


def outbox_state() -> OutboxState:
    """Online payments still waiting for the provider's confirmation (payments_reconcile asks
    about them); failed: refunds that did not go through and need an accountant."""
    return state_of(
        "payments",
        "Thanh toán trực tuyến chờ xác nhận",
        pending=Payment.objects.exclude(provider=Provider.COUNTER).filter(state__in=OPEN_STATES),
        failed=Refund.objects.filter(state=Refund.State.FAILED),
    )
