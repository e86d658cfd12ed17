"""A refund the provider could not take now is sent again with back-off by the reconcile job; one
that fails for good is listed for the accountant; two runs never send the same refund twice."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tinhso.audit.models import AuditEvent
from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures, received  # noqa: F401
from tinhso.payments import refunds
from tinhso.payments.constants import PaymentState, Provider
from tinhso.payments.gateways.base import BadSignature, GatewayUnavailable, RefundResult
from tinhso.payments.models import Payment, Refund
from tinhso.payments.selectors import failed_refunds

pytestmark = pytest.mark.django_db

OK = RefundResult(True, provider_reference="14000123", code="00", message="Success")
BUSY = RefundResult(False, code="99", message="Unknown error", retryable=True)
REFUSED = RefundResult(False, code="95", message="Refund refused")


class Provider_:
    """The provider's refund API, answering from a script (an exception is raised)."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls = 0

    def refund(self, reference: str, amount: int, reason: str, created_at: Any, by: str) -> Any:
        self.calls += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def refund(received) -> Refund:  # noqa: F811
    payment = Payment.objects.create(
        reference="TS2612050000REFUND1",
        dossier=received,
        provider=Provider.VNPAY,
        amount=200_000,
        state=PaymentState.PAID,
        confirmed_at=timezone.now(),
    )
    return Refund.objects.create(payment=payment, amount=200_000, reason="Hoàn phí hồ sơ dừng")


def _provider(monkeypatch, *answers: Any) -> Provider_:
    fake = Provider_(*answers)
    monkeypatch.setattr(refunds, "get_gateway", lambda name: fake)
    return fake


def _state(refund: Refund) -> tuple[str, int]:
    refund.refresh_from_db()
    return refund.state, refund.attempts


def test_a_passing_failure_is_sent_again_with_back_off_until_it_is_done(refund, monkeypatch):
    provider = _provider(monkeypatch, GatewayUnavailable("hết thời gian chờ"), BUSY, OK)
    now = timezone.now()
    assert refunds.send_refunds([refund.pk], "motcua", now) == refunds.RefundRound(waiting=1)
    assert _state(refund) == (Refund.State.REQUESTED, 1)
    assert refund.next_attempt_at == now + timedelta(minutes=5)
    assert "Không liên lạc được" in refund.last_error

    assert refunds.retry_refunds(now + timedelta(minutes=4)) == refunds.RefundRound()  # not yet
    assert provider.calls == 1
    assert refunds.retry_refunds(now + timedelta(minutes=6)).waiting == 1  # VNPay 99
    assert _state(refund) == (Refund.State.REQUESTED, 2)
    assert refund.next_attempt_at == now + timedelta(minutes=6 + 15)
    assert refunds.retry_refunds(now + timedelta(minutes=30)).done == 1
    assert _state(refund)[0] == Refund.State.DONE
    assert refund.provider_reference == "14000123" and refund.last_error == ""
    refund.payment.refresh_from_db()
    assert refund.payment.state == PaymentState.REFUNDED  # the whole amount went back
    assert refunds.retry_refunds(now + timedelta(days=1)) == refunds.RefundRound()
    assert provider.calls == 3 and not failed_refunds(None)


def test_it_fails_for_good_after_the_last_attempt_and_the_accountant_sees_it(
    refund,
    monkeypatch,
    cast,  # noqa: F811
):
    provider = _provider(monkeypatch, *[GatewayUnavailable("503")] * refunds.MAX_ATTEMPTS)
    moment = timezone.now()
    refunds.send_refunds([refund.pk], "motcua", moment)
    while refund.state == Refund.State.REQUESTED:
        moment = moment + timedelta(hours=13)  # past the longest back-off
        refunds.retry_refunds(moment)
        refund.refresh_from_db()
    assert (refund.state, refund.attempts) == (Refund.State.FAILED, refunds.MAX_ATTEMPTS)
    assert provider.calls == refunds.MAX_ATTEMPTS and refund.next_attempt_at is None
    assert f"đã thử {refunds.MAX_ATTEMPTS} lần" in refund.last_error
    assert AuditEvent.objects.filter(action="payment.refund_failed").count() == 1
    refunds.retry_refunds(moment + timedelta(days=3))
    assert provider.calls == refunds.MAX_ATTEMPTS  # nothing more is sent

    agency = refund.payment.dossier.competent_agency_id
    assert failed_refunds([agency]) == [refund] and failed_refunds([agency + 999]) == []
    leader = Client()
    leader.force_login(cast.leader)
    page = leader.get("/thanh-toan/doi-soat/").content.decode()
    assert "Hoàn trả qua đơn vị thanh toán không thành công" in page
    assert refund.payment.reference in page and "200.000" in page


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (REFUSED, "95 Refund refused"),
        (BadSignature("sai chữ ký"), "không xác thực được"),  # it may have gone through
        (ValueError("Số tiền hoàn lớn hơn số tiền đã thanh toán."), "lớn hơn"),
    ],
)
def test_a_final_refusal_is_not_retried(refund, monkeypatch, answer, why):
    provider = _provider(monkeypatch, answer)
    now = timezone.now()
    assert refunds.send_refunds([refund.pk], "motcua", now).failed == 1
    assert _state(refund) == (Refund.State.FAILED, 1) and why in refund.last_error
    assert refunds.retry_refunds(now + timedelta(days=1)) == refunds.RefundRound()
    assert provider.calls == 1
    assert refund.payment.events.filter(kind="refund").count() == 1


def test_a_refund_held_by_another_run_is_not_sent_twice(refund, monkeypatch):
    provider = _provider(monkeypatch, OK)
    now = timezone.now()
    assert refunds._claim(refund, now)  # another run is sending it
    assert refunds.send_refunds([refund.pk], "motcua", now) == refunds.RefundRound()
    assert refunds.retry_refunds(now + timedelta(minutes=1)) == refunds.RefundRound()
    assert provider.calls == 0
    # the other run died: its lease runs out and the job sends it
    assert refunds.retry_refunds(now + refunds.LEASE + timedelta(seconds=1)).done == 1


def test_a_refund_whose_first_call_never_ran_is_picked_up(refund, monkeypatch):
    provider = _provider(monkeypatch, OK)
    asked: datetime = refund.requested_at
    assert refunds.retry_refunds(asked + timedelta(minutes=1)) == refunds.RefundRound()
    assert provider.calls == 0  # its after-commit call may still be running
    call_command("payments_reconcile", stdout=open("/dev/null", "w"))  # noqa: SIM115
    refund.refresh_from_db()
    assert refund.state == Refund.State.REQUESTED  # not stranded yet
    assert refunds.retry_refunds(asked + refunds.STRANDED).done == 1
    assert provider.calls == 1


def test_counter_refunds_stay_for_the_cashier(refund, monkeypatch):
    provider = _provider(monkeypatch, OK)
    Payment.objects.filter(pk=refund.payment_id).update(provider=Provider.COUNTER)
    later = timezone.now() + timedelta(days=1)
    assert refunds.retry_refunds(later) == refunds.RefundRound()
    assert refunds.send_refunds([refund.pk], "motcua") == refunds.RefundRound()
    assert provider.calls == 0 and _state(refund) == (Refund.State.REQUESTED, 0)
