"""Round trips with the national payment platform's simulator (/mo-phong/ntt/) through the
generic callback view /thanh-toan/dvcqg/ipn/: only a verified server-to-server callback or a
verified get-bill answer counts money, once."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tinhso.dossiers.models import Dossier
from tinhso.dossiers.tests.conftest import (  # noqa: F401  (fixtures)
    cast,
    new_dossier,
    procedures,
    received,
)
from tinhso.payments import services
from tinhso.payments.constants import EventKind, Outcome, PaymentState
from tinhso.payments.gateways import get_gateway
from tinhso.payments.gateways import national as protocol
from tinhso.payments.gateways.base import StartRequest
from tinhso.payments.models import Payment, PaymentEvent
from tinhso.simulators.payplatform.loopback import Loopback
from tinhso.simulators.payplatform.models import SimulatedPayment

IPN = "/thanh-toan/dvcqg/ipn/"


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> Loopback:
    loop = Loopback()
    monkeypatch.setattr("requests.post", loop.post)
    return loop


@pytest.fixture
def dossier(received: Dossier) -> Dossier:  # noqa: F811
    """The received LLTP dossier owes its 200.000 đồng phí."""
    assert received.fees_due == 200000 and received.fees_paid == 0
    return received


def start(dossier: Dossier) -> tuple[Payment, str]:
    payment = services.create_payment(dossier, provider="dvcqg")
    result = get_gateway("dvcqg").start(
        StartRequest(
            reference=payment.reference,
            amount=payment.amount,
            description=f"Nộp phí hồ sơ {dossier.code}",
            client_ip="203.0.113.7",
            return_url="http://127.0.0.1:8000/thanh-toan/ket-qua/",
            created_at=payment.created_at,
            expires_at=payment.expires_at or payment.created_at + timedelta(minutes=15),
        )
    )
    return payment, urlsplit(result.redirect_url).path


def payer(page: str, action: str = "pay", **controls: str) -> Any:
    return Client().post(page, {"action": action, **controls})


def answers(reference: str) -> list[dict[str, Any]]:
    sim = SimulatedPayment.objects.get(provider="dvcqg", reference=reference)
    return [c["answer"] for c in sim.callbacks]


def test_the_init_carries_the_receipt_data_and_a_verified_checksum(wire, dossier) -> None:
    payment, page = start(dossier)
    sim = SimulatedPayment.objects.get(reference=payment.reference)
    receipt = sim.request["ThongTinBienLai"]
    assert receipt["MaDichVu"] == 2 and receipt["MaHoSo"] == dossier.code
    assert receipt["MaTTHC"] == "1.001232"
    assert receipt["PhiLePhi"] == [
        {
            "LoaiPhiLePhi": "1",
            "MaPhiLePhi": receipt["PhiLePhi"][0]["MaPhiLePhi"],
            "TenPhiLePhi": "Phí cung cấp thông tin lý lịch tư pháp",
            "SoTien": 200000,
        }
    ]
    assert sim.request["MaNganHang"] == ""  # kept, empty, inside the signed text
    assert Client().get(page).status_code == 200


def test_paid_is_confirmed_once_and_the_browser_goes_back(wire, dossier) -> None:
    payment, page = start(dossier)
    response = payer(page)
    assert response.status_code == 302
    assert response["Location"].startswith("http://127.0.0.1:8000/thanh-toan/ket-qua/?")
    assert f"MaThamChieu={payment.reference}" in response["Location"]
    payment.refresh_from_db()
    assert payment.state == PaymentState.PAID and payment.confirmed_by == EventKind.CALLBACK
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 200000
    [said] = answers(payment.reference)
    assert said["MaLoi"] == "00"
    sim = SimulatedPayment.objects.get(reference=payment.reference)
    assert sim.callbacks[0]["verified"] is True  # our answer's MaXacThuc checked out
    assert (IPN, 200) in [(p, s) for p, _, s in wire.calls]


def test_paying_twice_answers_already_confirmed_and_counts_once(wire, dossier) -> None:
    payment, page = start(dossier)
    payer(page, twice="1")
    assert [a["MaLoi"] for a in answers(payment.reference)] == ["00", "02"]
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 200000
    outcomes = list(PaymentEvent.objects.filter(payment=payment).values_list("outcome", flat=True))
    assert outcomes == [Outcome.CONFIRMED, Outcome.ALREADY]


def test_a_wrong_amount_is_refused_and_flagged(wire, dossier) -> None:
    payment, page = start(dossier)
    payer(page, wrong_amount="1")
    assert [a["MaLoi"] for a in answers(payment.reference)] == ["03"]
    payment.refresh_from_db()
    assert payment.state != PaymentState.PAID
    assert "201,000" in payment.flagged
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 0


def test_cancel_is_recorded_as_not_paid(wire, dossier) -> None:
    payment, page = start(dossier)
    payer(page, "cancel")
    assert [a["MaLoi"] for a in answers(payment.reference)] == ["00"]
    payment.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 0


def test_a_bad_checksum_is_refused_and_logged(wire, dossier) -> None:
    payment, page = start(dossier)
    payer(page, late="1")  # paid, nothing sent: we forge the callback ourselves
    sim = SimulatedPayment.objects.get(reference=payment.reference)
    from tinhso.simulators.payplatform.views import confirm_message

    forged = {**confirm_message(sim, sim.amount), "MaXacThuc": "0" * 64}
    response = Client().post(IPN, json.dumps(forged), content_type="application/json")
    assert response.json()["MaLoi"] == "04"
    assert response.json()["MaThamChieu"] == payment.reference
    event = PaymentEvent.objects.get(outcome=Outcome.BAD_SIGNATURE)
    assert payment.reference in event.raw["body"] and not event.verified
    payment.refresh_from_db()
    assert payment.state == PaymentState.CREATED
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 0


def test_an_unknown_reference_is_answered_in_the_protocol(wire, settings, db) -> None:
    message = {
        "LoaiBanTin": "XacNhan",
        "MaLoi": "00",
        "MaDoiTac": settings.DVCQG_PAY_PARTNER_CODE,
        "MaThamChieu": "TSKHONGCO",
        "SoTien": "1000",
        "MaTienTe": "VND",
        "MaGiaoDich": "1",
        "MaNganHang": "NCB",
        "ThoiGianGD": "20260701120000",
        "ThongTinGiaoDich": "",
    }
    message["MaXacThuc"] = protocol.confirm_mac(settings.DVCQG_PAY_HASH_KEY, message)
    response = Client().post(IPN, json.dumps(message), content_type="application/json")
    assert response.json()["MaLoi"] == "01"
    assert PaymentEvent.objects.get().outcome == Outcome.UNKNOWN


def test_the_query_confirms_a_payment_whose_callback_never_came(wire, dossier) -> None:
    payment, page = start(dossier)
    payer(page, late="1")
    assert answers(payment.reference) == []
    n = get_gateway("dvcqg").query(payment.reference, payment.created_at, "203.0.113.7")
    assert n.paid and n.amount == 200000
    assert (
        services.record_notification("dvcqg", n, kind=EventKind.QUERY).outcome == Outcome.CONFIRMED
    )
    payment.refresh_from_db()
    assert payment.confirmed_by == EventKind.QUERY
    # the late callback then changes nothing
    Client().post(f"/mo-phong/ntt/thong-bao/{payment.reference}/")
    assert [a["MaLoi"] for a in answers(payment.reference)] == ["02"]
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 200000


def test_a_late_callback_after_the_timeout_reconciles(wire, dossier) -> None:
    payment, page = start(dossier)
    payer(page, late="1")
    Payment.objects.filter(pk=payment.pk).update(state=PaymentState.EXPIRED)
    Client().post(f"/mo-phong/ntt/thong-bao/{payment.reference}/")
    assert [a["MaLoi"] for a in answers(payment.reference)] == ["00"]
    payment.refresh_from_db()
    assert payment.state == PaymentState.PAID


def test_the_simulator_refuses_our_bad_checksums(wire, dossier, settings) -> None:
    payment, _ = start(dossier)
    gateway = protocol.NationalPlatformGateway.from_settings()
    bill = {**gateway.get_bill_message(payment.reference, payment.created_at), "MaXacThuc": "x"}
    response = Client().post(
        "/mo-phong/ntt/tra-cuu", json.dumps(bill), content_type="application/json"
    )
    assert response.json()["MaLoi"] == "04"
    init = json.loads(json.dumps(SimulatedPayment.objects.get(reference=payment.reference).request))
    init.update(MaThamChieu="TSKHAC1", SoTien="1")  # the old MaXacThuc no longer fits
    response = Client().post(
        "/mo-phong/ntt/khoi-tao", json.dumps(init), content_type="application/json"
    )
    assert (response.status_code, response.json()["MaLoi"]) == (400, "04")
    assert not SimulatedPayment.objects.filter(reference="TSKHAC1").exists()


def test_the_simulator_pages_answer(wire, dossier) -> None:
    payment, page = start(dossier)
    payer(page)
    index = Client().get("/mo-phong/ntt/")
    assert index.status_code == 200 and payment.reference in index.content.decode()
    assert Client().get("/mo-phong/ntt/thanh-toan/KHONGCO/").status_code == 404
    assert payer(page).status_code == 409  # finished: the buttons do nothing more
