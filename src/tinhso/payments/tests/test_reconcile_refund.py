"""Reconciliation (a payment whose IPN never came is confirmed by querydr; an expired payment
the provider never saw becomes EXPIRED), the settlement file and the daily report's
differences, the refund a stop decision starts, and the 766 group counting a VNPay payment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tinhso.dossiers import services as dossier_services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures, received  # noqa: F401
from tinhso.payments import reconcile, report
from tinhso.payments.constants import PaymentState, Provider
from tinhso.payments.models import Payment, Receipt, Refund
from tinhso.payments.selectors import paid_online
from tinhso.payments.tests import test_vnpay_ipn as ipn_tests
from tinhso.statistics.services import _paid_online

pytestmark = pytest.mark.django_db
dossier, payment, wire = ipn_tests.dossier, ipn_tests.payment, ipn_tests.wire
_decide, _state = ipn_tests._decide, ipn_tests._state


def test_the_job_confirms_a_payment_whose_ipn_never_came(wire, payment):
    _decide(payment, "pay", hold=True)
    assert _state(payment) == (PaymentState.CREATED, 0)
    done = reconcile.query_pending()
    assert done.asked == 1 and done.outcomes == {"confirmed": 1}
    assert _state(payment) == (PaymentState.PAID, 200_000)
    assert Receipt.objects.filter(payment=payment).exists()
    assert reconcile.query_pending().asked == 0  # nothing left to ask about


def test_a_payment_the_provider_never_saw_expires_after_its_window(wire, payment):
    assert reconcile.query_pending().expired == 0  # VNPay 91, window still open
    later = timezone.now() + timedelta(minutes=20)
    result = reconcile.query_pending(later)
    assert (result.unavailable, result.expired) == (1, 1)
    payment.refresh_from_db()
    assert payment.state == PaymentState.EXPIRED
    # still asked for two days: a late payment reconciles
    assert list(reconcile.payments_to_query(later)) == [payment]


def _confirmed(payment) -> Payment:
    Payment.objects.filter(pk=payment.pk).update(
        state=PaymentState.PAID,
        confirmed_at=timezone.now(),
        provider_transaction=payment.reference,
    )
    payment.refresh_from_db()
    return payment


def test_settlement_file_and_the_daily_differences(dossier):
    def new(ref: str) -> Payment:
        return Payment.objects.create(
            reference=ref, dossier=dossier, provider=Provider.VNPAY, amount=100_000
        )

    settled, unsettled, differs = _confirmed(new("TSA1")), _confirmed(new("TSA2")), new("TSA3")
    _confirmed(differs)
    never_confirmed = new("TSA4")
    today = timezone.localdate()
    text = (
        f"reference,amount,date\nTSA1,100000,{today:%d/%m/%Y}\nTSA3,90000,{today:%d/%m/%Y}\n"
        f"TSA4,100000,{today.isoformat()}\nTSXX,5,{today.isoformat()}\n"
    )
    result = reconcile.import_settlement("vnpay", text)
    assert (result.marked, result.unknown, result.amount_differs) == (2, ["TSXX"], ["TSA3"])
    found = report.daily_report(today, None)
    kinds = {(d.kind, d.reference) for d in found.differences}
    assert kinds == {
        (report.NOT_SETTLED, unsettled.reference),
        (report.NOT_SETTLED, differs.reference),
        (report.AMOUNT_DIFFERS, differs.reference),
        (report.NOT_CONFIRMED, never_confirmed.reference),
    }
    (line,) = found.lines
    assert (line.confirmed_count, line.settled_count) == (3, 2)
    assert settled.reference not in {d.reference for d in found.differences}
    assert "Số tiền khác" in report.report_csv(found)
    with pytest.raises(reconcile.SettlementError, match="Dòng 1"):
        reconcile.import_settlement("vnpay", "TSA1,abc,01/01/2026\n")


def test_the_report_page_is_for_leaders_and_refuses_a_bad_date(dossier, cast):  # noqa: F811
    leader, officer = Client(), Client()
    leader.force_login(cast.leader)
    officer.force_login(cast.specialist)
    assert leader.get("/thanh-toan/doi-soat/").status_code == 200
    bad = leader.get("/thanh-toan/doi-soat/", {"ngay": "31/02/2026"})
    assert bad.status_code == 400 and "ngày/tháng/năm" in bad.content.decode()
    csv = leader.get("/thanh-toan/doi-soat/", {"ngay": "01/12/2026", "dinh_dang": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert officer.get("/thanh-toan/doi-soat/").status_code == 403


def test_a_stop_refunds_the_recorded_figure_through_vnpay(
    wire,
    payment,
    cast,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    _decide(payment, "pay")
    assert _state(payment) == (PaymentState.PAID, 200_000)
    d = payment.dossier
    d.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_services.dossier_act(
            d,
            Action.STOP,
            actor=cast.leader,
            note="Người nộp xin dừng",
            data={"refund_amount": 150_000},
        )
    refund = Refund.objects.get(payment=payment)
    assert (refund.amount, refund.state) == (150_000, Refund.State.DONE)
    assert refund.provider_reference
    payment.refresh_from_db()
    assert payment.state == PaymentState.PAID  # partial: the rest was kept


def test_766_counts_a_dossier_paid_through_vnpay(wire, payment):
    other = payment.dossier.pk + 1000
    assert paid_online([payment.dossier_id, other]) == set()
    _decide(payment, "pay")
    assert paid_online([payment.dossier_id, other]) == {payment.dossier_id}
    assert _paid_online([payment.dossier_id]) == {payment.dossier_id}


def test_what_each_closing_refunds():
    from types import SimpleNamespace

    from tinhso.payments.reactions import refund_due

    def event(action, **data):
        return SimpleNamespace(action=action, data=data, dossier=SimpleNamespace(fees_paid=200_000))

    assert refund_due(event(Action.REFUSE_RECEPTION)) == 200_000  # never received: all back
    assert refund_due(event(Action.WITHDRAW, fees_paid=200_000)) == 200_000
    assert refund_due(event(Action.STOP, refund_amount=150_000)) == 150_000
    assert refund_due(event(Action.STOP, refund_amount=-5)) == 0
    assert refund_due(event(Action.REFUSE)) == 0  # the cashier decides, from the report
