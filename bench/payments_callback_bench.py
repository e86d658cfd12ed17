#!/usr/bin/env python3
"""VNPay IPN benchmark (issue 16, must-have 7): callbacks handled per second through the IPN
view with verification (HMAC-SHA512, the row lock, the audit record), and 16 concurrent
duplicates of the same callback → exactly one confirmation, fees_paid increased once.

Runs against a throw-away test database on whatever DATABASE_URL points at; the concurrent
part needs PostgreSQL (SQLite serialises writers and may refuse them):

    .venv/bin/python bench/payments_callback_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test_vnpay \
        .venv/bin/python bench/payments_callback_bench.py
"""

import logging
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tinhso.payments import services  # noqa: E402
from tinhso.payments.constants import Outcome, PaymentState  # noqa: E402
from tinhso.payments.gateways.vnpay import sign  # noqa: E402
from tinhso.payments.models import Payment, PaymentEvent  # noqa: E402

SEQUENTIAL = 300  # distinct payments, each confirmed by its own IPN
DUPLICATES = 16
ROUNDS = 5  # the concurrent duplicate test is repeated on fresh payments
FEE = 200_000
IPN = "/thanh-toan/vnpay/ipn/"


def world() -> tuple[Any, Any]:
    """One agency and one procedure with a fee, through the catalogue's import."""
    from tinhso.catalogue.selectors import version_in_force
    from tinhso.catalogue.services import catalogue_import, field_upsert
    from tinhso.organisation import services as org

    root, _ = org.unit_upsert(code="80", name="Tỉnh Tây Ninh", level="province")
    agency, _ = org.agency_upsert(code="000.00.12.H53", name="Sở Tư pháp", kind="so", unit=root)
    field_upsert(code="LLTP", name="Lý lịch tư pháp")
    record = {
        "code": "1.001232",
        "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "field": "LLTP",
        "level": "tinh",
        "agencies": ["000.00.12.H53"],
        "online_level": "toan_trinh",
        "time_limit": {"working_days": 10},
        "fees": [{"kind": "phi", "name": "Phí lý lịch tư pháp", "amount": FEE, "exemption": ""}],
        "components": [
            {
                "name": "Tờ khai",
                "originals": 1,
                "copies": 0,
                "required": True,
                "file_types": ["pdf"],
                "template": "",
                "note": "",
            }
        ],
        "result": "Phiếu lý lịch tư pháp",
        "delivery": ["counter", "postal"],
        "legal_basis": ["Luật Lý lịch tư pháp 2009"],
        "effective_from": "2025-07-01",
    }
    report = catalogue_import([("bench", record)])
    assert report.rejected == [], report.rejected
    return agency, version_in_force("1.001232", timezone.localdate())


def new_payment(agency: Any, version: Any, n: int) -> Payment:
    from tinhso.dossiers.models import Dossier

    dossier = Dossier.objects.create(
        code=f"BENCH-{n:06d}",
        procedure_version=version,
        receiving_agency=agency,
        competent_agency=agency,
        channel="online",
        applicant_name="Nguyễn Thị Ánh",
        submitted_at=timezone.now(),
        fees_due=FEE,
    )
    return services.create_payment(dossier, provider="vnpay")


def ipn_params(payment: Payment) -> dict[str, str]:
    fields = {
        "vnp_Amount": str(payment.amount * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{payment.pk}",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Nop phi ly lich tu phap",
        "vnp_PayDate": "20260302083500",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": settings.VNPAY_TMN_CODE,
        "vnp_TransactionNo": str(14_000_000 + payment.pk),
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": payment.reference,
    }
    return {**fields, "vnp_SecureHash": sign(settings.VNPAY_HASH_SECRET, fields)}


def call(params: dict[str, str]) -> str:
    try:
        return str(Client().get(IPN, params).json()["RspCode"])
    finally:
        connections.close_all()  # each thread's own connection


def sequential(agency: Any, version: Any) -> None:
    payments = [new_payment(agency, version, n) for n in range(SEQUENTIAL)]
    params = [ipn_params(p) for p in payments]
    client = Client()
    started = time.perf_counter()
    codes = [client.get(IPN, p).json()["RspCode"] for p in params]
    elapsed = time.perf_counter() - started
    assert codes == ["00"] * SEQUENTIAL, set(codes)
    print(
        f"confirming IPNs, one after another: {SEQUENTIAL / elapsed:,.0f} per second "
        f"({elapsed / SEQUENTIAL * 1000:.1f} ms each)"
    )
    started = time.perf_counter()
    codes = [client.get(IPN, p).json()["RspCode"] for p in params]
    elapsed = time.perf_counter() - started
    assert codes == ["02"] * SEQUENTIAL, set(codes)
    print(f"replayed IPNs (answered 02):         {SEQUENTIAL / elapsed:,.0f} per second")
    forged = [{**p, "vnp_Amount": "100"} for p in params[:100]]
    started = time.perf_counter()
    codes = [client.get(IPN, p).json()["RspCode"] for p in forged]
    elapsed = time.perf_counter() - started
    assert codes == ["97"] * len(forged), set(codes)
    print(f"forged IPNs (answered 97, logged):    {len(forged) / elapsed:,.0f} per second")


def concurrent(agency: Any, version: Any) -> None:
    from tinhso.dossiers.models import Dossier

    for round_no in range(ROUNDS):
        payment = new_payment(agency, version, 100_000 + round_no)
        params = ipn_params(payment)
        barrier = threading.Barrier(DUPLICATES)

        def one(
            _: int, params: dict[str, str] = params, barrier: threading.Barrier = barrier
        ) -> str:
            barrier.wait()
            return call(params)

        started = time.perf_counter()
        with ThreadPoolExecutor(DUPLICATES) as pool:
            codes = sorted(pool.map(one, range(DUPLICATES)))
        elapsed = time.perf_counter() - started
        payment.refresh_from_db()
        dossier = Dossier.objects.get(pk=payment.dossier_id)
        confirmed = PaymentEvent.objects.filter(payment=payment, outcome=Outcome.CONFIRMED).count()
        ok = (
            codes == ["00"] + ["02"] * (DUPLICATES - 1)
            and confirmed == 1
            and dossier.fees_paid == FEE
            and payment.state == PaymentState.PAID
        )
        print(
            f"round {round_no + 1}: {DUPLICATES} concurrent duplicates → answers "
            f"{codes.count('00')}×00 {codes.count('02')}×02 "
            f"{DUPLICATES - codes.count('00') - codes.count('02')}×other; "
            f"confirmations {confirmed}; fees_paid {dossier.fees_paid:,} "
            f"({elapsed * 1000:.0f} ms) {'OK' if ok else 'FAILED'}"
        )
        assert ok


def main() -> None:
    logging.getLogger("tinhso.payments.views_callbacks").setLevel(logging.ERROR)  # the forgeries
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}")
        agency, version = world()
        sequential(agency, version)
        if connection.vendor == "postgresql":
            concurrent(agency, version)
        else:
            print("concurrent duplicates: skipped (needs PostgreSQL: set DATABASE_URL)")
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
