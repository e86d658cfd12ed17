"""The provincial LGSP adapter against the local simulator (same store as the axis)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tinhso.exchange.transport.base import InboxState, Misaddressed, Refused, Unreachable
from tinhso.exchange.transport.lgsp import LgspTransport
from tinhso.simulators.axis.models import AxisMessage, AxisToken

from .conftest import ORGAN_A, ORGAN_B, SECRET_A, edxml, lgsp, message, vdxp

pytestmark = pytest.mark.django_db(transaction=True)


def test_send_over_lgsp_arrives_and_round_trips_byte_equal(axis_url):
    a, b = lgsp(axis_url, "a"), lgsp(axis_url, "b")
    body = edxml("Giấy mời họp — Sở Tư pháp")
    assert a.send(message(body=body)).remote_id
    (item,) = b.pending()
    assert (item.from_organ_id, item.to_organ_id) == (ORGAN_A, ORGAN_B)
    assert a.pending() == []
    assert b.fetch(item.remote_id) == body
    b.acknowledge(item.remote_id, InboxState.DONE)
    assert b.pending() == []


def test_lgsp_and_the_axis_share_one_store(axis_url):
    lgsp(axis_url, "a").send(message())
    (item,) = vdxp(axis_url, "b").pending()
    assert item.from_organ_id == ORGAN_A


def test_the_token_is_reused_until_it_expires_then_we_log_in_again(axis_url):
    a = lgsp(axis_url, "a")
    a.pending()
    a.pending()
    assert a.logins == 1
    AxisToken.objects.update(expires_at=timezone.now())  # the platform let it run out early
    assert a.pending() == []
    assert a.logins == 2


def test_the_token_is_renewed_before_its_lifetime_ends(axis_url):
    now = [1000.0]
    a = LgspTransport(
        url=f"{axis_url}/lgsp/api/lgspedoc",
        username="he-thong-a",
        password=SECRET_A,
        application_code="TINHSO",
        clock=lambda: now[0],
    )
    a.pending()
    now[0] += 29 * 60 + 1  # 30-minute token, renewed a minute early
    a.pending()
    assert a.logins == 2


def test_a_duplicate_send_is_stored_once(axis_url):
    a = lgsp(axis_url, "a")
    sent = message()
    assert a.send(sent) == a.send(sent)
    assert AxisMessage.objects.count() == 1


def test_misaddressed_names_the_organ(axis_url):
    with pytest.raises(Misaddressed, match=r"999\.99\.99\.H99"):
        lgsp(axis_url, "a").send(message(to=("999.99.99.H99",)))


def test_a_wrong_password_is_refused(axis_url):
    with pytest.raises(Refused):
        lgsp(axis_url, "a", password="mat-khau-sai").pending()


def test_a_system_cannot_fetch_another_systems_document(axis_url):
    lgsp(axis_url, "a").send(message())
    (item,) = lgsp(axis_url, "b").pending()
    with pytest.raises(Refused):
        lgsp(axis_url, "a").fetch(item.remote_id)


def test_lgsp_down_is_unreachable(closed_port_url):
    transport = LgspTransport(
        url=closed_port_url, username="a", password=SECRET_A, application_code="TINHSO"
    )
    with pytest.raises(Unreachable) as caught:
        transport.pending()
    assert SECRET_A not in str(caught.value) + repr(transport)


def test_the_directory_over_lgsp(axis_url):
    entries = {e.organ_id: e.name for e in lgsp(axis_url, "a").directory()}
    assert entries["000.00.00.H53"] == "Ủy ban nhân dân tỉnh Tây Ninh"
