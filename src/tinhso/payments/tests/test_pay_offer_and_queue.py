"""Where the citizen is offered the payment and where the officer sees it (issue 16 item 3):
the "Thanh toán lệ phí" step on the online submission's confirmation page, and the fee's state
on each row of the one-stop officer's queue (one query for the page, however long)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tinhso.catalogue.constants import FeeDueAt
from tinhso.catalogue.models import ProcedureVersion
from tinhso.dossiers import services as dossier_services
from tinhso.dossiers.constants import Channel
from tinhso.dossiers.fee_settlement import fees_collected
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures  # noqa: F401
from tinhso.payments import services
from tinhso.payments.constants import Provider

pytestmark = pytest.mark.django_db
OWED = 200_000
QUEUE = "cho-tiep-nhan"


@pytest.fixture
def file_online(new_dossier, cast):  # noqa: F811
    """Online dossiers waiting for reception at Sở Tư pháp, `fee` due before reception."""

    def make(fee: int = OWED) -> Dossier:
        d = dossier_services.dossier_create(new_dossier(channel=Channel.ONLINE), actor=cast.citizen)
        Dossier.objects.filter(pk=d.pk).update(fees_due=fee, fees_paid=0)
        ProcedureVersion.objects.filter(pk=d.procedure_version_id).update(
            fee_due_at=FeeDueAt.BEFORE_RECEPTION
        )
        d.refresh_from_db()
        return d

    return make


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _done(cast, dossier) -> str:  # noqa: F811
    response = _client(cast.citizen).get(reverse("submission:done", args=[dossier.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_confirmation_page_offers_the_payment(file_online, cast):  # noqa: F811
    page = _done(cast, file_online())
    assert 'aria-current="step">Thanh toán lệ phí' in page
    assert "Còn phải nộp: 200.000 đồng" in page
    assert "hồ sơ chỉ được tiếp nhận khi đơn vị thanh toán đã xác nhận" in page
    assert 'name="provider" value="vnpay"' in page and "Thanh toán 200.000 đồng" in page


def test_the_offer_posts_to_the_pay_page_which_sends_to_the_provider(file_online, cast):  # noqa: F811
    dossier = file_online()
    action = reverse("payments:pay", args=[dossier.code])
    assert f'action="{action}"' in _done(cast, dossier)
    response = _client(cast.citizen).post(action, {"provider": Provider.VNPAY})
    assert response.status_code == 302 and "vnp_TxnRef=" in response["Location"]


def test_once_paid_or_without_a_fee_nothing_is_offered(file_online, cast):  # noqa: F811
    paid = file_online()
    fees_collected(paid.pk, OWED, source="thử")
    page = _done(cast, paid)
    assert "Đã thanh toán" in page and 'name="provider"' not in page
    assert "Thanh toán lệ phí</li>" not in page  # the step is done, not shown as current
    free = _done(cast, file_online(fee=0))
    assert "Thanh toán lệ phí" not in free and 'name="provider"' not in free


def _queue(user) -> str:
    response = _client(user).get(reverse("dossiers:office_queue", args=[QUEUE]))
    assert response.status_code == 200
    return response.content.decode()


def _row(page: str, code: str) -> str:
    start = page.index(f">{code}</a>")
    return page[start : page.index("</tr>", start)]


def test_each_queue_row_says_where_the_fee_stands(file_online, cast):  # noqa: F811
    paid, waiting, owed, free = file_online(), file_online(), file_online(), file_online(fee=0)
    fees_collected(paid.pk, OWED, source="thử")
    services.create_payment(waiting, provider=Provider.VNPAY, actor=cast.citizen)
    page = _queue(cast.reception)
    assert "Đã thanh toán phí" in _row(page, paid.code)
    assert "Chờ xác nhận thanh toán" in _row(page, waiting.code)
    assert "Chưa nộp phí" in _row(page, owed.code)
    assert "fee-" not in _row(page, free.code)


def test_the_queue_reads_payments_once_for_the_whole_page(file_online, cast):  # noqa: F811
    def queries() -> int:
        client = _client(cast.reception)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("dossiers:office_queue", args=[QUEUE]))
        return sum('"payments_payment"' in q["sql"] for q in captured.captured_queries)

    for _ in range(2):
        services.create_payment(file_online(), provider=Provider.VNPAY, actor=cast.citizen)
    few = queries()
    for _ in range(10):
        services.create_payment(file_online(), provider=Provider.VNPAY, actor=cast.citizen)
    assert few == queries() == 1
    assert _queue(cast.reception).count("Chờ xác nhận thanh toán") == 12
