"""Reconciliation (issue 16 item 5): ask the provider about every payment it has not answered
for, and compare what we confirmed with what the provider settled to the treasury account.

`query_pending` is run by `manage.py payments_reconcile` (every few minutes): the provider's
answer goes through services.record_notification like a callback, so the same checks (amount,
currency, replay) apply; a provider that cannot answer now is asked again next round; a payment
past its expiry that the provider knows nothing of becomes EXPIRED — a late callback or query
still reconciles it (RECONCILABLE_STATES)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tinhso.payments.constants import OPEN_STATES, EventKind, Outcome, PaymentState, Provider
from tinhso.payments.gateways import get_gateway
from tinhso.payments.gateways.base import BadSignature, GatewayUnavailable
from tinhso.payments.models import Payment
from tinhso.payments.services import log_event, record_notification

# how long an expired payment is still asked about (a bank may settle the next day)
RECENTLY_EXPIRED = timedelta(days=2)


@dataclass
class Round:
    asked: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    unavailable: int = 0
    expired: int = 0


def payments_to_query(now: datetime) -> Iterable[Payment]:
    online = Payment.objects.exclude(provider=Provider.COUNTER)
    open_ = online.filter(state__in=OPEN_STATES)
    recent = online.filter(state=PaymentState.EXPIRED, expires_at__gte=now - RECENTLY_EXPIRED)
    return (open_ | recent).order_by("created_at", "pk")


def query_pending(now: datetime | None = None) -> Round:
    now = now or timezone.now()
    result = Round()
    for payment in payments_to_query(now):
        result.asked += 1
        try:
            found = get_gateway(payment.provider).query(payment.reference, payment.created_at, "")
        except GatewayUnavailable as exc:
            result.unavailable += 1
            _expire_if_late(payment, now, result, str(exc))
            continue
        except BadSignature as exc:
            log_event(
                provider=payment.provider,
                kind=EventKind.QUERY,
                outcome=Outcome.BAD_SIGNATURE,
                payment=payment,
                reference=payment.reference,
                note=str(exc),
            )
            continue
        recorded = record_notification(payment.provider, found, kind=EventKind.QUERY)
        result.outcomes[recorded.outcome] = result.outcomes.get(recorded.outcome, 0) + 1
        if recorded.outcome == Outcome.PENDING:
            _expire_if_late(payment, now, result, "Đơn vị thanh toán báo đang chờ.")
    return result


def _expire_if_late(payment: Payment, now: datetime, result: Round, why: str) -> None:
    if payment.expires_at is None or payment.expires_at > now:
        return
    with transaction.atomic():
        changed = Payment.objects.filter(pk=payment.pk, state__in=OPEN_STATES).update(
            state=PaymentState.EXPIRED
        )
    if changed:
        result.expired += 1
        log_event(
            provider=payment.provider,
            kind=EventKind.QUERY,
            outcome=Outcome.NOT_PAID,
            payment=payment,
            reference=payment.reference,
            note=f"Hết thời gian thanh toán, chưa có xác nhận ({why})"[:500],
        )


# --- settlement (tiền về tài khoản) ---------------------------------------------------------


class SettlementError(ValueError):
    """A settlement file that cannot be read: the message (Vietnamese) says which line."""


@dataclass(frozen=True)
class SettlementResult:
    marked: int
    unknown: list[str]
    amount_differs: list[str]


def import_settlement(provider: str, text: str) -> SettlementResult:
    """A provider's settlement file: CSV `reference,amount,date` (date dd/mm/yyyy or ISO).
    A payment named with the same amount gets `settled_on` (even one we have not confirmed: the
    daily report lists it); an unknown reference or a different amount is listed and, for the
    latter, flagged on the payment."""
    marked, unknown, differs = 0, [], []
    rows = list(csv.reader(io.StringIO(text)))
    if rows and rows[0] and rows[0][0].strip().lower() == "reference":
        rows = rows[1:]
    parsed: list[tuple[str, int, date]] = []
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        try:
            ref_text, amount_text, day_text = (cell.strip() for cell in row[:3])
            parsed.append((ref_text, int(amount_text), parse_day(day_text)))
        except ValueError as exc:
            raise SettlementError(
                f"Dòng {number} không đúng dạng mã tham chiếu,số tiền,ngày: {','.join(row)}"
            ) from exc
    with transaction.atomic():
        for reference, amount, day in parsed:
            payment = (
                Payment.objects.select_for_update()
                .filter(reference=reference, provider=provider)
                .first()
            )
            if payment is None:
                unknown.append(reference)
            elif payment.amount != amount:
                differs.append(reference)
                payment.flagged = (
                    f"Tệp đối soát ngày {day:%d/%m/%Y} báo {amount:,} đồng, "
                    f"khoản thu là {payment.amount:,} đồng."
                ).replace(",", ".")
                payment.save(update_fields=["flagged"])
            else:
                payment.settled_on = day
                payment.save(update_fields=["settled_on"])
                marked += 1
    return SettlementResult(marked, unknown, differs)


def parse_day(text: str) -> date:
    """dd/mm/yyyy or ISO yyyy-mm-dd; ValueError otherwise."""
    if "/" in text:
        day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    return date.fromisoformat(text)
