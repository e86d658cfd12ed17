"""Paying a dossier's fee (issue 16 item 3): the workflow's gates, the citizen's pages (the
return URL never confirms), the counter's amount rules, the panel both sides see."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from tinhso.accounts.access import AccessDenied
from tinhso.catalogue.constants import FeeDueAt
from tinhso.catalogue.models import ProcedureVersion
from tinhso.dossiers import services as dossier_services
from tinhso.dossiers.constants import Action, Channel, Status
from tinhso.dossiers.fee_settlement import fees_collected
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures  # noqa: F401
from tinhso.dossiers.workflow import TransitionError, allowed_actions, transition_for
from tinhso.payments import services
from tinhso.payments.constants import EventKind, Method, PaymentState, Provider
from tinhso.payments.gateways.vnpay import sign, verify
from tinhso.payments.models import Payment, PaymentEvent

pytestmark = pytest.mark.django_db
OWED = 200_000


def _due_at(dossier: Dossier, moment: str) -> None:
    ProcedureVersion.objects.filter(pk=dossier.procedure_version_id).update(fee_due_at=moment)
    dossier.procedure_version.refresh_from_db()


@pytest.fixture
def submitted(new_dossier, cast):  # noqa: F811
    """Filed online, waiting for reception; 200.000 đồng due before reception."""
    d = dossier_services.dossier_create(new_dossier(channel=Channel.ONLINE), actor=cast.citizen)
    Dossier.objects.filter(pk=d.pk).update(fees_due=OWED, fees_paid=0)
    d.refresh_from_db()
    _due_at(d, FeeDueAt.BEFORE_RECEPTION)
    assert d.status == Status.SUBMITTED
    return d


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the gates -------------------------------------------------------------------------------


def test_reception_waits_for_the_fee_then_goes_on(submitted, cast):  # noqa: F811
    with pytest.raises(TransitionError, match=r"chưa nộp đủ phí, lệ phí \(còn 200\.000 đồng\)"):
        transition_for(submitted, Action.RECEIVE, cast.reception)
    assert Action.RECEIVE not in {t.action for t in allowed_actions(submitted, cast.reception)}
    # refusing or asking for a supplement is still possible
    assert Action.REFUSE_RECEPTION in {t.action for t in allowed_actions(submitted, cast.reception)}
    fees_collected(submitted.pk, OWED - 1, source="thử")
    submitted.refresh_from_db()
    with pytest.raises(TransitionError, match=r"còn 1 đồng"):
        transition_for(submitted, Action.RECEIVE, cast.reception)
    fees_collected(submitted.pk, 1, source="thử")
    submitted.refresh_from_db()
    received = dossier_services.dossier_act(submitted, Action.RECEIVE, actor=cast.reception)
    assert received.status == Status.PROCESSING


def test_no_gate_when_the_version_does_not_say(submitted, cast):  # noqa: F811
    _due_at(submitted, "")
    assert transition_for(submitted, Action.RECEIVE, cast.reception).target == Status.PROCESSING


def test_a_walk_in_pays_in_the_same_visit(new_dossier, cast):  # noqa: F811
    version = new_dossier().version
    ProcedureVersion.objects.filter(pk=version.pk).update(fee_due_at=FeeDueAt.BEFORE_RECEPTION)
    version.refresh_from_db()
    d = dossier_services.counter_receive(new_dossier(version=version), actor=cast.reception)
    assert d.status == Status.PROCESSING


def test_the_result_waits_for_a_fee_due_before_it(submitted, cast):  # noqa: F811
    _due_at(submitted, FeeDueAt.BEFORE_RESULT)
    Dossier.objects.filter(pk=submitted.pk).update(status=Status.RESULT_READY)
    submitted.refresh_from_db()
    with pytest.raises(TransitionError, match=r"còn 200\.000 đồng"):
        transition_for(submitted, Action.RETURN_RESULT, cast.reception)
    assert Action.RETURN_RESULT not in {
        t.action for t in allowed_actions(submitted, cast.reception)
    }


# --- the citizen -----------------------------------------------------------------------------


def test_the_pay_page_is_the_applicants_only(submitted, cast):  # noqa: F811
    url = f"/ho-so-cua-toi/{submitted.code}/thanh-toan/"
    page = _client(cast.citizen).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Còn phải nộp: 200.000 đồng" in text and "VNPay" in text
    assert _client(cast.stranger).get(url).status_code == 404
    assert _client(cast.reception).get(url).status_code == 403
    assert _client(cast.stranger).post(url, {"provider": "vnpay"}).status_code == 404
    assert not Payment.objects.exists()


def test_start_redirects_to_vnpay_with_a_valid_signature(submitted, cast):  # noqa: F811
    response = _client(cast.citizen).post(
        f"/ho-so-cua-toi/{submitted.code}/thanh-toan/", {"provider": "vnpay"}
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(settings.VNPAY_PAY_URL + "?")
    fields = dict(parse_qsl(urlsplit(location).query))
    assert verify(settings.VNPAY_HASH_SECRET, fields)
    payment = Payment.objects.get()
    assert (payment.amount, payment.state, payment.provider) == (OWED, "created", "vnpay")
    assert fields["vnp_Amount"] == str(OWED * 100)
    assert fields["vnp_TxnRef"] == payment.reference
    assert fields["vnp_ReturnUrl"].endswith(
        f"/ho-so-cua-toi/{submitted.code}/thanh-toan/ket-qua/?ma={payment.reference}"
    )
    assert PaymentEvent.objects.filter(payment=payment, kind=EventKind.START).count() == 1


def test_an_unknown_provider_or_nothing_owed_is_refused_in_vietnamese(submitted, cast):  # noqa: F811
    client = _client(cast.citizen)
    url = f"/ho-so-cua-toi/{submitted.code}/thanh-toan/"
    bad = client.post(url, {"provider": "counter"})
    assert bad.status_code == 400 and "Hãy chọn một đơn vị thanh toán" in bad.content.decode()
    fees_collected(submitted.pk, OWED, source="thử")
    paid = client.post(url, {"provider": "vnpay"})
    assert paid.status_code == 409
    assert "không còn khoản phí, lệ phí nào phải nộp" in paid.content.decode()
    assert not Payment.objects.exists()


def test_a_signed_paid_return_does_not_confirm(submitted, cast):  # noqa: F811
    payment = services.create_payment(submitted, provider=Provider.VNPAY)
    fields = {
        "vnp_Amount": str(OWED * 100),
        "vnp_BankCode": "NCB",
        "vnp_PayDate": "20261205101010",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": settings.VNPAY_TMN_CODE,
        "vnp_TransactionNo": "14000001",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": payment.reference,
    }
    fields["vnp_SecureHash"] = sign(settings.VNPAY_HASH_SECRET, fields)
    url = f"/ho-so-cua-toi/{submitted.code}/thanh-toan/ket-qua/"
    page = _client(cast.citizen).get(url, {"ma": payment.reference, **fields})
    assert page.status_code == 200
    assert "Đang chờ xác nhận từ đơn vị thanh toán" in page.content.decode()
    assert 'hx-trigger="every 3s"' in page.content.decode()
    payment.refresh_from_db()
    submitted.refresh_from_db()
    assert (payment.state, submitted.fees_paid) == (PaymentState.CREATED, 0)
    assert PaymentEvent.objects.filter(payment=payment, kind=EventKind.RETURN).count() == 1
    # the htmx poll answers the fragment, and logs nothing more
    poll = _client(cast.citizen).get(url, {"ma": payment.reference}, HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and "<html" not in poll.content.decode()
    assert PaymentEvent.objects.filter(payment=payment, kind=EventKind.RETURN).count() == 1
    assert _client(cast.stranger).get(url, {"ma": payment.reference}).status_code == 404


# --- the counter -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "amount", "reason", "message"),
    [
        ("online", OWED, "", "tiền mặt, thẻ hoặc chuyển khoản QR"),
        ("cash", 0, "", "số nguyên dương"),
        ("cash", -5, "", "số nguyên dương"),
        ("cash", OWED + 1, "khách đưa dư", "lớn hơn số còn phải nộp"),
        ("card", 50_000, "", "hãy ghi lý do"),
    ],
)
def test_counter_refusals(submitted, cast, method, amount, reason, message):  # noqa: F811
    with pytest.raises(services.PaymentError, match=message):
        services.record_counter_payment(submitted, method, amount, cast.reception, reason=reason)
    submitted.refresh_from_db()
    assert submitted.fees_paid == 0 and not Payment.objects.exists()


def test_counter_payment_counts_once_on_the_record(submitted, cast):  # noqa: F811
    part = services.record_counter_payment(
        submitted, Method.CASH, 50_000, cast.reception, reason="nộp trước một phần"
    )
    rest = services.record_counter_payment(submitted, Method.BANK_QR, 150_000, cast.reception)
    submitted.refresh_from_db()
    assert submitted.fees_paid == OWED
    assert {p.state for p in (part, rest)} == {PaymentState.PAID}
    assert PaymentEvent.objects.filter(kind=EventKind.COUNTER).count() == 2
    with pytest.raises(services.PaymentError, match="không còn khoản"):
        services.record_counter_payment(submitted, Method.CASH, 1, cast.reception, reason="x")
    with pytest.raises(AccessDenied):
        services.record_counter_payment(submitted, Method.CASH, 1, cast.specialist, reason="x")


def test_counter_form_and_the_panel_both_sides_see(submitted, cast):  # noqa: F811
    officer = _client(cast.reception)
    page = officer.get(f"/can-bo/ho-so/{submitted.code}/").content.decode()
    assert "Thu tại quầy" in page and "Còn phải nộp" in page
    url = f"/can-bo/ho-so/{submitted.code}/thu-phi/"
    refused = officer.post(url, {"method": "cash", "amount": "abc"}, follow=True)
    assert "Số tiền thu phải là số nguyên dương" in refused.content.decode()
    assert (
        _client(cast.specialist).post(url, {"method": "cash", "amount": "200000"}).status_code
        == 403
    )
    done = officer.post(url, {"method": "cash", "amount": "200.000"}, follow=True)
    assert "Đã ghi nhận khoản thu tại quầy" in done.content.decode()
    submitted.refresh_from_db()
    assert submitted.fees_paid == OWED
    mine = _client(cast.citizen).get(f"/ho-so-cua-toi/{submitted.code}/").content.decode()
    assert "đã thanh toán" in mine and "Thu tại bộ phận một cửa" in mine
    assert "/thanh-toan/" not in mine.split('id="phi-le-phi"')[1].split("</section>")[0]


def test_starting_again_cancels_the_open_attempt_and_a_double_payment_is_flagged(submitted):
    from tinhso.payments.gateways.base import Notification

    owed_dossier = submitted

    first = services.create_payment(owed_dossier, provider="vnpay")
    second = services.create_payment(owed_dossier, provider="vnpay")
    first.refresh_from_db()
    assert first.state == PaymentState.CANCELLED and second.state == PaymentState.CREATED
    for payment, txn in ((second, "T2"), (first, "T1")):  # the provider took both anyway
        services.record_notification(
            "vnpay",
            Notification(payment.reference, payment.amount, "VND", True, provider_transaction=txn),
            kind="callback",
        )
    first.refresh_from_db()
    owed_dossier.refresh_from_db()
    assert first.state == PaymentState.PAID and "Nộp thừa" in first.flagged
    assert owed_dossier.fees_paid == 2 * owed_dossier.fees_due
