"""Refunds through the payment provider, retried until they succeed or fail for good.

A closing that refunds (reactions.refund_on_close) creates REQUESTED refunds and asks the provider
once its decision has committed (`send_refunds`). What the provider says decides what follows:
- accepted → DONE (a full refund makes the payment REFUNDED);
- a passing failure — the provider cannot be reached (GatewayUnavailable) or refuses with a code
  it documents as passing (RefundResult.retryable: VNPay 94 duplicate within its time limit, 99
  other error) → stays REQUESTED, `attempts` + 1, asked again at `next_attempt_at` (BACKOFF) by
  `retry_refunds`, which `manage.py payments_reconcile` runs every few minutes;
- a final refusal (VNPay 02/03/91/95/97, a provider without a refund API, an answer whose
  checksum does not verify, an amount above what was paid) or MAX_ATTEMPTS passing failures →
  FAILED, audited, and listed for the accountant on the reconciliation page
  (selectors.failed_refunds) — the cashier then refunds by transfer.
Only one run asks about a refund at a time (a conditional update claims it for LEASE), so two
runs never send the same refund twice. An answer we cannot verify is final rather than retried:
the refund may have gone through, and asking again could pay it twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.core.money import dong
from tinhso.payments.constants import EventKind, Outcome, PaymentState, Provider
from tinhso.payments.gateways import get_gateway
from tinhso.payments.gateways.base import BadSignature, GatewayUnavailable, RefundResult
from tinhso.payments.models import Refund
from tinhso.payments.services import log_event

MAX_ATTEMPTS = 6
BACKOFF = (
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=12),
)
LEASE = timedelta(minutes=5)
# a REQUESTED refund never tried: its after-commit call did not run (the process stopped)
STRANDED = timedelta(minutes=10)


@dataclass
class RefundRound:
    done: int = 0
    waiting: int = 0  # a passing failure: asked again later
    failed: int = 0  # failed for good: listed for the accountant


def backoff(attempts: int) -> timedelta:
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def send_refunds(refund_ids: Iterable[int], by: str, now: datetime | None = None) -> RefundRound:
    """Ask the provider to refund each of these REQUESTED online refunds that no other run holds."""
    now = now or timezone.now()
    result = RefundRound()
    for refund in Refund.objects.filter(pk__in=list(refund_ids), state=Refund.State.REQUESTED):
        if refund.payment.provider == Provider.COUNTER or not _claim(refund, now):
            continue
        with transaction.atomic():
            state = _through_provider(refund, by, now)
        if state == Refund.State.DONE:
            result.done += 1
        elif state == Refund.State.FAILED:
            result.failed += 1
        else:
            result.waiting += 1
    return result


def retry_refunds(now: datetime | None = None) -> RefundRound:
    """The reconcile job's step: every online refund still REQUESTED whose next try is due."""
    now = now or timezone.now()
    due = (
        Refund.objects.filter(state=Refund.State.REQUESTED)
        .exclude(payment__provider=Provider.COUNTER)
        .filter(
            Q(next_attempt_at__lte=now)
            | Q(next_attempt_at__isnull=True, requested_at__lte=now - STRANDED)
        )
        .order_by("requested_at", "pk")
        .values_list("pk", flat=True)
    )
    return send_refunds(list(due), "he thong", now)


def _claim(refund: Refund, now: datetime) -> bool:
    """Take the refund for this run unless it is not due (another run holds it, or it waits
    for its next try) or another run changed it since it was read."""
    taken = (
        Refund.objects.filter(
            pk=refund.pk,
            state=Refund.State.REQUESTED,
            attempts=refund.attempts,
            next_attempt_at=refund.next_attempt_at,
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + LEASE)
    )
    return taken == 1


def _through_provider(refund: Refund, by: str, now: datetime) -> str:
    payment = refund.payment
    try:
        result = get_gateway(payment.provider).refund(
            payment.reference, refund.amount, refund.reason, payment.created_at, by
        )
    except GatewayUnavailable as exc:
        return _passing(
            refund, _log_error(refund, f"Không liên lạc được đơn vị thanh toán: {exc}"), now
        )
    except BadSignature as exc:
        return _final(refund, _log_error(refund, f"Trả lời không xác thực được: {exc}"))
    except ValueError as exc:
        return _final(refund, _log_error(refund, str(exc)))
    _log(refund, result)
    if result.accepted:
        refund.state = Refund.State.DONE
        refund.provider_reference = result.provider_reference[:64]
        refund.done_at = timezone.now()
        refund.last_error = ""
        refund.next_attempt_at = None
        refund.save(
            update_fields=[
                "state",
                "provider_reference",
                "done_at",
                "last_error",
                "next_attempt_at",
            ]
        )
        if refund.amount == payment.amount:
            payment.state = PaymentState.REFUNDED
            payment.save(update_fields=["state"])
        audit_record(
            actor=None,
            action="payment.refund_done",
            target=refund,
            summary=f"Đã hoàn {dong(refund.amount)} cho khoản {payment.reference}",
            changes={"state": refund.state, "provider_reference": refund.provider_reference},
        )
        return refund.state
    why = f"Đơn vị thanh toán từ chối ({result.code} {result.message})".strip()
    return _passing(refund, why, now) if result.retryable else _final(refund, why)


def _passing(refund: Refund, why: str, now: datetime) -> str:
    if refund.attempts + 1 >= MAX_ATTEMPTS:
        return _final(refund, f"{why} – đã thử {MAX_ATTEMPTS} lần")
    refund.attempts += 1
    refund.last_error = why[:300]
    refund.next_attempt_at = now + backoff(refund.attempts)
    refund.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    return refund.state


def _final(refund: Refund, why: str) -> str:
    refund.attempts += 1
    refund.state = Refund.State.FAILED
    refund.last_error = why[:300]
    refund.next_attempt_at = None
    refund.save(update_fields=["attempts", "state", "last_error", "next_attempt_at"])
    audit_record(
        actor=None,
        action="payment.refund_failed",
        target=refund,
        summary=(
            f"Hoàn {dong(refund.amount)} cho khoản {refund.payment.reference} không thành công: "
            f"{why} — kế toán cần hoàn trả bằng cách khác"
        )[:500],
        changes={"state": refund.state, "attempts": refund.attempts},
    )
    return refund.state


def _log(refund: Refund, result: RefundResult) -> None:
    payment = refund.payment
    log_event(
        provider=payment.provider,
        kind=EventKind.REFUND,
        outcome=Outcome.CONFIRMED if result.accepted else Outcome.ERROR,
        payment=payment,
        reference=payment.reference,
        verified=True,
        amount=refund.amount,
        note=f"{result.code} {result.message}",
    )


def _log_error(refund: Refund, why: str) -> str:
    payment = refund.payment
    log_event(
        provider=payment.provider,
        kind=EventKind.REFUND,
        outcome=Outcome.ERROR,
        payment=payment,
        reference=payment.reference,
        amount=refund.amount,
        note=why,
    )
    return why
