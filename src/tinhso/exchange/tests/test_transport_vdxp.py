"""The national-axis adapter against the local axis simulator, over HTTP."""

from __future__ import annotations

import logging

import pytest

from tinhso.exchange.transport.base import InboxState, Misaddressed, Refused, Unreachable
from tinhso.exchange.transport.vdxp import VdxpTransport
from tinhso.simulators.axis.models import AxisInboxItem, AxisMessage

from .conftest import ORGAN_A, ORGAN_B, ORGAN_B2, SECRET_A, edxml, message, vdxp

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_message_reaches_the_addressee_system_and_not_the_sender(axis_url):
    a, b = vdxp(axis_url, "a"), vdxp(axis_url, "b")
    sent = message(to=(ORGAN_B,))
    receipt = a.send(sent)
    assert receipt.remote_id

    waiting = b.pending()
    assert [(i.from_organ_id, i.to_organ_id, i.message_type) for i in waiting] == [
        (ORGAN_A, ORGAN_B, "edoc")
    ]
    assert a.pending() == []


def test_fetch_gives_the_bytes_sent_and_acknowledge_empties_the_inbox(axis_url):
    a, b = vdxp(axis_url, "a"), vdxp(axis_url, "b")
    body = edxml("Về việc phối hợp — đính kèm ảnh ") + bytes(range(256))
    a.send(message(body=body))
    (item,) = b.pending()

    assert b.fetch(item.remote_id) == body
    b.acknowledge(item.remote_id, InboxState.DONE)
    assert b.pending() == []
    assert AxisInboxItem.objects.get(doc_id=item.remote_id).status == InboxState.DONE


def test_one_message_to_two_organs_of_one_system_is_two_inbox_items(axis_url):
    vdxp(axis_url, "a").send(message(to=(ORGAN_B, ORGAN_B2)))
    assert sorted(i.to_organ_id for i in vdxp(axis_url, "b").pending()) == [ORGAN_B2, ORGAN_B]


def test_the_same_message_sent_twice_is_stored_once(axis_url):
    a = vdxp(axis_url, "a")
    sent = message()
    first, second = a.send(sent), a.send(sent)
    assert first == second
    assert AxisMessage.objects.count() == 1
    assert len(vdxp(axis_url, "b").pending()) == 1


def test_a_message_id_reused_for_other_content_is_refused(axis_url):
    a = vdxp(axis_url, "a")
    sent = message()
    a.send(sent)
    with pytest.raises(Refused):
        a.send(message(message_id=sent.message_id, body=edxml("Khác")))


def test_an_unknown_addressee_is_misaddressed_and_named(axis_url):
    with pytest.raises(Misaddressed) as caught:
        vdxp(axis_url, "a").send(message(to=(ORGAN_B, "999.99.99.H99")))
    assert "999.99.99.H99" in str(caught.value)
    assert caught.value.permanent
    assert AxisMessage.objects.count() == 0  # nothing half-delivered


def test_a_wrong_secret_is_refused(axis_url):
    with pytest.raises(Refused) as caught:
        vdxp(axis_url, "a", secret="khoa-sai").pending()
    assert not isinstance(caught.value, Misaddressed)


def test_sending_for_an_organ_the_system_does_not_serve_is_refused(axis_url):
    with pytest.raises(Refused):
        vdxp(axis_url, "b").send(message(from_organ_id=ORGAN_A, to=(ORGAN_B,)))


def test_a_system_cannot_read_or_close_another_systems_inbox(axis_url):
    a, b = vdxp(axis_url, "a"), vdxp(axis_url, "b")
    a.send(message(to=(ORGAN_B,)))
    (item,) = b.pending()
    with pytest.raises(Refused):
        a.fetch(item.remote_id)
    with pytest.raises(Refused):
        a.acknowledge(item.remote_id, InboxState.DONE)
    assert [i.remote_id for i in b.pending()] == [item.remote_id]


def test_a_server_that_is_down_is_unreachable(closed_port_url, caplog):
    transport = VdxpTransport(url=closed_port_url, system_id="he-thong-a", secret=SECRET_A)
    with caplog.at_level(logging.DEBUG), pytest.raises(Unreachable) as caught:
        transport.send(message())
    assert not caught.value.permanent
    assert SECRET_A not in caplog.text + str(caught.value) + repr(transport)


def test_the_directory_lists_the_seeded_organisations(axis_url):
    entries = {e.organ_id: e for e in vdxp(axis_url, "a").directory()}
    assert entries["000.00.02.H53"].name == "Sở Tư pháp tỉnh Tây Ninh"
    assert entries["000.00.02.H53"].parent_id == "000.00.00.H53"
    assert "000.00.00.G22" in entries
    assert len(entries) > 50
